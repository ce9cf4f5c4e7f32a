import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Migrations run in order, each once; `user_version` records how many have run.
 * Append only: a released migration is never edited.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE workshops (
    id                 TEXT PRIMARY KEY,
    join_code          TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    series             TEXT,
    host               TEXT,
    date               TEXT,
    duration_minutes   INTEGER,
    chatham_house      INTEGER NOT NULL,
    vote_budget        INTEGER NOT NULL,
    max_votes_per_idea INTEGER NOT NULL,
    current_question_id TEXT,
    idea_seq           INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL
  );
  CREATE TABLE questions (
    id              TEXT PRIMARY KEY,
    workshop_id     TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    prompt          TEXT NOT NULL,
    planned_minutes INTEGER,
    phase           TEXT NOT NULL DEFAULT 'lobby'
  );
  CREATE INDEX questions_by_workshop ON questions(workshop_id, position);
  CREATE TABLE participants (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    name        TEXT,
    created_at  TEXT NOT NULL
  );
  CREATE INDEX participants_by_workshop ON participants(workshop_id);
  -- Tokens are stored as SHA-256 hashes: the database alone opens nothing.
  CREATE TABLE tokens (
    hash           TEXT PRIMARY KEY,
    workshop_id    TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL,
    revoked_at     TEXT
  );
  CREATE INDEX tokens_by_workshop ON tokens(workshop_id);
  -- The record of every idea; the Y.Doc holds a derived copy of the visible ones.
  -- participant_id (who wrote it) never leaves the server.
  CREATE TABLE ideas (
    id             TEXT PRIMARY KEY,
    workshop_id    TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    question_id    TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    seq            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    actor          TEXT,
    next_step      TEXT,
    status         TEXT NOT NULL DEFAULT 'visible',
    created_at     INTEGER NOT NULL
  );
  CREATE INDEX ideas_by_workshop ON ideas(workshop_id, seq);
  -- Results of commands by client-generated id, so a retry is answered, not re-applied.
  CREATE TABLE commands (
    actor_key   TEXT NOT NULL,
    command_id  TEXT NOT NULL,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    result      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (actor_key, command_id)
  );
  -- Yjs state: one compacted snapshot per workshop plus a short tail of updates since.
  CREATE TABLE yjs_snapshots (
    workshop_id TEXT PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
    state       BLOB NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE TABLE yjs_updates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    data        BLOB NOT NULL
  );
  CREATE INDEX yjs_updates_by_workshop ON yjs_updates(workshop_id, id);
  `,
  // 2: the facilitation loop — submission modes, idea lifecycle, timer, voting rounds.
  `
  ALTER TABLE questions ADD COLUMN mode TEXT NOT NULL DEFAULT 'open';
  ALTER TABLE questions ADD COLUMN actual_ms INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE questions ADD COLUMN active_since INTEGER;
  -- Settings of the next voting round (null: the workshop's defaults).
  ALTER TABLE questions ADD COLUMN vote_budget INTEGER;
  ALTER TABLE questions ADD COLUMN max_votes_per_idea INTEGER;
  ALTER TABLE questions ADD COLUMN top_n INTEGER;
  ALTER TABLE workshops ADD COLUMN timer TEXT;
  ALTER TABLE ideas ADD COLUMN command_id TEXT;
  ALTER TABLE ideas ADD COLUMN merged_into TEXT REFERENCES ideas(id) ON DELETE SET NULL;
  ALTER TABLE ideas ADD COLUMN moderation_reason TEXT;
  ALTER TABLE ideas ADD COLUMN original_text TEXT;
  ALTER TABLE ideas ADD COLUMN updated_at INTEGER;
  CREATE INDEX ideas_by_participant ON ideas(participant_id);
  CREATE TABLE rounds (
    id           TEXT PRIMARY KEY,
    workshop_id  TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    status       TEXT NOT NULL,
    budget       INTEGER NOT NULL,
    max_per_idea INTEGER NOT NULL,
    candidates   TEXT,
    results      TEXT,
    opened_at    INTEGER NOT NULL,
    closed_at    INTEGER
  );
  CREATE INDEX rounds_by_question ON rounds(question_id, number);
  -- Who voted for what: never leaves the server; only tallies are published, after the round.
  CREATE TABLE votes (
    round_id       TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL,
    idea_id        TEXT NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    count          INTEGER NOT NULL,
    PRIMARY KEY (round_id, participant_id, idea_id)
  );
  `,
  // 3: series of workshops, opened by their own capability tokens (hashed, like role tokens).
  // Workshops created with a series name before this migration join a series of that name.
  `
  CREATE TABLE series (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    -- trim + ASCII lower case, the same in SQL and in seriesStore.ts: one series per name.
    name_key    TEXT NOT NULL UNIQUE,
    description TEXT,
    created_at  TEXT NOT NULL
  );
  CREATE TABLE series_tokens (
    hash       TEXT PRIMARY KEY,
    series_id  TEXT NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
  );
  ALTER TABLE workshops ADD COLUMN series_id TEXT REFERENCES series(id) ON DELETE SET NULL;
  CREATE INDEX workshops_by_series ON workshops(series_id);
  INSERT INTO series (id, name, name_key, created_at)
    SELECT lower(hex(randomblob(12))), MIN(trim(series)), lower(trim(series)), MIN(created_at)
    FROM workshops WHERE series IS NOT NULL AND trim(series) != '' GROUP BY lower(trim(series));
  UPDATE workshops SET series_id =
    (SELECT s.id FROM series s WHERE s.name_key = lower(trim(workshops.series)))
    WHERE series IS NOT NULL;
  `,
  // 4: every submitted idea reads its question's counts (hidden, submitters) and its merged
  // count; a room load reads the merged count of every idea. Without these indexes each of
  // those reads scanned the ideas of every workshop on the server (a 10,000-idea room took 9 s
  // to load, blocking every other room meanwhile; see docs/performance.md).
  `
  CREATE INDEX ideas_by_question ON ideas(question_id, status, participant_id);
  CREATE INDEX ideas_by_merged_into ON ideas(merged_into) WHERE merged_into IS NOT NULL;
  `,
  // 5: the words the name check replaced with "a participant", kept so that a replacement can
  // be undone. Read by the undo route only: never exported, never sent to a screen; erased
  // with the workshop, by purging names, and once undone.
  `
  CREATE TABLE name_redactions (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    count       INTEGER NOT NULL,
    undone_at   TEXT,
    -- JSON: the places changed, then (same order) each one's text as redacted and originals.
    locations   TEXT NOT NULL,
    data        TEXT NOT NULL
  );
  CREATE INDEX name_redactions_by_workshop ON name_redactions(workshop_id, created_at);
  `,
  // 6: the sense the room makes of its ideas (lenses, points of debate) and what a meeting
  // brief in the genre needs to know about its workshop (language, co-organisers, number in the
  // series, participants by type, context, short question titles, the organiser's list of
  // names for the Chatham House check). JSON columns hold small lists and maps, validated by
  // the schemas that write them.
  `
  ALTER TABLE workshops ADD COLUMN lenses TEXT;
  ALTER TABLE workshops ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
  ALTER TABLE workshops ADD COLUMN organisers TEXT;
  ALTER TABLE workshops ADD COLUMN series_number INTEGER;
  ALTER TABLE workshops ADD COLUMN participant_types TEXT;
  ALTER TABLE workshops ADD COLUMN context TEXT;
  ALTER TABLE workshops ADD COLUMN participant_list TEXT;
  ALTER TABLE series ADD COLUMN lenses TEXT;
  ALTER TABLE questions ADD COLUMN short_title TEXT;
  ALTER TABLE ideas ADD COLUMN countries TEXT;
  ALTER TABLE ideas ADD COLUMN pbc INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE ideas ADD COLUMN tags TEXT;
  ALTER TABLE ideas ADD COLUMN contested INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE ideas ADD COLUMN contest_note TEXT;
  `,
  // 7: the name check's "not a participant's name" decisions (issue 14): an export under the
  // Chatham House Rule waits until every finding is replaced or decided, and a decision is
  // kept with the workshop (shown in the check, carried by the JSON archive). `key` identifies
  // the finding (its place, words and context), so a decision stops applying when they change.
  `
  CREATE TABLE name_decisions (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    place       TEXT NOT NULL,
    match       TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    UNIQUE (workshop_id, key)
  );
  `,
  // 8: the actor groups a series' briefs gather recommendations under (issue 14, item 6;
  // JSON, at most five groups; null: the brief's default groups).
  `
  ALTER TABLE series ADD COLUMN actor_groups TEXT;
  `,
  // 9: the series as it is run (issue 15). Its co-organisers and language; its plan — numbered
  // topics with date, host (null: the rotation among co-organisers) and status, and the history
  // of every change to them; the consolidation session (a workshop of the series whose ideas
  // carry their origins: JSON [{workshopId, number, topic}]); the policy paper's sections,
  // co-edited section by section (`base`: last generated text, `version`: bumped by each
  // write, for edit conflicts); the paper's "not a participant's name" decisions; and when each
  // workshop's brief was last exported (the series page shows a brief's state).
  `
  ALTER TABLE series ADD COLUMN organisers TEXT;
  ALTER TABLE series ADD COLUMN language TEXT;
  CREATE TABLE series_topics (
    id           TEXT PRIMARY KEY,
    series_id    TEXT NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    questions    TEXT,
    planned_date TEXT,
    host         TEXT,
    status       TEXT NOT NULL DEFAULT 'planned',
    workshop_id  TEXT REFERENCES workshops(id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
  );
  CREATE INDEX series_topics_by_series ON series_topics(series_id, position);
  CREATE TABLE series_plan_history (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    series_id  TEXT NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    topic_id   TEXT NOT NULL,
    at         TEXT NOT NULL,
    change     TEXT NOT NULL,
    before     TEXT,
    after      TEXT
  );
  CREATE INDEX series_plan_history_by_series ON series_plan_history(series_id, seq);
  ALTER TABLE workshops ADD COLUMN consolidation INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE ideas ADD COLUMN origins TEXT;
  CREATE TABLE series_paper (
    series_id  TEXT NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    base       TEXT,
    text       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (series_id, key)
  );
  CREATE TABLE series_name_decisions (
    id         TEXT PRIMARY KEY,
    series_id  TEXT NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    place      TEXT NOT NULL,
    match      TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    UNIQUE (series_id, key)
  );
  CREATE TABLE brief_exports (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    format      TEXT NOT NULL,
    at          TEXT NOT NULL
  );
  CREATE INDEX brief_exports_by_workshop ON brief_exports(workshop_id, at);
  `,
  // 10 (issue 15, plan slice): the fingerprint of the brief draft each export was made from. A
  // draft has no time of last change (it lives in the doc as Y.Texts), so "exported since the
  // draft last changed" is decided by comparing the draft now with the one exported.
  `
  ALTER TABLE brief_exports ADD COLUMN draft_hash TEXT;
  `,
  // 11 (issue 16, item 3): every idea:submit counts its author's ideas for the question (the
  // limit per person; whether they become a submitter), and a withdrawal whether the author has
  // any left. By author and question these read the author's few rows; by participant alone
  // the planner walked the workshop's every idea instead. The new index serves every look-up
  // by participant, so the one on participant alone goes.
  `
  CREATE INDEX ideas_by_author ON ideas(participant_id, question_id, status);
  DROP INDEX ideas_by_participant;
  `,
  // 12 (issue 17): the command log by workshop. Deleting a workshop (its cascade) and, in the
  // cluster mode, loading or dropping a workshop's rows select its commands; without an index
  // each walked every workshop's command log.
  `
  CREATE INDEX commands_by_workshop ON commands(workshop_id);
  `,
];

/** Opens (creating if needed) the SQLite database and brings its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged idea survives power loss, not only a process crash (~0.4 ms a commit).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows (a deleted workshop, purged names) are overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);
  gateWrites(db);
  return db;
}

/** What runs before every write to a database (see `beforeWrites`). */
const writeGates = new WeakMap<Db, { before: (() => void) | null }>();

/**
 * Makes every write to `db` — a statement that is not read-only, `exec`, a transaction — call
 * the function set with `beforeWrites` first. Group commit (groupCommit.ts) uses it to commit
 * an open group before any write that is not the group's own: so nothing another caller goes on
 * to acknowledge can sit in a group that is not committed yet. Read-only statements pass freely.
 */
function gateWrites(db: Db): void {
  const gate: { before: (() => void) | null } = { before: null };
  writeGates.set(db, gate);
  const before = () => gate.before?.();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    if (stmt.readonly) return stmt;
    // The statement's own methods are looked up on each call, not kept: so a tool that wraps
    // the prototype (a test watching writes) still sees every write.
    const proto = Object.getPrototypeOf(stmt) as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      Object.defineProperty(stmt, method, {
        value: (...args: unknown[]) => {
          before();
          return proto[method]?.apply(stmt, args);
        },
      });
    }
    return stmt;
  }) as Db['prepare'];
  const exec = db.exec.bind(db);
  db.exec = ((sql: string) => {
    before();
    return exec(sql);
  }) as Db['exec'];
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const tx = transaction(fn);
    const run = (...args: never[]) => {
      before();
      return tx(...args);
    };
    const gated =
      (variant: (...args: never[]) => unknown) =>
      (...args: never[]) => {
        before();
        return variant(...args);
      };
    return Object.assign(run, {
      default: run,
      deferred: gated(tx.deferred),
      immediate: gated(tx.immediate),
      exclusive: gated(tx.exclusive),
    });
  }) as Db['transaction'];
}

/** Sets what runs before every write to `db` (opened with openDatabase); null for nothing. */
export function beforeWrites(db: Db, fn: (() => void) | null): void {
  const gate = writeGates.get(db);
  if (!gate) throw new Error('beforeWrites: the database was not opened with openDatabase');
  gate.before = fn;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
