import type { BoardCluster, BoardIdea, BoardRound, BoardSnapshot } from './boardDoc.ts';

/** Pure questions asked of a board snapshot by every screen (no Yjs here). */

export function ideasOf(board: BoardSnapshot, questionId: string): BoardIdea[] {
  return board.ideas.filter((i) => i.questionId === questionId);
}

export function clustersOf(board: BoardSnapshot, questionId: string): BoardCluster[] {
  return board.clusters.filter((c) => c.questionId === questionId);
}

export function roundsOf(board: BoardSnapshot, questionId: string): BoardRound[] {
  return board.rounds.filter((r) => r.questionId === questionId);
}

/** The round being voted on now, if any. */
export function openRoundOf(board: BoardSnapshot, questionId: string): BoardRound | null {
  return roundsOf(board, questionId).find((r) => r.status === 'open') ?? null;
}

/** The most recent round with published results, if any. */
export function latestResultsOf(board: BoardSnapshot, questionId: string): BoardRound | null {
  const closed = roundsOf(board, questionId).filter((r) => r.status === 'closed' && r.results);
  return closed[closed.length - 1] ?? null;
}

/** Ideas grouped by cluster (in cluster order), then the unclustered ones. */
export function groupByCluster(
  board: BoardSnapshot,
  questionId: string,
): { cluster: BoardCluster | null; ideas: BoardIdea[] }[] {
  const ideas = ideasOf(board, questionId);
  const groups = clustersOf(board, questionId).map((cluster) => ({
    cluster: cluster as BoardCluster | null,
    ideas: ideas.filter((i) => i.clusterId === cluster.id),
  }));
  groups.push({ cluster: null, ideas: ideas.filter((i) => i.clusterId === null) });
  return groups;
}
