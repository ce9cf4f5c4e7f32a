import type { Ack } from '@convene/shared';
import { currentConnection } from '../stores/workshopStore.ts';

/** A proposed group among the unclustered ideas (server query `sense:suggest`). */
export interface SuggestedGroup {
  ideaIds: string[];
  name: string;
  terms: string[];
}
/** Two ideas that say nearly the same thing. */
export interface DuplicatePair {
  a: string;
  b: string;
  score: number;
}
export interface SuggestReply {
  groups: SuggestedGroup[];
  duplicates: DuplicatePair[];
}
export interface BelongReply {
  ideas: { ideaId: string; score: number }[];
}
export interface NameReply {
  name: string;
  terms: string[];
}

const QUERY_TIMEOUT_MS = 8_000;

/**
 * The read-only clustering-help queries. They carry no commandId: they change nothing, so a
 * repeat is harmless and there is nothing to deduplicate.
 */
async function query<R extends object>(name: string, payload: object): Promise<Ack<R>> {
  const conn = currentConnection();
  if (!conn) return { ok: false, error: { code: 'timeout', message: 'Not connected yet.' } };
  // The queries are typed on the server side by their own schemas; the client only reads replies.
  const send = conn.command as unknown as (
    n: string,
    p: object,
    timeoutMs?: number,
  ) => Promise<Ack<R>>;
  return send(name, payload, QUERY_TIMEOUT_MS);
}

export const senseQueries = {
  suggest: (questionId: string) => query<SuggestReply>('sense:suggest', { questionId }),
  belong: (questionId: string, clusterId: string) =>
    query<BelongReply>('sense:belong', { questionId, clusterId }),
  name: (questionId: string, ideaIds: readonly string[]) =>
    query<NameReply>('sense:name', { questionId, ideaIds }),
};
