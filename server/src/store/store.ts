// The record's types and the store the app runs on (issue 16, item 4). The interfaces, one per
// aggregate, are in records.ts; the SQLite implementation, one module per aggregate, is in
// sqlite/. Callers keep importing from here.
import type { SqliteStore } from './sqlite/sqliteStore.ts';

export {
  type AccessRecords,
  type BriefRecords,
  type CommandLog,
  type DocLog,
  type IdeaRecords,
  type IdeaRow,
  type NameDecisionRow,
  type NewIdeaRow,
  type NewWorkshopRow,
  NO_DETAILS,
  type QuestionRow,
  type RedactionRow,
  type RoundRow,
  type TokenRow,
  type VoteRecords,
  type WorkshopDetailsRow,
  type WorkshopRecords,
  type WorkshopRow,
} from './records.ts';
export {
  openSqliteStore,
  type SqliteStore,
  type SqliteStoreOptions,
} from './sqlite/sqliteStore.ts';

/**
 * The store the app is wired with: the record (records.ts `Store`) plus the SQLite connection,
 * which a few modules outside the record still query (see SqliteStore).
 */
export type Store = SqliteStore;
