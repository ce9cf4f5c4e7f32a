/**
 * The command bus and the write pipeline. `executeCommand` authorises and parses a socket
 * command, then hands it to `commitAndProject`, the one path by which the server changes a
 * workshop's record: commit in one store transaction, project into the doc, then reply (see
 * commitAndProject for who else uses it and which writes take another path on purpose).
 */
import {
  type Ack,
  type AckError,
  COMMAND_SPECS,
  type CommandMap,
  type CommandName,
  type CommandSpec,
  describeZodError,
  type ErrorCode,
  ORIGINS,
  type Role,
} from '@convene/shared';
import type { Socket } from 'socket.io';
import type * as Y from 'yjs';
import type { z } from 'zod';
import type { Session } from '../auth/authenticator.ts';
import { type RateLimiter, retryAfterSeconds, secondsText } from '../limits/rateLimiter.ts';
import { errorName, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { Room } from '../sync/room.ts';

/** A refusal with a code the client can act on. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface CommandContext {
  session: Session;
  store: Store;
  /** The workshop's live doc, to read the board layout (clusters) — never to write in `run`. */
  doc: Y.Doc;
  now: () => number;
  /** Tells the timer scheduler that this workshop's timer changed (after commit). */
  timerChanged: (workshopId: string) => void;
}

/**
 * What a command did: its reply, and the doc change to make once the store has committed.
 * The store is the record; the doc is told afterwards, so a crash in between loses nothing
 * (the room reconciles from the store on load).
 */
export interface CommandOutcome<R> {
  reply: R;
  /** Projects rows just committed into the doc (stored without a flush of its own: Room.project). */
  apply?: (room: Room) => void;
  /**
   * Changes the doc's own parts (notes, theme names, the brief draft): the doc is their record,
   * so this change is stored with a flushed commit of its own, after the projection and before
   * the reply. Only server actions over those parts have one (redaction, draft generation).
   */
  write?: (room: Room) => void;
}

export interface CommandDef<N extends CommandName, S extends z.ZodType> {
  name: N;
  schema: S;
  roles: readonly Role[];
  /** A query: it changes nothing, so its commandId is neither looked up nor recorded. */
  readOnly?: boolean;
  run(ctx: CommandContext, payload: z.output<S>): CommandOutcome<CommandMap[N]['reply']>;
}

/** The schema a command's spec declares (shared/src/protocol/commandSpecs.ts). */
type SpecSchema<N extends CommandName> = (typeof COMMAND_SPECS)[N]['schema'];

/** What a command adds to its spec: its rule. */
export interface CommandRule<N extends CommandName> {
  run(
    ctx: CommandContext,
    payload: z.output<SpecSchema<N>>,
  ): CommandOutcome<CommandMap[N]['reply']>;
}

/** A command: its spec (name, schema, roles, query or not) and its rule. */
export function defineCommand<N extends CommandName>(
  name: N,
  rule: CommandRule<N>,
): CommandDef<N, SpecSchema<N>> {
  const spec: CommandSpec = COMMAND_SPECS[name];
  return {
    name,
    schema: spec.schema as SpecSchema<N>,
    roles: spec.roles,
    ...(spec.readOnly ? { readOnly: true } : {}),
    run: rule.run,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of command definitions
export type AnyCommandDef = CommandDef<any, any>;

// ---- Queries finished off the main thread (sense engine, issue 13) ----

/**
 * A read-only command whose `run` does everything the bus guards — roles, payload, reading the
 * store and the doc — and returns a job instead of the reply; `finish` computes the reply from
 * that job off the main thread (the render worker). Only `finish`'s reply reaches the client.
 */
export interface OffThreadQueryRule<N extends CommandName, J extends object> {
  run(ctx: CommandContext, payload: z.output<SpecSchema<N>>): CommandOutcome<J>;
  /** Throws a CommandError for a refusal the client can act on (a time limit, say). */
  finish(job: J): Promise<CommandMap[N]['reply']>;
}

export function defineOffThreadQuery<N extends CommandName, J extends object>(
  name: N,
  rule: OffThreadQueryRule<N, J>,
): CommandDef<N, SpecSchema<N>> {
  if (!COMMAND_SPECS[name].readOnly) throw new Error(`${name} is not declared as a query`);
  // Listed with the other commands (COMMANDS): executeCommand runs its synchronous half.
  return {
    ...defineCommand(name, rule as unknown as CommandRule<N>),
    finish: rule.finish,
  } as CommandDef<N, SpecSchema<N>>;
}

type Finish = (job: object) => Promise<object>;

function finishOf(def: AnyCommandDef): Finish | null {
  const f = (def as { finish?: unknown }).finish;
  return typeof f === 'function' ? (f as Finish) : null;
}

export interface CommandBusDeps {
  store: Store;
  log: Logger;
  now: () => number;
  timerChanged: (workshopId: string) => void;
  /** Commands per actor (participant, or role token), across all their sockets. */
  limiter?: RateLimiter;
  /** Told of every answer the bus gives a known command (issue 17: /metrics counts them). */
  commandAnswered?: (name: CommandName, ack: Ack<object>) => void;
}

/** The key commands are deduplicated and rate-limited by: the participant, or the token. */
export const actorKeyOf = (session: Session): string =>
  session.participantId ?? `token:${session.tokenHash}`;

/** A database that refuses to write (full, read-only, locked) raises SQLITE_* errors. */
const isStorageError = (err: unknown): boolean =>
  typeof (err as { code?: unknown })?.code === 'string' &&
  (err as { code: string }).code.startsWith('SQLITE_');

const fail = (code: ErrorCode, message: string): AckError => ({
  ok: false,
  error: { code, message },
});

/**
 * Authorises and parses one command: the refusal to answer at once, or the pipeline's `work`
 * (replay or run + record, inside the store transaction it is given).
 */
function prepareCommand(
  def: AnyCommandDef,
  raw: unknown,
  session: Session,
  room: Room,
  deps: CommandBusDeps,
): { refused: Ack<object> } | { work: () => CommandOutcome<object> } {
  if (!def.roles.includes(session.role)) {
    return {
      refused: fail('forbidden', `${def.name} is not allowed for the ${session.role} role`),
    };
  }
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) return { refused: fail('invalid_payload', describeZodError(parsed.error)) };
  const payload = parsed.data as { commandId?: string };
  const actorKey = actorKeyOf(session);
  const ctx: CommandContext = {
    session,
    store: deps.store,
    doc: room.doc,
    now: deps.now,
    timerChanged: deps.timerChanged,
  };
  // Queries (clock, own ideas, own ballot) change nothing: nothing to replay, nothing to record.
  const remembered = def.readOnly ? undefined : payload.commandId;
  return {
    work: () => {
      if (remembered) {
        const previous = deps.store.commandResult(actorKey, remembered);
        if (previous) {
          if (previous.name !== def.name) {
            throw new CommandError(
              'invalid_payload',
              'commandId was already used for another command',
            );
          }
          return { reply: previous.result as object };
        }
      }
      const result = def.run(ctx, payload) as CommandOutcome<object>;
      if (remembered) {
        deps.store.recordCommand(actorKey, remembered, session.workshopId, def.name, result.reply);
      }
      return result;
    },
  };
}

/**
 * Runs one command at once: authorise → parse → the write pipeline (replay or run + record in
 * one SQLite transaction, then project to the doc) → reply. For callers that answer in the
 * same turn (an HTTP route); sockets use executeCommandGrouped. Never throws.
 */
export function executeCommand(
  def: AnyCommandDef,
  raw: unknown,
  session: Session,
  room: Room,
  deps: CommandBusDeps,
): Ack<object> {
  const prepared = prepareCommand(def, raw, session, room, deps);
  const ack =
    'refused' in prepared
      ? prepared.refused
      : commitAndProject(room, deps, def.name, prepared.work);
  deps.commandAnswered?.(def.name, ack);
  return ack;
}

/**
 * Runs one socket command in the open group of commands (group commit, store/groupCommit.ts):
 * its work runs now; `reply` is called once the group that holds it is flushed to disk and the
 * command projected — or at once for a refusal that reads nothing (role, payload). Never throws.
 */
export function executeCommandGrouped(
  def: AnyCommandDef,
  raw: unknown,
  session: Session,
  room: Room,
  deps: CommandBusDeps,
  replyTo: (ack: Ack<object>) => void,
): void {
  // An answer replayed from the command log (a repeated commandId) counts as ok, as it is.
  const reply = (ack: Ack<object>) => {
    deps.commandAnswered?.(def.name, ack);
    replyTo(ack);
  };
  const prepared = prepareCommand(def, raw, session, room, deps);
  if ('refused' in prepared) {
    reply(prepared.refused);
    return;
  }
  const { work } = prepared;
  // Both parts are the pipeline's: the work in the group (which it may open), the projection
  // once the group is committed; the reply waits for the group's flush.
  let answer: Ack<object> | null = null;
  counted(() =>
    deps.store.enlist(work, {
      committed: (settled) => {
        if (settled.kind === 'done') {
          answer = counted(() => projectAndReply(room, deps, def.name, settled.value));
        }
      },
      settled: (settled) => {
        // A group that could not be committed, begun or flushed (or, in cluster mode, shipped):
        // a storage failure for each — nothing of it may be taken as saved; the client retries.
        if (settled.kind === 'lost') {
          deps.log.error('command_store_failed', {
            command: def.name,
            err: errorName(settled.error),
          });
          reply(fail('storage_unavailable', 'The server could not save this; please try again.'));
        } else if (settled.kind !== 'done') reply(refusalOf(settled.error, def.name, deps.log));
        else reply(answer ?? refusalOf(new Error('not projected'), def.name, deps.log));
      },
    }),
  );
}

// ---- The write pipeline -------------------------------------------------------------------

/** What the write pipeline needs: the record, and where its failures are told. */
export interface PipelineDeps {
  store: Store;
  log: Logger;
}

/** The rooms inside a pipeline run (see `inPipeline`). */
const running = new WeakMap<Room, number>();

/**
 * Whether `room`'s doc is being changed by a pipeline run right now. Every change to a room's
 * doc is made inside one, except the writers' own Yjs updates (Room.applyPeerUpdate) and the
 * reconcile on load (Room's constructor): the tests hold every writer to that.
 */
export function inPipeline(room: Room): boolean {
  return (running.get(room) ?? 0) > 0;
}

/**
 * The one write path to the record (issue 16, item 1). Every change to the record — socket
 * commands (executeCommand), HTTP actions (redaction and its undo, brief generation, name
 * decisions, a series attached, detached or renamed; joining, minting and revoking links,
 * purging names, creating, importing and deleting workshops, series, their plan and paper),
 * the timer's auto-advance — runs here, after its caller has authorised and validated it:
 *
 *   request / socket / timer → authorise → validate → work: the domain rule, in ONE store
 *   transaction (commit) → `apply` inside room.project (the doc follows the committed rows)
 *   → `write` (the doc's own parts) → reply
 *
 * Calls are serialised per workshop by construction: `work`, the commit and the doc changes
 * run in one synchronous turn, so nothing else touches the store or the doc in between. An
 * action that awaits (the name check's worker, the draft's text) reads before, and decides in
 * `work` against the record as it is then.
 *
 * `room` is null for a change with nothing in the doc (a name decision, access rows, series
 * rows, a workshop being created: no room holds it yet, its doc is projected from the rows on
 * first load, or being deleted: its room is evicted after the commit); `work` then may return
 * no `apply` or `write`.
 *
 * Returns the reply, or the refusal as a command's ack: a CommandError's code, a storage
 * failure as `storage_unavailable`, anything else as `internal_error` (nothing committed).
 * An `apply` that throws after the commit is logged and the reply still goes: the room repairs
 * the doc from the store on its next load. A `write` that throws is answered `internal_error`:
 * nothing rebuilds the doc's own parts. Never throws.
 *
 * Writes that legitimately take another path, and why (writePipeline.test.ts lists these):
 * - A writer's (facilitator's, rapporteur's) Yjs update: Room.applyPeerUpdate stages it on a
 *   replica, stores it with a flushed commit and only then applies it to the live doc. Its
 *   authorisation (the writer's role, the parts it may touch) is the Yjs endpoint's and
 *   ownership.ts's; the doc is the record of those parts, so there is no row to commit first.
 * - A room's load (Room's constructor): it reconciles the doc with the committed rows, inside
 *   room.project; and its compaction (Room.compact), which folds the doc log into a snapshot.
 * - Migrations, when the database opens (db.ts).
 */
export function commitAndProject<R extends object>(
  room: Room | null,
  deps: PipelineDeps,
  name: string,
  work: () => CommandOutcome<R>,
): Ack<R> {
  // Commands of an open group first: this change may be acknowledged as soon as it returns.
  deps.store.settle();
  return counted(() => runPipeline(room, deps, name, work));
}

/** Pipeline runs under way in this process (nested runs count each). */
let depth = 0;

/** Runs `fn` as (part of) a pipeline run, for `pipelineDepth`. */
function counted<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/**
 * How many write-pipeline runs are under way right now, process-wide: a store write made while
 * this is 0 was made outside the pipeline (writePipeline.test.ts holds every writer to that).
 */
export function pipelineDepth(): number {
  return depth;
}

function runPipeline<R extends object>(
  room: Room | null,
  deps: PipelineDeps,
  name: string,
  work: () => CommandOutcome<R>,
): Ack<R> {
  let outcome: CommandOutcome<R>;
  try {
    outcome = deps.store.transaction(work);
  } catch (err) {
    return refusalOf(err, name, deps.log);
  }
  return projectAndReply(room, deps, name, outcome);
}

/** The answer to a `work` that threw (nothing of it committed). */
function refusalOf(err: unknown, name: string, log: Logger): AckError {
  if (err instanceof CommandError) return fail(err.code, err.message);
  if (isStorageError(err)) {
    log.error('command_store_failed', { command: name, err: errorName(err) });
    return fail('storage_unavailable', 'The server could not save this; please try again.');
  }
  log.error('command_failed', { command: name, err: errorName(err) });
  return fail('internal_error', 'Something went wrong on the server; nothing was saved.');
}

/** The pipeline after the commit: project, change the doc's own parts, reply. */
function projectAndReply<R extends object>(
  room: Room | null,
  deps: PipelineDeps,
  name: string,
  outcome: CommandOutcome<R>,
): Ack<R> {
  if (room && (outcome.apply || outcome.write)) {
    running.set(room, (running.get(room) ?? 0) + 1);
    try {
      // A projection of what was just committed (stored without a second disk flush:
      // Room.project), as one doc transaction: one update stored and relayed.
      const { apply } = outcome;
      if (apply) room.project(() => room.doc.transact(() => apply(room), ORIGINS.command));
    } catch (err) {
      // Committed already: the doc catches up from the store when the room next loads.
      deps.log.error('command_apply_failed', { command: name, err: errorName(err) });
    }
    try {
      // The doc's own parts: this change is their record, stored with a flushed commit (one
      // doc transaction, so one update stored and relayed).
      const { write } = outcome;
      if (write) room.doc.transact(() => write(room), ORIGINS.command);
    } catch (err) {
      // Nothing rebuilds these parts from the store: the caller must not be told it worked.
      deps.log.error('command_write_failed', { command: name, err: errorName(err) });
      return fail('internal_error', 'Something went wrong on the server; it may be partly saved.');
    } finally {
      running.set(room, (running.get(room) ?? 1) - 1);
    }
  }
  return { ok: true, ...outcome.reply } as Ack<R>;
}

/** Registers every command on a connected socket, and answers unknown ones. */
export function bindCommands(
  socket: Socket,
  defs: readonly AnyCommandDef[],
  session: Session,
  room: Room,
  deps: CommandBusDeps,
): void {
  const known = new Map(defs.map((d) => [d.name as string, d]));
  socket.onAny((event: unknown, ...args: unknown[]) => {
    const ack = args[args.length - 1];
    const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : null;
    // Every event counts, known or not: a flood of nonsense costs the sender, not the room.
    const allowed = deps.limiter?.take(actorKeyOf(session)) ?? { ok: true };
    if (!allowed.ok) {
      const retryAfter = retryAfterSeconds(allowed.retryAfterMs);
      reply?.({
        ok: false,
        error: {
          code: 'rate_limited',
          message: `Too many commands; try again in ${secondsText(retryAfter)}`,
          retryAfter,
        },
      });
      return;
    }
    const def = typeof event === 'string' ? known.get(event) : undefined;
    if (!def) {
      reply?.(fail('unknown_command', `Unknown command ${String(event).slice(0, 40)}`));
      return;
    }
    const payload = args.length > 1 || !reply ? args[0] : undefined;
    const finish = finishOf(def);
    const answer = (result: Ack<object>) => {
      if (!(finish && result.ok)) {
        reply?.(result);
        return;
      }
      // An off-thread query: the job read above is computed elsewhere; the reply follows.
      const { ok: _ok, ...job } = result;
      finish(job).then(
        (r) => reply?.({ ok: true, ...r }),
        (err: unknown) => {
          if (err instanceof CommandError) {
            reply?.(fail(err.code, err.message));
            return;
          }
          deps.log.error('command_failed', { command: def.name, err: errorName(err) });
          reply?.(fail('internal_error', 'Something went wrong on the server; nothing was saved.'));
        },
      );
    };
    try {
      executeCommandGrouped(def, payload, session, room, deps, answer);
    } catch (err) {
      // executeCommandGrouped answers everything itself; this is the last line before the process.
      deps.log.error('command_failed', { command: def.name, err: errorName(err) });
      reply?.(fail('internal_error', 'Something went wrong on the server; nothing was saved.'));
    }
  });
}
