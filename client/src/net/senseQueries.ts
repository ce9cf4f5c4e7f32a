import type { Ack, CommandMap } from '@convene/shared';
import { currentConnection } from './currentConnection.ts';

type SenseQuery = 'sense:suggest' | 'sense:belong' | 'sense:name';
/** A proposed group among the unclustered ideas. */
export type SuggestedGroup = CommandMap['sense:suggest']['reply']['groups'][number];
/** Two ideas that say nearly the same thing. */
export type DuplicatePair = CommandMap['sense:suggest']['reply']['duplicates'][number];

const QUERY_TIMEOUT_MS = 8_000;

/**
 * The read-only clustering-help queries (server side: helper C's sense commands). They carry
 * no commandId: they change nothing, so a repeat is harmless and there is nothing to deduplicate.
 */
async function query<N extends SenseQuery>(
  name: N,
  payload: CommandMap[N]['payload'],
): Promise<Ack<CommandMap[N]['reply']>> {
  const conn = currentConnection();
  if (!conn) return { ok: false, error: { code: 'timeout', message: 'Not connected yet.' } };
  return conn.command(name, payload, QUERY_TIMEOUT_MS);
}

export const senseQueries = {
  suggest: (questionId: string) => query('sense:suggest', { questionId }),
  belong: (questionId: string, clusterId: string) =>
    query('sense:belong', { questionId, clusterId }),
  name: (questionId: string, ideaIds: readonly string[]) =>
    query('sense:name', { questionId, ideaIds: [...ideaIds] }),
};
