import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '@convene/shared';
import type { Session } from '../../server/src/auth/authenticator.ts';
import { hashToken } from '../../server/src/auth/tokens.ts';
import { type AnyCommandDef, executeCommand } from '../../server/src/commands/commandBus.ts';
import { COMMANDS } from '../../server/src/commands/index.ts';
import type { Logger } from '../../server/src/log.ts';
import { openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore } from '../../server/src/store/store.ts';
import { Room, RoomRegistry } from '../../server/src/sync/room.ts';
import { encodeSyncUpdate } from '../../server/src/sync/yjsEndpoint.ts';
import { fixtureIdea, participantsFor, seedWorkshops } from './lib/convene.ts';
import { loadAverage, newDataDir } from './lib/proc.ts';

/**
 * The command path of one `idea:submit`, timed stage by stage in one process (issue 16, item 3):
 * `node --import tsx tests/bench/commandPath.ts [ideas…]` (default 80 1000). A board of that
 * many visible ideas is seeded on disk (synchronous=FULL, as the server runs), its room loaded
 * with 60 peers whose `send` copies the frame (as a socket write would), and 400 ideas are
 * submitted one at a time by 60 participants through `executeCommand`, as the socket's handler
 * calls it. Every store method, the transaction, the doc update handler and the peers' sends are
 * wrapped with timers; the table gives the mean µs per command of each. A diagnostic, not a
 * budget: the fan-out bench (`npm run bench -- --only steady`) gives the figures that count.
 */

const sizes = process.argv.slice(2).map(Number).filter(Number.isFinite);
const SUBMITS = Number(process.env.SUBMITS ?? 400);
const PEERS = 60;

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const totals = new Map<string, number>();
const counts = new Map<string, number>();
const add = (label: string, ms: number) => {
  totals.set(label, (totals.get(label) ?? 0) + ms);
  counts.set(label, (counts.get(label) ?? 0) + 1);
};

/** Wraps obj[name] so that its time (inclusive) is added to `label`. */
function timeMethod(obj: object, name: string, label = name): void {
  const o = obj as Record<string, (...a: unknown[]) => unknown>;
  const original = o[name];
  if (typeof original !== 'function') throw new Error(`no method ${name}`);
  o[name] = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      add(label, performance.now() - t0);
    }
  };
}

// The doc's update handler: storing the projected update, framing it, relaying it.
timeMethod(Room.prototype, 'onUpdate', 'doc update handler (store + frame + relay)');

const found = COMMANDS.find((c) => c.name === 'idea:submit');
if (!found) throw new Error('idea:submit is not registered');
const submitDef: AnyCommandDef = found;

async function measure(ideas: number): Promise<void> {
  // COMMAND_PATH_DIR=/dev/shm: a folder on tmpfs, to see the CPU stages without the disk's wait.
  const dataDir = process.env.COMMAND_PATH_DIR
    ? fs.mkdtempSync(path.join(process.env.COMMAND_PATH_DIR, 'convene-cmdpath-'))
    : newDataDir('cmdpath');
  const others = 60;
  const [w] = seedWorkshops(dataDir, [
    { participants: participantsFor(ideas, others), ideas, phase: 'submit' },
  ]);
  if (!w) throw new Error('no workshop');
  const db = openDatabase(path.join(dataDir, 'convene.sqlite'));
  const store = openSqliteStore(db);
  const framed = (u: Uint8Array) => {
    const t0 = performance.now();
    const m = encodeSyncUpdate(u);
    add('frame the update', performance.now() - t0);
    return m;
  };
  const rooms = new RoomRegistry(store, silent, framed, { unloadDelayMs: 0, compactEvery: 500 });
  const room = rooms.acquire(w.id);
  let sink = 0;
  for (let i = 0; i < PEERS; i++) {
    room.peers.add({
      send(message) {
        const t0 = performance.now();
        sink += Buffer.from(message).length;
        add('60 peer sends', performance.now() - t0);
      },
    });
  }
  // Only now: the load above is not the command path.
  for (const m of [
    'transaction',
    'commandResult',
    'recordCommand',
    'question',
    'ideasOfParticipant',
    'authorIdeaCount',
    'workshop',
    'nextIdeaSeq',
    'insertIdea',
    'mergedCount',
    'hiddenCount',
    'submitters',
    'appendProjectedUpdate',
  ]) {
    // A method the code under test lacks (before or after a change) reads 0.
    if (typeof (store as unknown as Record<string, unknown>)[m] === 'function')
      timeMethod(store, m);
  }
  timeMethod(room, 'project', 'project');
  const runTime = { total: 0 };
  const def: AnyCommandDef = { ...submitDef };
  const run = def.run;
  def.run = (ctx, p) => {
    const t0 = performance.now();
    const outcome = run(ctx, p);
    runTime.total += performance.now() - t0;
    const apply = outcome.apply;
    if (!apply) return outcome;
    return {
      ...outcome,
      apply: (r: Room) => {
        const t1 = performance.now();
        try {
          apply(r);
        } finally {
          add('apply', performance.now() - t1);
        }
      },
    };
  };
  const parse = def.schema.safeParse.bind(def.schema);
  def.schema = Object.create(def.schema, {
    safeParse: {
      value: (raw: unknown) => {
        const t0 = performance.now();
        try {
          return parse(raw);
        } finally {
          add('parse', performance.now() - t0);
        }
      },
    },
  });
  const submitters = w.participants.slice(-others);
  const role: Role = 'participant';
  const sessions: Session[] = submitters.map((p) => ({
    workshopId: w.id,
    role,
    participantId: p.id,
    tokenHash: hashToken(p.token),
  }));
  const deps = { store, log: silent, now: () => Date.now(), timerChanged: () => undefined };
  const q = w.questionIds[0] as string;
  // Warm-up, then reset the counters.
  for (let k = 0; k < 40; k++) {
    const idea = fixtureIdea(k);
    executeCommand(
      def,
      { questionId: q, text: idea.text, actor: idea.actor ?? undefined },
      sessions[k % sessions.length] as Session,
      room,
      deps,
    );
  }
  totals.clear();
  counts.clear();
  runTime.total = 0;
  const all: number[] = [];
  for (let k = 0; k < SUBMITS; k++) {
    const idea = fixtureIdea(k);
    const payload = {
      questionId: q,
      text: `${idea.text} [${k}]`,
      ...(idea.actor ? { actor: idea.actor } : {}),
      ...(idea.nextStep ? { nextStep: idea.nextStep } : {}),
      commandId: `cmd-${process.pid}-${ideas}-${k}`,
    };
    const t0 = performance.now();
    const ack = executeCommand(def, payload, sessions[k % sessions.length] as Session, room, deps);
    all.push(performance.now() - t0);
    if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack)}`);
  }
  all.sort((a, b) => a - b);
  const us = (ms: number) => `${(ms * 1000).toFixed(0).padStart(6)} µs`;
  const per = (label: string) => (totals.get(label) ?? 0) / SUBMITS;
  const txn = per('transaction');
  console.log(
    `\n${ideas}-idea board, ${SUBMITS} submits by ${others} participants, ${PEERS} peers; load ${loadAverage()}`,
  );
  console.log(`  executeCommand           mean ${us(all.reduce((a, b) => a + b, 0) / SUBMITS)}`);
  console.log(`                           p50  ${us(all[Math.floor(SUBMITS / 2)] as number)}`);
  console.log(`  ├ store transaction          ${us(txn)}`);
  console.log(`  │ ├ command rule (run)       ${us(runTime.total / SUBMITS)}`);
  for (const m of [
    'question',
    'ideasOfParticipant',
    'authorIdeaCount',
    'workshop',
    'nextIdeaSeq',
    'insertIdea',
  ]) {
    console.log(`  │ │ ├ ${m.padEnd(22)} ${us(per(m))}`);
  }
  console.log(`  │ ├ commandResult            ${us(per('commandResult'))}`);
  console.log(`  │ ├ recordCommand            ${us(per('recordCommand'))}`);
  const inside = runTime.total / SUBMITS + per('commandResult') + per('recordCommand');
  console.log(`  │ └ BEGIN + COMMIT (flush)   ${us(txn - inside)}`);
  const handler = per('doc update handler (store + frame + relay)');
  const project = per('project');
  console.log(`  ├ parse the payload (zod)    ${us(per('parse'))}`);
  console.log(`  ├ project (one doc transaction) ${us(project)}`);
  console.log(`  │ ├ apply                    ${us(per('apply'))}`);
  for (const m of ['mergedCount', 'hiddenCount', 'submitters']) {
    console.log(`  │ │ ├ ${m.padEnd(22)} ${us(per(m))}`);
  }
  console.log(`  │ ├ update encoded by Yjs    ${us(project - per('apply') - handler)}`);
  console.log(`  │ └ doc update handler       ${us(handler)}`);
  console.log(`  │   ├ appendProjectedUpdate  ${us(per('appendProjectedUpdate'))}`);
  console.log(`  │   ├ frame the update       ${us(per('frame the update'))}`);
  console.log(`  │   └ 60 peer sends          ${us(per('60 peer sends'))}`);
  console.log(
    `  (doc updates per command: ${((counts.get('frame the update') ?? 0) / SUBMITS).toFixed(2)})`,
  );
  const mean = all.reduce((a, b) => a + b, 0) / SUBMITS;
  console.log(`  └ the rest (bus, reply)      ${us(mean - txn - per('parse') - project)}`);
  if (sink < 0) console.log(sink);
  rooms.closeAll();
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  totals.clear();
  counts.clear();
}

for (const n of sizes.length > 0 ? sizes : [80, 1000]) await measure(n);
