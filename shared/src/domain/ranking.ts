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
  /**
   * What placed it among the ideas with the same votes: `voters` when at least one of them had a
   * different number of supporters; `order` when all of them had the same supporters too, so it
   * shares its rank (and is only listed by earlier submission); null when no other idea has its
   * votes.
   */
  tieBreak: 'voters' | 'order' | null;
}

/**
 * Ranks ideas by votes. Ties are broken by the number of distinct voters (broad support beats
 * concentrated dots); ideas still tied on votes and voters share a rank (standard competition
 * ranking: 1, 2, 2, 4) and are listed in order of submission (earlier first) — never by chance,
 * so every screen and every export shows the same order.
 */
export function rankIdeas(tallies: readonly IdeaTally[]): RankedIdea[] {
  const sorted = [...tallies].sort(
    (a, b) => b.votes - a.votes || b.voters - a.voters || a.seq - b.seq,
  );
  // Per vote count, how many distinct supporter counts it holds: more than one means supporters
  // decided between some of those ideas.
  const supporterCounts = new Map<number, Set<number>>();
  const sameVotes = new Map<number, number>();
  for (const t of sorted) {
    const set = supporterCounts.get(t.votes) ?? new Set<number>();
    set.add(t.voters);
    supporterCounts.set(t.votes, set);
    sameVotes.set(t.votes, (sameVotes.get(t.votes) ?? 0) + 1);
  }
  const out: RankedIdea[] = [];
  sorted.forEach((t, i) => {
    const prev = sorted[i - 1];
    const prevRanked = out[i - 1];
    const rank =
      prev && prevRanked && prev.votes === t.votes && prev.voters === t.voters
        ? prevRanked.rank
        : i + 1;
    const tieBreak =
      (sameVotes.get(t.votes) ?? 0) < 2
        ? null
        : (supporterCounts.get(t.votes)?.size ?? 0) > 1
          ? 'voters'
          : 'order';
    out.push({ ...t, rank, tieBreak });
  });
  return out;
}

/** What a results screen says about one idea's place, from the published ranking alone. */
export interface RankReason {
  /** Other ideas sharing its rank (same votes and same supporters). */
  tiedWith: number;
  /** Ideas with the same votes that it is ahead of because it had more supporters. */
  aheadOnSupporters: number;
  /** Ideas with the same votes that are ahead of it because they had more supporters. */
  behindOnSupporters: number;
}

/**
 * Explains every rank from the ranking itself: it reads only votes, supporters and ranks, so it
 * also explains results published before `tieBreak` took its present meaning. Linear in the
 * number of ideas (a results screen may hold thousands).
 */
export function explainRanks(ranking: readonly RankedIdea[]): Map<string, RankReason> {
  // Per vote count: how many ideas have each supporter count.
  const groups = new Map<number, Map<number, number>>();
  for (const r of ranking) {
    const g = groups.get(r.votes) ?? new Map<number, number>();
    g.set(r.voters, (g.get(r.voters) ?? 0) + 1);
    groups.set(r.votes, g);
  }
  const out = new Map<string, RankReason>();
  for (const r of ranking) {
    const reason = { tiedWith: 0, aheadOnSupporters: 0, behindOnSupporters: 0 };
    for (const [voters, n] of groups.get(r.votes) ?? []) {
      if (voters === r.voters) reason.tiedWith += n - 1;
      else if (voters < r.voters) reason.aheadOnSupporters += n;
      else reason.behindOnSupporters += n;
    }
    out.set(r.ideaId, reason);
  }
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
