import {
  type BoardSnapshot,
  readBoard,
  readBriefBase,
  readBriefDraft,
  readRounds,
  readWorkshop,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { readEverything } from '../helpers/boardShape.ts';
import { CLOSED, META, OPEN, QUESTIONS, replicaOf, richBoard } from '../helpers/richBoard.ts';

/**
 * The doc readers are the only code that reads the Y.Doc, and every screen renders what they
 * return. A writer (a facilitator's or rapporteur's browser, buggy or hostile) can put anything
 * into any key; issue 11 item 6 showed `results: {ideas: [null], clusters: [null], voters: 1}`
 * blanking all four screens. Here every field of every part of the doc, server-owned and
 * writer-owned, is given every kind of junk; each time every reader must return its promised
 * shape (tests/helpers/boardShape.ts), the junk must be dropped or coerced, and nothing the
 * junk did not touch may change.
 */

/** Every kind of value a writer can put into a Y.Map, as a fresh value each time. */
const JUNK: [string, () => unknown][] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['NaN', () => Number.NaN],
  ['Infinity', () => Number.POSITIVE_INFINITY],
  ['-Infinity', () => Number.NEGATIVE_INFINITY],
  ['-1', () => -1],
  ['0.5', () => 0.5],
  ['2^60', () => 2 ** 60],
  ['1e308', () => 1e308],
  ['bigint', () => 12n],
  ['true', () => true],
  ['false', () => false],
  ['empty string', () => ''],
  ['100k string', () => 'x'.repeat(100_000)],
  ['lone surrogate', () => '\uD800'],
  ['path-like string', () => '../../etc/passwd'],
  ['__proto__', () => '__proto__'],
  ['array', () => [1, 'a', null]],
  ['[null]', () => [null]],
  ['empty array', () => []],
  ['empty object', () => ({})],
  ['nested junk', () => ({ a: { b: [null, { c: -0 }] }, text: 5, id: {}, ideas: 'no' })],
  ['binary', () => new Uint8Array([1, 2, 3])],
  [
    'Y.Map',
    () => {
      const m = new Y.Map<unknown>();
      m.set('text', 7);
      return m;
    },
  ],
  ['Y.Array', () => Y.Array.from([1, null, 'a'])],
  ['Y.Text', () => new Y.Text('hello')],
  ['Y.XmlText', () => new Y.XmlText('hello')],
  ['subdocument', () => new Y.Doc()],
  ['Date', () => new Date(0)],
];

type Part = keyof BoardSnapshot;
type EntryPart = 'questions' | 'ideas' | 'clusters' | 'rounds';

interface Case {
  name: string;
  write(doc: Y.Doc, junk: unknown): void;
  /** Parts of the board the write may change; every other part must read as before. */
  changes: Part[];
  /** A field of one entry (or of the workshop): every other field must read as before. */
  field?: { part: EntryPart | 'workshop' | 'timer'; id?: string; key: string; derived?: string[] };
  /** A whole entry replaced: every other entry of its part must read as before. */
  entry?: { part: EntryPart; id: string };
}

const map = (doc: Y.Doc, root: string, id: string) => doc.getMap(root).get(id) as Y.Map<unknown>;

function fieldCases(
  part: EntryPart,
  root: string,
  id: string,
  keys: string[],
  changes: Part[],
  derived: string[] = [],
): Case[] {
  return [
    {
      name: `${root}.${id}`,
      write: (doc, junk) => doc.getMap(root).set(id, junk),
      changes,
      entry: { part, id },
    },
    ...keys.map(
      (key): Case => ({
        name: `${root}.${id}.${key}`,
        write: (doc, junk) => map(doc, root, id).set(key, junk),
        changes,
        field: { part, id, key, derived },
      }),
    ),
  ];
}

/** Replaces r1's results with a changed copy (results are a plain JSON value in the doc). */
function resultsCase(name: string, change: (r: Record<string, unknown>, junk: unknown) => void) {
  return {
    name: `rounds.r1.results${name}`,
    write: (doc: Y.Doc, junk: unknown) => {
      const results = structuredClone(CLOSED.results) as unknown as Record<string, unknown>;
      change(results, junk);
      map(doc, 'rounds', 'r1').set('results', results);
    },
    changes: ['rounds'] as Part[],
    field: { part: 'rounds' as const, id: 'r1', key: 'results' },
  };
}

const CASES: Case[] = [
  ...Object.keys(META).map(
    (key): Case => ({
      name: `workshop.${key}`,
      write: (doc, junk) => doc.getMap('workshop').set(key, junk),
      changes: ['workshop'],
      field: { part: 'workshop', key },
    }),
  ),
  ...fieldCases(
    'questions',
    'questions',
    'q1',
    Object.keys(QUESTIONS[0] as object).filter((k) => k !== 'id'),
    ['questions'],
  ),
  ...fieldCases(
    'ideas',
    'ideas',
    'i1',
    [
      'questionId',
      'text',
      'actor',
      'nextStep',
      'createdAt',
      'seq',
      'mergedCount',
      'contestNote',
      // Consolidation session (issue 15).
      'origins',
    ],
    ['ideas'],
    ['clusterId'],
  ),
  // Points of debate (issue 13): the note is shown only with the mark.
  {
    name: 'ideas.i1.contested',
    write: (doc, junk) => map(doc, 'ideas', 'i1').set('contested', junk),
    changes: ['ideas'],
    field: { part: 'ideas', id: 'i1', key: 'contested', derived: ['contestNote'] },
  },
  // A cluster's fields decide which ideas it holds.
  ...fieldCases(
    'clusters',
    'clusters',
    'c1',
    ['questionId', 'label', 'position', 'contestNote'],
    ['clusters', 'ideas'],
  ),
  {
    name: 'clusters.c1.contested',
    write: (doc, junk) => map(doc, 'clusters', 'c1').set('contested', junk),
    changes: ['clusters'],
    field: { part: 'clusters', id: 'c1', key: 'contested', derived: ['contestNote'] },
  },
  {
    name: 'placement.i1',
    write: (doc, junk) => doc.getMap('placement').set('i1', junk),
    changes: ['ideas'],
    field: { part: 'ideas', id: 'i1', key: 'clusterId' },
  },
  ...fieldCases(
    'rounds',
    'rounds',
    'r1',
    Object.keys(CLOSED).filter((k) => k !== 'id'),
    ['rounds'],
  ),
  ...fieldCases(
    'rounds',
    'rounds',
    'r2',
    ['candidates', 'votersStarted', 'votersDone', 'results'],
    ['rounds'],
  ),
  resultsCase('', (r, junk) => {
    for (const k of Object.keys(r)) delete r[k];
    Object.assign(r, { junk });
  }),
  resultsCase('.ideas', (r, junk) => {
    r.ideas = junk;
  }),
  resultsCase('.clusters', (r, junk) => {
    r.clusters = junk;
  }),
  resultsCase('.voters', (r, junk) => {
    r.voters = junk;
  }),
  resultsCase('.ideas[0]', (r, junk) => {
    (r.ideas as unknown[])[0] = junk;
  }),
  resultsCase('.ideas[+]', (r, junk) => {
    (r.ideas as unknown[]).push(junk);
  }),
  resultsCase('.clusters[0]', (r, junk) => {
    (r.clusters as unknown[])[0] = junk;
  }),
  ...['ideaId', 'votes', 'voters', 'seq', 'rank', 'tieBreak'].map((key) =>
    resultsCase(`.ideas[0].${key}`, (r, junk) => {
      ((r.ideas as Record<string, unknown>[])[0] as Record<string, unknown>)[key] = junk;
    }),
  ),
  ...['clusterId', 'votes', 'ideas', 'rank'].map((key) =>
    resultsCase(`.clusters[0].${key}`, (r, junk) => {
      ((r.clusters as Record<string, unknown>[])[0] as Record<string, unknown>)[key] = junk;
    }),
  ),
  ...['status', 'durationMs', 'endsAt', 'remainingMs', 'autoAdvance', 'questionId', 'phase'].map(
    (key): Case => ({
      name: `timer.${key}`,
      write: (doc, junk) => doc.getMap('timer').set(key, junk),
      changes: ['timer'],
      // A timer that is not running or paused is idle as a whole.
      ...(key === 'status' ? {} : { field: { part: 'timer' as const, key } }),
    }),
  ),
  {
    name: 'display.spotlight',
    write: (doc, junk) => doc.getMap('display').set('spotlight', junk),
    changes: ['spotlight'],
  },
  {
    name: 'display.spotlight.kind',
    write: (doc, junk) => doc.getMap('display').set('spotlight', { kind: junk, id: 'i1' }),
    changes: ['spotlight'],
  },
  {
    name: 'display.spotlight.id',
    write: (doc, junk) => doc.getMap('display').set('spotlight', { kind: 'idea', id: junk }),
    changes: ['spotlight'],
  },
  {
    name: 'notes.q1',
    write: (doc, junk) => doc.getMap('notes').set('q1', junk),
    changes: [],
  },
  {
    name: 'debate.q1',
    write: (doc, junk) => doc.getMap('debate').set('q1', junk),
    changes: [],
  },
  {
    name: 'brief.header',
    write: (doc, junk) => doc.getMap('brief').set('header', junk),
    changes: [],
  },
  {
    name: 'brief.__proto__',
    write: (doc, junk) => doc.getMap('brief').set('__proto__', junk),
    changes: [],
  },
  {
    name: 'briefBase.header',
    write: (doc, junk) => doc.getMap('briefBase').set('header', junk),
    changes: [],
  },
  {
    name: 'briefBase.header.text',
    write: (doc, junk) => doc.getMap('briefBase').set('header', { text: junk, at: 1 }),
    changes: [],
  },
  {
    name: 'briefBase.header.at',
    write: (doc, junk) => doc.getMap('briefBase').set('header', { text: 'x', at: junk }),
    changes: [],
  },
];

const PARTS: Part[] = [
  'workshop',
  'spotlight',
  'questions',
  'ideas',
  'clusters',
  'rounds',
  'timer',
];
const PRISTINE = readBoard(richBoard());
const PRISTINE_DRAFT = readBriefDraft(richBoard());

const without = (o: object, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** The entry's other fields, and every other entry, read exactly as before the write. */
function expectOnlyTouched(c: Case, board: BoardSnapshot): void {
  for (const part of PARTS) {
    if (!c.changes.includes(part)) expect(board[part], part).toStrictEqual(PRISTINE[part]);
  }
  const entry =
    c.entry ?? (c.field?.id ? { part: c.field.part as EntryPart, id: c.field.id } : null);
  if (entry) {
    const others = (b: BoardSnapshot) =>
      (b[entry.part] as { id: string }[]).filter((e) => e.id !== entry.id);
    const derived = c.field?.derived ?? [];
    expect(others(board).map((e) => without(e, derived))).toStrictEqual(
      others(PRISTINE).map((e) => without(e, derived)),
    );
  }
  if (c.field) {
    const { part, id, key, derived = [] } = c.field;
    const pick = (b: BoardSnapshot): object | undefined =>
      id
        ? (b[part as EntryPart] as { id: string }[]).find((e) => e.id === id)
        : (b[part as 'workshop' | 'timer'] as object);
    const after = pick(board);
    // A malformed field is coerced; its entry is never dropped for it.
    expect(after, `${c.name} kept`).toBeDefined();
    expect(without(after as object, [key, ...derived])).toStrictEqual(
      without(pick(PRISTINE) as object, [key, ...derived]),
    );
  }
}

describe('every reader returns its shape whatever a writer put in the doc', () => {
  test('the pristine board reads back as written (and in shape)', () => {
    const doc = richBoard();
    const board = readEverything(doc, 'pristine');
    expect(board.workshop).toStrictEqual(META);
    expect(board.questions).toStrictEqual(QUESTIONS);
    expect(board.rounds).toStrictEqual([CLOSED, OPEN]);
    expect(board.ideas.map((i) => [i.id, i.clusterId])).toStrictEqual([
      ['i1', 'c1'],
      ['i2', 'c1'],
      ['i3', 'c2'],
      ['i4', null],
    ]);
    expect(board.spotlight).toStrictEqual({ kind: 'idea', id: 'i1' });
    expect(Object.keys(readBriefDraft(doc))).toStrictEqual(['header', 'question:q1']);
    expect(readBoard(replicaOf(doc))).toStrictEqual(board);
  });

  for (const c of CASES) {
    test.each(JUNK)(`${c.name} = %s`, (label, make) => {
      const doc = richBoard();
      c.write(doc, make());
      for (const [where, d] of [
        ['writer', doc],
        ['replica', replicaOf(doc)],
      ] as const) {
        const board = readEverything(d, `${c.name} = ${label} (${where})`);
        expectOnlyTouched(c, board);
        if (c.changes.length === 0 && !c.name.startsWith('notes')) {
          // The brief's other section is untouched by junk in this one.
          expect(readBriefDraft(d)['question:q1']).toStrictEqual(PRISTINE_DRAFT['question:q1']);
        }
      }
    });
  }
});

describe('exact readings of the hostile values the probe used', () => {
  test('results of {ideas: [null], clusters: [null], voters: 1} read as empty lists', () => {
    const doc = richBoard();
    map(doc, 'rounds', 'r1').set('results', { ideas: [null], clusters: [null], voters: 1 });
    for (const d of [doc, replicaOf(doc)]) {
      const [r1] = readRounds(d);
      expect(r1).toStrictEqual({ ...CLOSED, results: { ideas: [], clusters: [], voters: 1 } });
    }
  });

  test('malformed lines are dropped, good lines kept in order, a repeated id shown once', () => {
    const doc = richBoard();
    const [a, b, c] = CLOSED.results?.ideas ?? [];
    map(doc, 'rounds', 'r1').set('results', {
      ideas: [null, a, { ...b, votes: 'many', tieBreak: 'coin' }, 7, { votes: 2 }, a, c],
      clusters: [{ clusterId: 'c1', votes: Number.NaN, ideas: -2, rank: 0 }, []],
      voters: -4,
    });
    expect(readRounds(doc)[0]?.results).toStrictEqual({
      ideas: [a, { ...b, votes: 0, tieBreak: null }, c],
      clusters: [{ clusterId: 'c1', votes: 0, ideas: 0, rank: 1 }],
      voters: 0,
    });
  });

  test('a round as the server writes it reads back byte for byte (the projection compares them)', () => {
    // server/src/sync/projection.ts rewrites a round whenever JSON.stringify of what it reads
    // differs from what it would write: a reader that reordered keys would rewrite every round
    // on every command.
    for (const d of [richBoard(), replicaOf(richBoard())]) {
      expect(readRounds(d).map((r) => JSON.stringify(r))).toStrictEqual(
        [CLOSED, OPEN].map((r) => JSON.stringify(r)),
      );
    }
  });

  test('a defaced title and a flipped Chatham House flag read as typed values, never as objects', () => {
    const doc = richBoard();
    doc.transact(() => {
      const w = doc.getMap('workshop');
      w.set('title', { toString: 'PWNED' });
      w.set('chathamHouse', 'false');
      w.set('joinCode', 'A'.repeat(50_000));
      w.set('date', '2026-02-30');
    });
    expect(readWorkshop(replicaOf(doc))).toStrictEqual({
      ...META,
      title: '',
      chathamHouse: true,
      joinCode: '',
      date: null,
    });
  });

  test('long text is cut at its cap, never inside a surrogate pair', () => {
    const doc = richBoard();
    const cap = 200 * 4;
    doc.getMap('workshop').set('title', `${'a'.repeat(cap - 1)}😀 and more`);
    const title = readWorkshop(doc).title;
    expect(title).toBe('a'.repeat(cap - 1));
    map(doc, 'ideas', 'i1').set('text', 'é'.repeat(10_000));
    expect(readBoard(doc).ideas[0]?.text).toBe('é'.repeat(500 * 4));
  });

  test('brief keys that are not sections never reach the draft (nor its prototype)', () => {
    const doc = richBoard();
    doc.transact(() => {
      for (const key of ['__proto__', 'constructor', 'toString', 'question:', 'question:a b']) {
        doc.getMap('brief').set(key, new Y.Text('junk'));
        doc.getMap('briefBase').set(key, { text: 'junk', at: 1 });
      }
    });
    for (const d of [doc, replicaOf(doc)]) {
      const draft = readBriefDraft(d);
      expect(Object.getPrototypeOf(draft)).toBe(Object.prototype);
      expect(Object.keys(draft)).toStrictEqual(['header', 'question:q1']);
      expect(readBriefBase(d, 'header')).toStrictEqual({
        text: '# Financing\n\nA meeting brief.',
        at: 1_764_000_000_000,
      });
      readEverything(d, 'brief keys');
    }
  });

  test('content written to the root types as another kind of shared type is ignored', () => {
    // A writer's replica may call getArray or getText on a root the layout uses as a map: the
    // items then arrive with no key. Readers must not see them, or choke on them.
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(richBoard()));
    const rogue = new Y.Doc();
    for (const root of ['workshop', 'questions', 'ideas', 'rounds', 'brief', 'notes']) {
      rogue.getArray(root).insert(0, [null, { ideas: [null] }, 'x']);
    }
    rogue.getText('timer').insert(0, 'running');
    rogue.getXmlFragment('clusters').insert(0, [new Y.XmlText('c')]);
    const doc = replicaOf(writer);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(rogue));
    const board = readEverything(doc, 'rogue roots');
    expect(board).toStrictEqual(PRISTINE);
    expect(readEverything(replicaOf(doc), 'rogue roots (replica)')).toStrictEqual(PRISTINE);
  });

  test('a local object with a throwing getter is read as no value, not thrown', () => {
    // Only the writer's own replica can hold such an object (encoding runs the getter), but
    // that writer's screen must survive its own bug too.
    const doc = richBoard();
    const trap = Object.defineProperty({}, 'ideas', {
      enumerable: true,
      get() {
        throw new Error('trap');
      },
    });
    map(doc, 'rounds', 'r1').set('results', trap);
    expect(() => readEverything(doc, 'trap')).not.toThrow();
    expect(readRounds(doc)[0]?.results).toBeNull();
  });
});
