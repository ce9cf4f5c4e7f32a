import type { BriefDraft, BriefSnapshot } from '@convene/shared';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type {
  IdeaRow,
  NameDecisionRow,
  QuestionRow,
  RoundRow,
  Store,
  WorkshopRow,
} from '../store/store.ts';
import { openSqliteStore } from '../store/store.ts';
import { buildBriefSnapshot, readDraft, type SnapshotRows } from './briefSnapshot.ts';

/**
 * A workshop as stored — its rows and its doc's stored state — read by the export worker, not
 * by the main thread. Exports are built from the stored record (issue 11, item 9): reading
 * 3,000 ideas out of SQLite took 10–60 ms of the main thread, and loading a room to read its
 * doc projects the whole board there (hundreds of milliseconds at 2,000 ideas). The stored doc
 * holds everything the live one does: writers' updates are stored before they are applied, and
 * the server's own changes as they are made.
 *
 * The worker opens the server's database file read-only (SQLite's WAL lets it read beside the
 * server's writes) and reads every workshop of a job in one read transaction, so the rows and
 * the doc it sees belong together. A database in memory (some tests, tools) cannot be opened
 * twice: its workshops are read on the main thread instead.
 */
export interface StoredWorkshop {
  workshopId: string;
  workshop: WorkshopRow;
  questions: QuestionRow[];
  /** Every idea, without who wrote it or its command id (no export reads them). */
  ideas: IdeaRow[];
  rounds: RoundRow[];
  participantCount: number;
  /** The name check's "not a participant's name" decisions (the JSON archive keeps them). */
  nameDecisions: NameDecisionRow[];
  doc: { snapshot: Uint8Array | null; updates: Uint8Array[] };
}

/** Where a job finds its workshops: the database file (read on the worker), or already read. */
export type StoredSource =
  | { dbFile: string; workshopIds: string[] }
  | { workshops: StoredWorkshop[] };

function readOne(store: Store, workshopId: string): StoredWorkshop | null {
  const workshop = store.workshop(workshopId);
  if (!workshop) return null;
  return {
    workshopId,
    workshop,
    questions: store.questions(workshopId),
    ideas: store.ideas(workshopId).map((i) => ({ ...i, participantId: null, commandId: null })),
    rounds: store.roundsOfWorkshop(workshopId),
    participantCount: store.participantCount(workshopId),
    nameDecisions: store.nameDecisions(workshopId),
    doc: store.docState(workshopId),
  };
}

/** Main thread: a file database is left to the worker; one in memory is read now. */
export function storedSource(store: Store, workshopIds: readonly string[]): StoredSource {
  if (!store.db.memory) return { dbFile: store.db.name, workshopIds: [...workshopIds] };
  return {
    workshops: workshopIds.flatMap((id) => {
      const w = readOne(store, id);
      return w ? [w] : [];
    }),
  };
}

/** Worker (or, if it is down, the main thread): the workshops, as one consistent read. */
export function loadStored(source: StoredSource): StoredWorkshop[] {
  if ('workshops' in source) return source.workshops;
  const db = new Database(source.dbFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const store = openSqliteStore(db);
    return store.transaction(() =>
      source.workshopIds.flatMap((id) => {
        const w = readOne(store, id);
        return w ? [w] : [];
      }),
    );
  } finally {
    db.close();
  }
}

/** One workshop of a source; throws when it is gone (deleted meanwhile). */
export function loadOne(source: StoredSource): StoredWorkshop {
  const [w] = loadStored(source);
  if (!w) throw new Error('workshop not found');
  return w;
}

/** The workshop's doc, rebuilt from its stored state (the caller destroys it). */
export function storedDoc(stored: StoredWorkshop): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.doc.snapshot) Y.applyUpdate(doc, stored.doc.snapshot);
    for (const u of stored.doc.updates) Y.applyUpdate(doc, u);
  });
  return doc;
}

/** The same snapshot and draft a loaded room would give, from the stored workshop. */
export function briefFromStored(stored: StoredWorkshop): {
  snapshot: BriefSnapshot;
  draft: BriefDraft;
} {
  const rows: SnapshotRows = {
    workshop: () => stored.workshop,
    ideas: () => stored.ideas,
    roundsOfWorkshop: () => stored.rounds,
    participantCount: () => stored.participantCount,
    questions: () => stored.questions,
  };
  const doc = storedDoc(stored);
  try {
    return { snapshot: buildBriefSnapshot(rows, stored.workshopId, doc), draft: readDraft(doc) };
  } finally {
    doc.destroy();
  }
}
