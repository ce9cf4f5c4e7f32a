import { pathToFileURL } from 'node:url';
import {
  CreateWorkshopSchema,
  createCluster,
  type ExportFormat,
  notesText,
  ORIGINS,
  WorkshopArchiveSchema,
} from '@convene/shared';
import { computeResults } from '../../server/src/commands/questionFlow.ts';
import { regenerateBrief } from '../../server/src/export/briefDraft.ts';
import { importWorkshop } from '../../server/src/export/importArchive.ts';
import { runNameCheck } from '../../server/src/export/nameCheck.ts';
import {
  buildSeriesSnapshot,
  exportSeries,
  exportWorkshop,
} from '../../server/src/export/workshopExport.ts';
import { createLogger } from '../../server/src/log.ts';
import { openDatabase } from '../../server/src/store/db.ts';
import { seriesStoreFor } from '../../server/src/store/seriesStore.ts';
import { openSqliteStore, type Store } from '../../server/src/store/store.ts';
import { RoomRegistry } from '../../server/src/sync/room.ts';
import { encodeSyncUpdate } from '../../server/src/sync/yjsEndpoint.ts';
import { createWorkshop, joinWorkshop } from '../../server/src/workshops/workshops.ts';
import { loadFixture } from '../helpers/fixtureBoard.ts';
import { type BenchOptions, kb, ms, Report } from './lib/report.ts';

/**
 * Exports of a 1,000-idea board (5 questions of 200 ideas, 8 themes each, 60 participants,
 * one closed round of dot voting per question, notes, a generated draft) in every format, run
 * in this process exactly as the HTTP route runs them. For each: time per export (median, p95,
 * max) and the longest the event loop was blocked meanwhile (a 1 ms ticker measures the gaps):
 * export rendering happens on the server's only thread, so a long block delays every room.
 * Also: draft generation, the name check, JSON import, and the series paper of six such boards.
 *
 * Standalone: `node --import tsx tests/bench/export.bench.ts [--full]`; also part of
 * `npm run bench` (tests/bench/run.ts).
 */

const FIXTURE = loadFixture();
const IDEAS = FIXTURE.workshops.flatMap((w) => w.questions.flatMap((q) => q.ideas));
const NAMES = [...new Set(FIXTURE.workshops.flatMap((w) => w.participants.map((p) => p.name)))];
const NOTES = FIXTURE.workshops.flatMap((w) => w.questions.map((q) => q.notes));
const FORMATS: ExportFormat[] = ['md', 'html', 'csv', 'json', 'docx'];
const QUESTIONS = 5;
const PER_QUESTION = 200;
const PARTICIPANTS = 60;
const THEMES = 8;

interface Board {
  store: Store;
  rooms: RoomRegistry;
  id: string;
}

/** A deterministic pseudo-random sequence, so every run measures the same board. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function buildBoard(store: Store, rooms: RoomRegistry, n: number): string {
  const random = rng(1000 + n);
  const created = createWorkshop(
    store,
    CreateWorkshopSchema.parse({
      title: `${FIXTURE.workshops[n % 6]?.title ?? 'Workshop'} (1,000 ideas)`,
      series: 'Applying Sustaining Peace (bench)',
      host: FIXTURE.workshops[n % 6]?.host,
      date: `2017-0${1 + (n % 6)}-15`,
      durationMinutes: 120,
      questions: Array.from({ length: QUESTIONS }, (_, q) => ({
        prompt: FIXTURE.workshops[q % 6]?.questions[q % 3]?.prompt ?? `Question ${q + 1}`,
        plannedMinutes: 20,
      })),
    }),
  );
  const id = created.id;
  const people = Array.from({ length: PARTICIPANTS }, (_, k) =>
    joinWorkshop(store, id, NAMES[(k + n * 7) % NAMES.length] ?? null),
  );
  const ideaIds: string[][] = [];
  store.transaction(() => {
    created.questions.forEach((q, qi) => {
      store.setPhase(id, q.id, 'results');
      const ids: string[] = [];
      for (let k = 0; k < PER_QUESTION; k++) {
        const source = IDEAS[(qi * PER_QUESTION + k + n * 31) % IDEAS.length];
        const ideaId = `b${n}q${qi}i${k}`;
        store.insertIdea({
          id: ideaId,
          workshopId: id,
          questionId: q.id,
          participantId: people[k % PARTICIPANTS]?.participantId ?? null,
          seq: store.nextIdeaSeq(id),
          text: `${source?.text ?? 'An idea'} (${k + 1})`,
          actor: source?.actor ?? null,
          nextStep: source?.nextStep ?? null,
          status: 'visible',
          createdAt: Date.UTC(2017, 0, 1) + k * 1000,
          commandId: null,
          mergedInto: null,
          moderationReason: null,
          originalText: null,
          updatedAt: null,
        });
        ids.push(ideaId);
      }
      ideaIds.push(ids);
    });
  });
  rooms.with(id, (room) => {
    const doc = room.doc;
    created.questions.forEach((q, qi) => {
      const ids = ideaIds[qi] ?? [];
      for (let t = 0; t < THEMES; t++) {
        createCluster(
          doc,
          {
            id: `b${n}q${qi}t${t}`,
            questionId: q.id,
            label: `Theme ${t + 1} of question ${qi + 1}`,
            position: t,
          },
          ids.filter((_, k) => k % (THEMES + 1) === t),
          ORIGINS.command,
        );
      }
      notesText(doc, q.id)?.insert(0, NOTES[(qi + n) % NOTES.length] ?? '');
      const roundId = `b${n}r${qi}`;
      store.insertRound({
        id: roundId,
        workshopId: id,
        questionId: q.id,
        number: 1,
        status: 'open',
        budget: 3,
        maxPerIdea: 1,
        candidates: null,
        openedAt: Date.now(),
      });
      store.transaction(() => {
        for (const p of people) {
          const chosen = new Set<number>();
          while (chosen.size < 3) chosen.add(Math.floor(random() ** 2 * ids.length));
          for (const k of chosen) store.setVote(roundId, p.participantId, ids[k] as string, 1);
        }
      });
      const round = store.rounds(q.id)[0];
      if (round)
        store.finishRound(roundId, 'closed', computeResults(store, doc, round), Date.now());
    });
  });
  return id;
}

/** Runs `fn` while a 1 ms ticker records the longest gap between its ticks. */
async function timed<T>(
  fn: () => Promise<T> | T,
): Promise<{ ms: number; blocked: number; value: T }> {
  let last = performance.now();
  let blocked = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    blocked = Math.max(blocked, now - last);
    last = now;
  }, 1);
  // Let the ticker start before the work does.
  await new Promise((r) => setTimeout(r, 5));
  last = performance.now();
  const t0 = performance.now();
  const value = await fn();
  const elapsed = performance.now() - t0;
  blocked = Math.max(blocked, performance.now() - last);
  clearInterval(ticker);
  return { ms: elapsed, blocked, value };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report('Export: a 1,000-idea board in every format');
  const samples = opts.full ? 20 : 6;
  const store = openSqliteStore(openDatabase(':memory:'));
  const rooms = new RoomRegistry(store, createLogger(false), encodeSyncUpdate, {
    unloadDelayMs: 600_000,
    compactEvery: 500,
  });
  const built = await timed(() => buildBoard(store, rooms, 0));
  const board: Board = { store, rooms, id: built.value };
  report.note(
    `Board: ${QUESTIONS} questions × ${PER_QUESTION} ideas, ${THEMES} themes each, ${PARTICIPANTS} participants, one closed round per question (built in ${ms(built.ms)} ms).`,
  );
  const draft = await timed(() => regenerateBrief(store, rooms, board.id, {}));
  const names = await timed(() => runNameCheck(store, rooms, board.id, new Date()));

  const rows: (string | number)[][] = [];
  const results = new Map<string, { median: number; blocked: number }>();
  let archive: unknown = null;
  for (const format of FORMATS) {
    // One warm-up: the first call pays for lazy compilation.
    await exportWorkshop(store, rooms, board.id, format);
    const times: number[] = [];
    const blocks: number[] = [];
    let size = 0;
    for (let i = 0; i < samples; i++) {
      const r = await timed(() => exportWorkshop(store, rooms, board.id, format));
      times.push(r.ms);
      blocks.push(r.blocked);
      size = Buffer.byteLength(r.value.body);
      if (format === 'json') archive = JSON.parse(String(r.value.body));
    }
    const median = quantile(times, 0.5);
    const blocked = Math.max(...blocks);
    results.set(format, { median, blocked });
    rows.push([
      format,
      ms(median),
      ms(quantile(times, 0.95)),
      ms(Math.max(...times)),
      ms(blocked),
      kb(size / 1024),
    ]);
  }
  report.table(['format', 'median ms', 'p95 ms', 'max ms', 'longest block ms', 'size'], rows);

  const parsed = WorkshopArchiveSchema.parse(archive);
  const imported = await timed(() => importWorkshop(store, rooms, parsed));
  // Six 1,000-idea workshops in one series (the board above and five more).
  const seriesRow = seriesStoreFor(store.db).byName('Applying Sustaining Peace (bench)');
  for (let n = 1; n <= 5; n++) buildBoard(store, rooms, n);
  const ids = store.listWorkshops().map((w) => w.id);
  const series = seriesRow ?? {
    id: 'x',
    name: 'Applying Sustaining Peace (bench)',
    description: null,
    createdAt: '',
  };
  const paper = await timed(async () =>
    exportSeries(await buildSeriesSnapshot(store, rooms, series, ids), 'docx'),
  );
  report.table(
    ['operation', 'ms', 'longest block ms'],
    [
      ['generate the draft (all sections)', ms(draft.ms), ms(draft.blocked)],
      [`name check (${names.value.findings.length} findings)`, ms(names.ms), ms(names.blocked)],
      ['import the JSON archive', ms(imported.ms), ms(imported.blocked)],
      [
        `series paper, ${ids.length} workshops × 1,000 ideas (docx)`,
        ms(paper.ms),
        ms(paper.blocked),
      ],
    ],
  );
  const docx = results.get('docx');
  report.check(
    'docx export of 1,000 ideas ≤ 1 s',
    `${ms(docx?.median ?? Number.NaN)} ms`,
    (docx?.median ?? Infinity) <= 1000,
  );
  const worst = Math.max(...[...results.values()].map((r) => r.blocked));
  report.check(
    'longest event-loop block during any export ≤ 250 ms',
    `${ms(worst)} ms`,
    worst <= 250,
  );
  report.finish();
  rooms.closeAll();
  store.db.close();
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const full = process.argv.includes('--full');
  run({ full }).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
