import type { WorkshopSummary } from '@convene/shared';
import type { Pool } from 'pg';
import { recordKey } from '../store/pg/shipping.ts';

// Look-ups across workshops, in cluster mode (issue 17): before any workshop is loaded, a node
// must learn which workshop a token, a join code or a series token opens — and the organiser's
// list spans every node's workshops. They read PostgreSQL's record (`records`, PG migration 2:
// one row per SQLite row, keyed by table and the JSON array of its primary key) at call sites
// that are already asynchronous; the synchronous domain rules never see them.

export interface Lookups {
  /** The workshop a token opens (revoked or not: the local check after loading decides). */
  workshopOfToken(tokenHash: string): Promise<string | null>;
  /** The series a series token opens. */
  seriesOfToken(tokenHash: string): Promise<string | null>;
  /** The workshop with this join code (normalised by the caller). */
  workshopOfJoinCode(code: string): Promise<string | null>;
  /** The organiser's list, newest first, as `GET /api/workshops` answers it. */
  listWorkshops(): Promise<WorkshopSummary[]>;
  /**
   * Workshops whose timer runs with auto-advance and that no node holds (their owner died or
   * gave them back): some node must take them, or their timer never fires.
   */
  orphanedTimers(limit: number): Promise<string[]>;
  /** The workshops of a series (its page, plan, consolidation and paper read and write them). */
  workshopsOfSeries(seriesId: string): Promise<string[]>;
  /** The series with this name key (store/seriesStore.ts `seriesNameKey`): names are unique. */
  seriesByNameKey(key: string): Promise<string | null>;
}

export function pgLookups(pool: Pool): Lookups {
  const ownerOf = async (tbl: string, key: string): Promise<string | null> => {
    const { rows } = await pool.query<{ owner: string }>(
      'SELECT owner FROM records WHERE tbl = $1 AND key = $2',
      [tbl, key],
    );
    return rows[0]?.owner ?? null;
  };
  return {
    workshopOfToken: (hash) => ownerOf('tokens', recordKey([hash])),
    seriesOfToken: (hash) => ownerOf('series_tokens', recordKey([hash])),
    async workshopOfJoinCode(code) {
      const { rows } = await pool.query<{ owner: string }>(
        `SELECT owner FROM records WHERE tbl = 'workshops' AND row->>'join_code' = $1 LIMIT 1`,
        [code],
      );
      return rows[0]?.owner ?? null;
    },
    async listWorkshops() {
      const { rows } = await pool.query<WorkshopSummary>(
        `SELECT w.owner AS id, w.row->>'title' AS title, w.row->>'series' AS series,
           w.row->>'host' AS host, w.row->>'date' AS date, w.row->>'created_at' AS "createdAt",
           (SELECT count(*) FROM records q WHERE q.owner = w.owner AND q.tbl = 'questions')::int
             AS "questionCount",
           (SELECT count(*) FROM records i WHERE i.owner = w.owner AND i.tbl = 'ideas')::int
             AS "ideaCount"
         FROM records w WHERE w.tbl = 'workshops'
         ORDER BY w.row->>'created_at' DESC LIMIT 500`,
      );
      return rows;
    },
    async seriesByNameKey(key) {
      const { rows } = await pool.query<{ owner: string }>(
        `SELECT owner FROM records WHERE tbl = 'series' AND row->>'name_key' = $1 LIMIT 1`,
        [key],
      );
      return rows[0]?.owner ?? null;
    },
    async workshopsOfSeries(seriesId) {
      const { rows } = await pool.query<{ owner: string }>(
        `SELECT owner FROM records WHERE tbl = 'workshops' AND row->>'series_id' = $1`,
        [seriesId],
      );
      return rows.map((r) => r.owner);
    },
    async orphanedTimers(limit) {
      // The timer is SQLite's TEXT column (JSON), a string inside the row: matched as text, as
      // the SQLite store's runningTimers does, so a malformed one cannot fail the query.
      const { rows } = await pool.query<{ owner: string }>(
        `SELECT w.owner FROM records w
           LEFT JOIN workshop_leases l ON l.workshop_id = w.owner
         WHERE w.tbl = 'workshops'
           AND w.row->>'timer' LIKE '%"status":"running"%'
           AND w.row->>'timer' LIKE '%"autoAdvance":true%'
           AND (l.workshop_id IS NULL OR l.expires_at <= clock_timestamp())
         LIMIT $1`,
        [limit],
      );
      return rows.map((r) => r.owner);
    },
  };
}
