import {
  type Ack,
  CreateWorkshopSchema,
  ERROR_CODES,
  LIMITS,
  PHASES,
  type Role,
  readIdeas,
} from '@convene/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Session } from '../../server/src/auth/authenticator.ts';
import { hashToken } from '../../server/src/auth/tokens.ts';
import { type AnyCommandDef, executeCommand } from '../../server/src/commands/commandBus.ts';
import { COMMANDS } from '../../server/src/commands/index.ts';
import type { Logger } from '../../server/src/log.ts';
import { type Db, openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore, type Store } from '../../server/src/store/store.ts';
import { type Room, RoomRegistry } from '../../server/src/sync/room.ts';
import { encodeSyncUpdate } from '../../server/src/sync/yjsEndpoint.ts';
import { createWorkshop, joinWorkshop } from '../../server/src/workshops/workshops.ts';
import { docContent, storeDigest } from '../helpers/hardening.ts';

/**
 * Every command, from every role, with payloads from near-valid to absurd (wrong types, huge
 * strings, control characters, extra and `__proto__` keys, replayed command ids). The command
 * bus never throws; a refusal has a known code and a sentence, and changes neither the store
 * nor the doc; whatever is accepted keeps the store's invariants and the doc in step with it.
 */

const SOAK = process.env.SOAK === '1';
const SEED = 4242;
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

let db: Db;
let store: Store;
let room: Room;
let rooms: RoomRegistry;
let workshopId: string;
let questionIds: string[];
const sessions: Record<Role | 'bob', Session> = {} as Record<Role | 'bob', Session>;
let clock = Date.parse('2026-11-27T10:00:00Z');
const deps = () => ({ store, log: silent, now: () => clock, timerChanged: () => {} });

beforeAll(() => {
  db = openDatabase(':memory:');
  store = openSqliteStore(db);
  const w = createWorkshop(
    store,
    CreateWorkshopSchema.parse({
      title: 'Fuzzed commands',
      questions: [{ prompt: 'Q1' }, { prompt: 'Q2' }, { prompt: 'Q3' }],
      voteBudget: 3,
      maxVotesPerIdea: 2,
    }),
  );
  workshopId = w.id;
  questionIds = w.questions.map((q) => q.id);
  rooms = new RoomRegistry(store, silent, encodeSyncUpdate, {
    unloadDelayMs: 0,
    compactEvery: 200,
  });
  room = rooms.acquire(w.id);
  const roleSession = (role: Role, token: string): Session => ({
    workshopId,
    role,
    participantId: null,
    tokenHash: hashToken(token),
  });
  sessions.facilitator = roleSession('facilitator', w.tokens.facilitator);
  sessions.rapporteur = roleSession('rapporteur', w.tokens.rapporteur);
  sessions.projector = roleSession('projector', w.tokens.projector);
  for (const who of ['participant', 'bob'] as const) {
    const j = joinWorkshop(store, workshopId, who);
    sessions[who] = {
      workshopId,
      role: 'participant',
      participantId: j.participantId,
      tokenHash: hashToken(j.participantToken),
    };
  }
  // Q1 collects ideas, Q2 votes on a few, Q3 waits in the lobby.
  const run = (name: string, payload: object, as: Session = sessions.facilitator) => {
    const def = COMMANDS.find((c) => c.name === name) as AnyCommandDef;
    const ack = executeCommand(def, payload, as, room, deps()) as Ack<{ ideaId?: string }>;
    if (!ack.ok) throw new Error(`${name}: ${ack.error.code}`);
    return ack;
  };
  const [q1, q2] = questionIds as [string, string];
  run('phase:set', { questionId: q2, phase: 'submit' });
  for (const text of ['pool funds', 'local mediators', 'early warning']) {
    run('idea:submit', { questionId: q2, text }, sessions.participant);
  }
  run('phase:set', { questionId: q2, phase: 'cluster' });
  run('phase:set', { questionId: q2, phase: 'vote' });
  run('phase:set', { questionId: q1, phase: 'submit' });
  run('idea:submit', { questionId: q1, text: 'an idea of bob' }, sessions.bob);
});
afterAll(() => {
  rooms.closeAll();
  db.close();
});

const ideaIds = () => store.ideas(workshopId).map((i) => i.id);

/** Strings a hostile client would try: long, empty, control characters, markup, RTL, emoji. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '   ',
    '\u0000',
    'a\u0007b',
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    '\u202Eevil',
    '🙂'.repeat(300),
    'x'.repeat(LIMITS.ideaText + 1),
    'x'.repeat(LIMITS.ideaText * 4 + 1),
    '__proto__',
  ),
);
const nastyNumber = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double(),
  fc.constantFrom(0, -1, 1, 3, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY),
);
const idLike = () =>
  fc.oneof(
    fc.constantFrom(...questionIds, ...ideaIds(), 'nope', '', 'a'.repeat(65), '../x'),
    nastyString,
  );
const commandIdLike = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('replay-0001', 'replay-0002', 'short', 'x'.repeat(65), 'bad id!'),
  fc.string({ minLength: 8, maxLength: 20 }),
);

/** A payload shaped like a command's, with any field replaced by something hostile. */
function payloadFor(): fc.Arbitrary<unknown> {
  const value = fc.oneof(
    { weight: 4, arbitrary: idLike() },
    { weight: 2, arbitrary: nastyString },
    { weight: 2, arbitrary: nastyNumber },
    { weight: 1, arbitrary: fc.constantFrom(...PHASES, 'open', 'hidden', true, false, null) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );
  const keys = fc.constantFrom(
    'questionId',
    'ideaId',
    'intoId',
    'text',
    'actor',
    'nextStep',
    'phase',
    'mode',
    'reason',
    'budget',
    'maxPerIdea',
    'topN',
    'durationSeconds',
    'autoAdvance',
    'seconds',
    'contested',
    'note',
    '__proto__',
    'constructor',
  );
  const shaped = fc
    .tuple(fc.dictionary(keys, value, { maxKeys: 5 }), commandIdLike)
    .map(([fields, commandId]) => {
      // JSON.parse makes "__proto__" an own key, as a socket's payload would have it.
      const out = JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
      if (commandId !== undefined) out.commandId = commandId;
      return out;
    });
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: fc.anything() });
}

/** A payload that passes the command's schema (the domain may still refuse it). */
function validFor(name: string): fc.Arbitrary<unknown> {
  const q = fc.constantFrom(...questionIds);
  const idea = fc.constantFrom(...ideaIds());
  const text = fc.string({ minLength: 1, maxLength: 60 }).filter((t) => /\S/.test(t));
  const cid = fc.constantFrom(undefined, 'replay-0001', 'replay-0002', 'replay-0003');
  const withCid = (a: fc.Arbitrary<Record<string, unknown>>) =>
    fc.tuple(a, cid).map(([o, c]) => (c ? { ...o, commandId: c } : o));
  switch (name) {
    case 'idea:submit':
      return withCid(fc.record({ questionId: q, text }));
    case 'idea:edit':
      return withCid(fc.record({ ideaId: idea, text }));
    case 'idea:withdraw':
    case 'idea:restore':
    case 'vote:cast':
    case 'vote:retract':
      return withCid(fc.record({ ideaId: idea }));
    case 'idea:hide':
      return withCid(fc.record({ ideaId: idea, reason: text }));
    case 'idea:merge':
      return withCid(fc.record({ ideaId: idea, intoId: idea }));
    // Points of debate (issue 13): a note only goes with the mark.
    case 'idea:contest':
      return withCid(
        fc.oneof(
          fc.record({ ideaId: idea, contested: fc.constant(true), note: text }),
          fc.record({ ideaId: idea, contested: fc.boolean() }),
        ),
      );
    case 'phase:set':
      return withCid(fc.record({ questionId: q, phase: fc.constantFrom(...PHASES) }));
    case 'question:mode':
      return withCid(fc.record({ questionId: q, mode: fc.constantFrom('open', 'hidden') }));
    case 'ideas:reveal':
    case 'vote:mine':
    case 'sense:suggest':
      return withCid(fc.record({ questionId: q }));
    // Sense queries (issue 13): the bus's synchronous half (read and filter) is what runs here.
    case 'sense:belong':
      return withCid(fc.record({ questionId: q, clusterId: fc.constantFrom('c1', 'nope') }));
    case 'sense:name':
      return withCid(
        fc.record({ questionId: q, ideaIds: fc.array(idea, { minLength: 1, maxLength: 3 }) }),
      );
    case 'vote:configure':
      return withCid(
        fc.record(
          { questionId: q, budget: fc.integer({ min: 1, max: 5 }) },
          { requiredKeys: ['questionId'] },
        ),
      );
    case 'round:start':
      return withCid(fc.record({ questionId: q, topN: fc.integer({ min: 2, max: 5 }) }));
    case 'timer:start':
      return withCid(fc.record({ durationSeconds: fc.integer({ min: 1, max: 600 }) }));
    case 'timer:add':
      return withCid(fc.record({ seconds: fc.constantFrom(-30, 30, 60) }));
    // Lenses (issue 13): known and unknown codes, lenses and values, batches.
    case 'idea:tag':
      return withCid(
        fc.oneof(
          fc.record({
            ideaIds: fc.array(idea, { minLength: 1, maxLength: 4 }),
            lens: fc.constant('countries'),
            add: fc.array(fc.constantFrom('LR', 'SL', 'CD', 'ZZ'), { maxLength: 2 }),
            remove: fc.array(fc.constantFrom('LR', 'BI'), { maxLength: 2 }),
          }),
          fc.record({
            ideaIds: fc.array(idea, { minLength: 1, maxLength: 4 }),
            lens: fc.constant('pbc'),
            value: fc.boolean(),
          }),
          fc.record({
            ideaIds: fc.array(idea, { minLength: 1, maxLength: 4 }),
            lens: fc.constantFrom('stage', 'nope'),
            add: fc.array(fc.constantFrom('Prevention', 'Other'), { minLength: 1, maxLength: 2 }),
          }),
        ),
      );
    case 'workshop:lenses':
      return withCid(
        fc.record({
          lenses: fc.record({
            countries: fc.boolean(),
            pbc: fc.boolean(),
            custom: fc.constantFrom(
              [],
              [{ id: 'stage', name: 'Stage', values: ['Prevention', 'Transition'] }],
            ),
          }),
        }),
      );
    default:
      return withCid(fc.constant({}));
  }
}

describe('the command bus under fuzzed payloads', () => {
  test('property: never throws; refusals are clean; accepted commands keep the invariants', () => {
    const roles = ['facilitator', 'rapporteur', 'projector', 'participant', 'bob'] as const;
    const replies = new Map<string, unknown>();
    let accepted = 0;
    fc.assert(
      fc.property(
        fc
          .constantFrom(...COMMANDS)
          .chain((def) =>
            fc.tuple(
              fc.constant(def),
              fc.oneof(
                { weight: 1, arbitrary: payloadFor() },
                { weight: 1, arbitrary: validFor(def.name) },
              ),
            ),
          ),
        fc.constantFrom(...roles),
        fc.nat({ max: 120_000 }),
        ([def, payload], role, advance) => {
          clock += advance;
          const session = sessions[role];
          const before = storeDigest(db).hash;
          const docBefore = docContent(room.doc);
          const ack = executeCommand(def, payload, session, room, deps()) as Ack<object>;
          expect(typeof ack.ok).toBe('boolean');
          if (!ack.ok) {
            expect(ERROR_CODES).toContain(ack.error.code);
            expect(ack.error.message).toEqual(expect.any(String));
            expect(ack.error.message).not.toMatch(/\n\s+at |node_modules|SQLITE/);
            expect(storeDigest(db).hash).toBe(before);
            expect(docContent(room.doc)).toBe(docBefore);
            return;
          }
          accepted++;
          // A replayed command id answers what it answered the first time.
          // Queries (readOnly) are not remembered: their answers may change.
          const cid = (payload as { commandId?: unknown })?.commandId;
          if (typeof cid === 'string' && !def.readOnly) {
            const key = `${session.tokenHash}:${def.name}:${cid}`;
            const first = replies.get(key);
            if (first !== undefined) {
              expect(ack).toStrictEqual(first);
              expect(storeDigest(db).hash).toBe(before);
            } else replies.set(key, ack);
          }
          checkInvariants();
        },
      ),
      { seed: SEED, numRuns: SOAK ? 20_000 : 1500 },
    );
    // The generators reach past the schemas often enough to exercise the domain too.
    expect(accepted).toBeGreaterThan(50);
  });
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: stored text must have none
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function checkInvariants(): void {
  const ideas = store.ideas(workshopId);
  for (const i of ideas) {
    expect(i.text.length).toBeGreaterThan(0);
    expect(i.text.length).toBeLessThanOrEqual(LIMITS.ideaText);
    expect(CONTROL.test(i.text + (i.actor ?? '') + (i.nextStep ?? ''))).toBe(false);
  }
  // Seq numbers are unique; one idea per (author, commandId).
  expect(new Set(ideas.map((i) => i.seq)).size).toBe(ideas.length);
  const byCommand = ideas
    .filter((i) => i.commandId)
    .map((i) => `${i.participantId}:${i.commandId}`);
  expect(new Set(byCommand).size).toBe(byCommand.length);
  // Nobody holds more dots than the round's budget.
  for (const q of questionIds) {
    for (const r of store.rounds(q)) {
      for (const u of store.usage(r.id)) expect(u.used).toBeLessThanOrEqual(r.budget);
    }
  }
  // The doc shows exactly the visible ideas, with the stored text.
  const visible = ideas.filter((i) => i.status === 'visible').map((i) => [i.id, i.text]);
  const inDoc = readIdeas(room.doc).map((i) => [i.id, i.text]);
  expect(inDoc.sort()).toStrictEqual(visible.sort());
}
