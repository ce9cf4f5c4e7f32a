import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { readEverything } from '../helpers/boardShape.ts';
import { CLOSED, META, QUESTIONS, replicaOf, richBoard } from '../helpers/richBoard.ts';

/**
 * Random junk in random keys of a full board, written the ways a writer can reach the doc:
 * on the writer's own replica (which keeps the very objects it was given), through another
 * replica's update (what every other screen receives), as deletions, and as content of the
 * wrong shared type on a root. After every write, every reader of shared/src/doc must return
 * its promised shape on the written doc and on a fresh replica of it, and never throw
 * (tests/unit/docReaders.test.ts has the same per field, exhaustively).
 */

const SOAK = process.env.SOAK === '1';
const SEED = 1106;

const ROOTS = [
  'workshop',
  'questions',
  'ideas',
  'notes',
  'clusters',
  'placement',
  'timer',
  'rounds',
  'display',
  'brief',
  'briefBase',
] as const;
type Root = (typeof ROOTS)[number];

/** Keys each root has on the rich board, plus ones a writer could invent. */
const KEYS: Record<Root, string[]> = {
  workshop: Object.keys(META),
  questions: ['q1', 'q2'],
  ideas: ['i1', 'i2', 'i3', 'i4'],
  notes: ['q1', 'q2'],
  clusters: ['c1', 'c2'],
  placement: ['i1', 'i2', 'i3', 'i4'],
  timer: ['status', 'durationMs', 'endsAt', 'remainingMs', 'autoAdvance', 'questionId', 'phase'],
  rounds: ['r1', 'r2'],
  display: ['spotlight', 'wallMode'],
  brief: ['header', 'question:q1', 'question:q2', 'annex'],
  briefBase: ['header', 'question:q1', 'annex'],
};
const INVENTED = ['', '__proto__', 'constructor', 'q 1', 'x'.repeat(65), '🙂', 'question:'];

/** Fields of the entries of map-of-maps roots. */
const FIELDS: Partial<Record<Root, string[]>> = {
  questions: Object.keys(QUESTIONS[0] ?? {}),
  ideas: ['id', 'questionId', 'text', 'actor', 'nextStep', 'createdAt', 'seq', 'mergedCount'],
  clusters: ['id', 'questionId', 'label', 'position'],
  rounds: Object.keys(CLOSED),
};

/** A shared type or binary to create at write time (a Y type can be inserted only once). */
type Fresh = { fresh: 'map' | 'array' | 'text' | 'xml' | 'doc' | 'bytes' | 'resultsMap' };
const isFresh = (v: unknown): v is Fresh =>
  typeof v === 'object' && v !== null && 'fresh' in v && Object.keys(v).length === 1;

function materialize(v: unknown): unknown {
  if (!isFresh(v)) return v;
  switch (v.fresh) {
    case 'map': {
      const m = new Y.Map<unknown>();
      m.set('text', 1);
      return m;
    }
    case 'array':
      return Y.Array.from([null, 1]);
    case 'text':
      return new Y.Text('junk');
    case 'xml':
      return new Y.XmlText('junk');
    case 'doc':
      return new Y.Doc();
    case 'bytes':
      return new Uint8Array([0, 255]);
    case 'resultsMap': {
      const m = new Y.Map<unknown>();
      m.set('ideas', Y.Array.from([null]));
      return m;
    }
  }
}

const special = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  0.5,
  2 ** 60,
  1e308,
  '',
  '\uD800',
  '__proto__',
  'closed',
  'running',
  'idea',
);
const fresh = fc
  .constantFrom<Fresh['fresh']>('map', 'array', 'text', 'xml', 'doc', 'bytes', 'resultsMap')
  .map((f): Fresh => ({ fresh: f }));
const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  withBoxedValues: true,
});
const longText = fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.repeat(5_000));
const leaf = fc.oneof(anything, special, longText);
/** Near-valid shapes: the parts of results, spotlights and generation records, spoilt. */
const shaped = fc.oneof(
  fc.record({
    ideas: fc.oneof(fc.array(leaf, { maxLength: 5 }), leaf),
    clusters: fc.oneof(fc.array(leaf, { maxLength: 5 }), leaf),
    voters: leaf,
  }),
  fc.array(
    fc.record(
      {
        ideaId: fc.oneof(fc.constantFrom('i1', 'i2', 'c1'), leaf),
        clusterId: fc.oneof(fc.constantFrom('c1', 'c2'), leaf),
        votes: leaf,
        voters: leaf,
        ideas: leaf,
        seq: leaf,
        rank: leaf,
        tieBreak: fc.oneof(fc.constantFrom('voters', 'order'), leaf),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 4 },
  ),
  fc.record({ kind: fc.oneof(fc.constantFrom('idea', 'cluster'), leaf), id: leaf }),
  fc.record({ text: leaf, at: leaf }, { requiredKeys: [] }),
);
const value = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 2, arbitrary: fresh },
  { weight: 2, arbitrary: shaped },
);

type Write =
  | { kind: 'set'; via: 'local' | 'remote'; root: Root; key: string; value: unknown }
  | { kind: 'delete'; via: 'local' | 'remote'; root: Root; key: string; value: unknown }
  | {
      kind: 'field';
      via: 'local' | 'remote';
      root: Root;
      key: string;
      field: string;
      value: unknown;
    }
  | { kind: 'rogue'; root: Root; shape: 'array' | 'text' | 'xml'; value: unknown };

const root = fc.constantFrom(...ROOTS);
const keyOf = (r: Root) => fc.oneof(fc.constantFrom(...KEYS[r]), fc.constantFrom(...INVENTED));
const via = fc.constantFrom<'local' | 'remote'>('local', 'remote');
const write: fc.Arbitrary<Write> = root.chain((r) =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('set' as const),
        via,
        root: fc.constant(r),
        key: keyOf(r),
        value,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        via,
        root: fc.constant(r),
        key: keyOf(r),
        value: fc.constant(null),
      }),
    },
    {
      weight: FIELDS[r] ? 6 : 0,
      arbitrary: fc.record({
        kind: fc.constant('field' as const),
        via,
        root: fc.constant(r),
        key: keyOf(r),
        field: fc.oneof(fc.constantFrom(...(FIELDS[r] ?? ['x'])), fc.constantFrom(...INVENTED)),
        value,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('rogue' as const),
        root: fc.constant(r),
        shape: fc.constantFrom<'array' | 'text' | 'xml'>('array', 'text', 'xml'),
        value: leaf,
      }),
    },
  ),
);

/** Applies one write to `target`; false when Yjs itself refuses the value (nothing written). */
function apply(target: Y.Doc, w: Exclude<Write, { kind: 'rogue' }>): boolean {
  try {
    target.transact(() => {
      const m = target.getMap(w.root);
      if (w.kind === 'delete') m.delete(w.key);
      else if (w.kind === 'set') m.set(w.key, materialize(w.value));
      else {
        const entry = m.get(w.key);
        if (entry instanceof Y.Map) entry.set(w.field, materialize(w.value));
        else m.set(w.key, materialize({ fresh: 'map' }));
      }
    });
    return true;
  } catch {
    // Yjs refuses a Map, a Set or a null-prototype object as a value: no writer can send one.
    return false;
  }
}

function rogue(doc: Y.Doc, w: Extract<Write, { kind: 'rogue' }>): boolean {
  // A replica where this root was never read as a map: its content arrives without keys.
  const other = new Y.Doc();
  try {
    if (w.shape === 'array') other.getArray(w.root).insert(0, [w.value]);
    else if (w.shape === 'text') other.getText(w.root).insert(0, String(w.value).slice(0, 50));
    else other.getXmlFragment(w.root).insert(0, [new Y.XmlText(String(w.value).slice(0, 50))]);
  } catch {
    return false; // a value Yjs would not encode
  }
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
  return true;
}

describe('doc readers under random junk', () => {
  test('every reader stays total and in shape after every write, on the writer and a replica', () => {
    // Positive control: most writes must reach the doc, or the fuzz would check nothing.
    let tried = 0;
    let written = 0;
    fc.assert(
      fc.property(fc.array(write, { minLength: 1, maxLength: 12 }), (writes) => {
        const doc = richBoard();
        const remote = replicaOf(doc);
        writes.forEach((w, step) => {
          tried++;
          if (w.kind === 'rogue') written += rogue(doc, w) ? 1 : 0;
          else if (w.via === 'local') written += apply(doc, w) ? 1 : 0;
          else if (apply(remote, w)) {
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
            written++;
          }
          // Keep the remote writer's replica in step with everything the doc has seen.
          try {
            Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)));
          } catch {
            // A local value Yjs cannot encode stays on the writer's replica only.
          }
          const where = `step ${step}: ${JSON.stringify(w, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 300)}`;
          readEverything(doc, `${where} (writer)`);
          let replica: Y.Doc | null = null;
          try {
            replica = replicaOf(doc);
          } catch {
            replica = null; // as above: nothing that cannot be encoded ever reaches a replica
          }
          if (replica) readEverything(replica, `${where} (replica)`);
        });
      }),
      { seed: SEED, numRuns: SOAK ? 5_000 : 300 },
    );
    expect(written / tried).toBeGreaterThan(0.6);
  });
});
