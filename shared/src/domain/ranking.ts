/** An idea's result in one round. */
export interface IdeaTally {
  ideaId: string;
  votes: number;
  /** How many different participants put at least one dot on it. */
  voters: number;
  /** Order of arrival; the last tie-breaker. */
  seq: number;
}

export interface RankedIdea extends IdeaTally {
  rank: number;
  /** Set when the idea shares its vote count with another: how its place was decided. */
  tieBreak: 'voters' | 'order' | null;
}

/**
 * Ranks ideas by votes. Ties are broken by the number of distinct voters (broad support beats
 * concentrated dots), then by order of submission (earlier first) — never by chance, so every
 * screen and every export shows the same order. Ideas still tied on votes and voters share a
 * rank (standard competition ranking: 1, 2, 2, 4).
 */
export function rankIdeas(tallies: readonly IdeaTally[]): RankedIdea[] {
  const sorted = [...tallies].sort(
    (a, b) => b.votes - a.votes || b.voters - a.voters || a.seq - b.seq,
  );
  const out: RankedIdea[] = [];
  sorted.forEach((t, i) => {
    const prev = sorted[i - 1];
    const next = sorted[i + 1];
    const sameVotes = (o: IdeaTally | undefined) => o !== undefined && o.votes === t.votes;
    const sameVoters = (o: IdeaTally | undefined) => sameVotes(o) && o?.voters === t.voters;
    const tieBreak =
      sameVoters(prev) || sameVoters(next)
        ? 'order'
        : sameVotes(prev) || sameVotes(next)
          ? 'voters'
          : null;
    const prevRanked = out[i - 1];
    const rank =
      prev && prevRanked && prev.votes === t.votes && prev.voters === t.voters
        ? prevRanked.rank
        : i + 1;
    out.push({ ...t, rank, tieBreak });
  });
  return out;
}

export interface ClusterScore {
  clusterId: string;
  votes: number;
  ideas: number;
  rank: number;
}

/**
 * A cluster's score is the sum of its ideas' votes; ties go to the cluster with more ideas, then
 * to the cluster whose id sorts first (stable, if arbitrary). Clusters with equal votes share a
 * rank.
 */
export function rankClusters(
  tallies: readonly IdeaTally[],
  clusterOf: (ideaId: string) => string | null,
): ClusterScore[] {
  const by = new Map<string, { votes: number; ideas: number }>();
  for (const t of tallies) {
    const c = clusterOf(t.ideaId);
    if (!c) continue;
    const s = by.get(c) ?? { votes: 0, ideas: 0 };
    s.votes += t.votes;
    s.ideas += 1;
    by.set(c, s);
  }
  const sorted = [...by.entries()]
    .map(([clusterId, s]) => ({ clusterId, ...s }))
    .sort(
      (a, b) => b.votes - a.votes || b.ideas - a.ideas || a.clusterId.localeCompare(b.clusterId),
    );
  const ranks: number[] = [];
  return sorted.map((c, i) => {
    const prev = sorted[i - 1];
    const rank = prev && prev.votes === c.votes ? (ranks[i - 1] ?? i + 1) : i + 1;
    ranks.push(rank);
    return { ...c, rank };
  });
}
