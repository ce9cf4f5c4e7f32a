import type { SupportWord } from './labels.ts';
import type { BriefIdea, BriefQuestion, BriefRound } from './snapshot.ts';

/**
 * Support in words. A brief says "received the strongest support" or "several participants",
 * never "7 votes": numbers belong in the annex. Levels are derived from vote shares of the
 * question's latest closed round (the room's final word), falling back to earlier rounds for
 * ideas that were not on its ballot.
 */

export type IdeaLevel =
  | 'strongest'
  | 'jointStrongest'
  | 'majority'
  | 'several'
  | 'some'
  | 'none'
  | 'notVoted';

export type ThemeLevel =
  | 'strongest'
  | 'jointStrongest'
  | 'substantial'
  | 'moderate'
  | 'limited'
  | 'none'
  | 'notVoted';

export interface IdeaSupport {
  ideaId: string;
  /** The round this support comes from (0: never on a ballot). */
  round: number;
  votes: number;
  /** Distinct participants who put a dot on it. */
  voters: number;
  /** voters / participants who voted in that round. */
  share: number;
  level: IdeaLevel;
}

export interface ThemeSupport {
  clusterId: string;
  /** Dots on the theme's ideas in the deciding round. */
  votes: number;
  /** votes / all dots of the deciding round. */
  share: number;
  ideas: number;
  level: ThemeLevel;
}

export interface QuestionSupport {
  /** Whether any round of this question closed with results. */
  voted: boolean;
  /** Visible ideas, best supported first (order of arrival when there was no vote). */
  ranking: IdeaSupport[];
  byIdea: Map<string, IdeaSupport>;
  /** Clusters, best supported first; every cluster of the question is listed. */
  themes: ThemeSupport[];
  /** The top of the vote was close: two themes (or ideas) with about the same support. */
  divided: { kind: 'themes' | 'ideas'; ids: [string, string] } | null;
}

const visible = (q: BriefQuestion) => q.ideas.filter((i) => i.status === 'visible');

const resultIndex = new WeakMap<BriefRound, Map<string, BriefRound['results'][number]>>();

/**
 * An idea's result in a round, through an index built once per round: a search of the results
 * for every idea was quadratic (3,000 ideas on one question, 9 million comparisons a round).
 */
export function roundResult(
  round: BriefRound,
  ideaId: string,
): BriefRound['results'][number] | undefined {
  let index = resultIndex.get(round);
  if (!index) {
    index = new Map(round.results.map((r) => [r.ideaId, r]));
    resultIndex.set(round, index);
  }
  return index.get(ideaId);
}

export function questionSupport(q: BriefQuestion): QuestionSupport {
  const ideas = visible(q);
  const rounds = [...q.rounds].sort((a, b) => a.number - b.number);
  const deciding = rounds[rounds.length - 1];
  const seq = new Map(ideas.map((i) => [i.id, i.seq]));

  const byIdea = new Map<string, IdeaSupport>();
  for (const idea of ideas) {
    let found: IdeaSupport | null = null;
    for (let r = rounds.length - 1; r >= 0 && !found; r--) {
      const round = rounds[r];
      const res = round ? roundResult(round, idea.id) : undefined;
      if (round && res) {
        found = {
          ideaId: idea.id,
          round: round.number,
          votes: res.votes,
          voters: res.voters,
          share: round.voters > 0 ? res.voters / round.voters : 0,
          level: 'none',
        };
      }
    }
    byIdea.set(
      idea.id,
      found ?? { ideaId: idea.id, round: 0, votes: 0, voters: 0, share: 0, level: 'notVoted' },
    );
  }
  const ranking = [...byIdea.values()].sort(
    (a, b) =>
      b.round - a.round ||
      b.votes - a.votes ||
      b.voters - a.voters ||
      (seq.get(a.ideaId) ?? 0) - (seq.get(b.ideaId) ?? 0),
  );

  // Levels: the top of the deciding round first, then shares of participants.
  const top = deciding ? ranking.filter((s) => s.round === deciding.number) : [];
  const maxVotes = top[0]?.votes ?? 0;
  const atTop = top.filter((s) => s.votes === maxVotes && maxVotes > 0);
  for (const s of ranking) {
    if (s.round === 0) continue;
    if (maxVotes > 0 && s.round === deciding?.number && s.votes === maxVotes) {
      s.level = atTop.length > 1 ? 'jointStrongest' : 'strongest';
    } else if (s.votes === 0) s.level = 'none';
    else if (s.share >= 0.5) s.level = 'majority';
    else if (s.voters >= 3) s.level = 'several';
    else s.level = 'some';
  }

  // Themes: dots of the deciding round; earlier rounds break ties (latest first).
  const clusterIdeas = new Map<string, BriefIdea[]>();
  for (const c of q.clusters) clusterIdeas.set(c.id, []);
  for (const i of ideas) if (i.clusterId) clusterIdeas.get(i.clusterId)?.push(i);
  const votesIn = (roundIdx: number, members: BriefIdea[]) => {
    const round = rounds[roundIdx];
    if (!round) return 0;
    let n = 0;
    for (const m of members) n += roundResult(round, m.id)?.votes ?? 0;
    return n;
  };
  const totalDeciding = deciding ? deciding.results.reduce((n, r) => n + r.votes, 0) : 0;
  const position = new Map(q.clusters.map((c) => [c.id, c.position]));
  const themes = [...clusterIdeas.entries()]
    .map(([clusterId, members]) => ({
      clusterId,
      members,
      scores: rounds.map((_, k) => votesIn(rounds.length - 1 - k, members)),
    }))
    .sort((a, b) => {
      for (let k = 0; k < a.scores.length; k++) {
        const d = (b.scores[k] ?? 0) - (a.scores[k] ?? 0);
        if (d !== 0) return d;
      }
      return (
        b.members.length - a.members.length ||
        (position.get(a.clusterId) ?? 0) - (position.get(b.clusterId) ?? 0)
      );
    })
    .map(({ clusterId, members, scores }): ThemeSupport => {
      const votes = scores[0] ?? 0;
      return {
        clusterId,
        votes,
        share: totalDeciding > 0 ? votes / totalDeciding : 0,
        ideas: members.length,
        level: deciding ? 'none' : 'notVoted',
      };
    })
    .filter((t) => t.ideas > 0);
  const maxTheme = themes[0]?.votes ?? 0;
  const themesAtTop = themes.filter((t) => t.votes === maxTheme && maxTheme > 0).length;
  for (const t of themes) {
    if (!deciding) continue;
    if (maxTheme > 0 && t.votes === maxTheme) {
      t.level = themesAtTop > 1 ? 'jointStrongest' : 'strongest';
    } else if (t.votes === 0) t.level = 'none';
    else if (t.share >= 0.25) t.level = 'substantial';
    else if (t.share >= 0.1) t.level = 'moderate';
    else t.level = 'limited';
  }

  let divided: QuestionSupport['divided'] = null;
  const [t1, t2] = themes;
  if (t1 && t2 && t1.votes > 0 && t2.votes >= 0.85 * t1.votes && t2.share >= 0.2) {
    divided = { kind: 'themes', ids: [t1.clusterId, t2.clusterId] };
  } else if (atTop.length === 2 && atTop[0] && atTop[1]) {
    divided = { kind: 'ideas', ids: [atTop[0].ideaId, atTop[1].ideaId] };
  }

  return { voted: deciding !== undefined, ranking, byIdea, themes, divided };
}

/** The sentence a brief says about an idea's support, or '' when there is nothing to say. */
export function ideaSupportPhrase(level: IdeaLevel): string {
  switch (level) {
    case 'strongest':
      return 'Received the strongest support on this question.';
    case 'jointStrongest':
      return 'Shared the strongest support on this question.';
    case 'majority':
      return 'Backed by a majority of participants.';
    case 'several':
      return 'Backed by several participants.';
    case 'some':
      return 'Drew some support.';
    default:
      return '';
  }
}

/** The sentence a brief says about a theme's support. */
export function themeSupportPhrase(level: ThemeLevel): string {
  switch (level) {
    case 'strongest':
      return 'This theme received the strongest support.';
    case 'jointStrongest':
      return 'This theme shared the strongest support.';
    case 'substantial':
      return 'This theme drew substantial support.';
    case 'moderate':
      return 'This theme drew moderate support.';
    case 'limited':
      return 'This theme drew limited support in the vote.';
    case 'none':
      return 'Ideas in this theme were not prioritised in the vote.';
    default:
      return '';
  }
}

/** Orders levels for picking the best-supported items across questions. */
export function levelWeight(level: IdeaLevel | ThemeLevel): number {
  const order: (IdeaLevel | ThemeLevel)[] = [
    'notVoted',
    'none',
    'limited',
    'some',
    'moderate',
    'several',
    'substantial',
    'majority',
    'jointStrongest',
    'strongest',
  ];
  return order.indexOf(level);
}

// ---- Support in the genre's words (issue 14) ---------------------------------------------

/** Share of the question's voters at or above which support is "broad". */
export const BROAD_SHARE = 0.4;
/** Share at or above which "several participants" supported it. */
export const SEVERAL_SHARE = 0.2;

/** The word for one idea's support, from the share of voters behind it. */
export function supportWordOf(s: IdeaSupport, voted: boolean): SupportWord {
  if (!voted || s.round === 0) return voted ? 'none' : 'notVoted';
  if (s.votes === 0) return 'none';
  if (s.share >= BROAD_SHARE) return 'broad';
  if (s.share >= SEVERAL_SHARE) return 'several';
  return 'some';
}

const WORD_RANK: Record<SupportWord, number> = {
  notVoted: 0,
  none: 1,
  some: 2,
  several: 3,
  broad: 4,
};

export function supportRank(w: SupportWord): number {
  return WORD_RANK[w];
}

export interface SupportTier {
  word: SupportWord;
  items: IdeaSupport[];
}

/**
 * Ideas (best supported first) in tiers, each said with one phrase. A tier ends only where the
 * next idea has at least two dots fewer than the last one in it: "several participants" for 5
 * dots and "some" for 4 would read as a ranking the vote cannot bear. A tier is said with the
 * word of its least supported idea, so nothing is overstated.
 */
export function supportTiers(items: readonly IdeaSupport[], voted: boolean): SupportTier[] {
  const tiers: SupportTier[] = [];
  let cur: IdeaSupport[] = [];
  const close = () => {
    if (cur.length === 0) return;
    let word: SupportWord = supportWordOf(cur[0] as IdeaSupport, voted);
    for (const s of cur) {
      const w = supportWordOf(s, voted);
      if (WORD_RANK[w] < WORD_RANK[word]) word = w;
    }
    const last = tiers[tiers.length - 1];
    if (last && last.word === word) last.items.push(...cur);
    else tiers.push({ word, items: cur });
    cur = [];
  };
  for (const s of items) {
    const prev = cur[cur.length - 1];
    if (
      prev &&
      supportWordOf(s, voted) !== supportWordOf(cur[0] as IdeaSupport, voted) &&
      prev.votes - s.votes >= 2
    ) {
      close();
    }
    cur.push(s);
  }
  close();
  return tiers;
}
