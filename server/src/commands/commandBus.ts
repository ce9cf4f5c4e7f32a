import {
  type Ack,
  COMMAND_SPECS,
  type CommandMap,
  type CommandName,
  type CommandSpec,
  describeZodError,
  type ErrorCode,
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
  apply?: (room: Room) => void;
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
}

/** The key commands are deduplicated and rate-limited by: the participant, or the token. */
export const actorKeyOf = (session: Session): string =>
  session.participantId ?? `token:${session.tokenHash}`;

/** A database that refuses to write (full, read-only, locked) raises SQLITE_* errors. */
const isStorageError = (err: unknown): boolean =>
  typeof (err as { code?: unknown })?.code === 'string' &&
  (err as { code: string }).code.startsWith('SQLITE_');

const fail = (code: ErrorCode, message: string): Ack => ({ ok: false, error: { code, message } });

/**
 * Runs one command: parse → authorise → (replay or run + record, in one SQLite transaction)
 * → apply to the doc → reply. Never throws.
 */
export function executeCommand(
  def: AnyCommandDef,
  raw: unknown,
  session: Session,
  room: Room,
  deps: CommandBusDeps,
): Ack<object> {
  if (!def.roles.includes(session.role)) {
    return fail('forbidden', `${def.name} is not allowed for the ${session.role} role`);
  }
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) return fail('invalid_payload', describeZodError(parsed.error));
  const payload = parsed.data as { commandId?: string };
  const actorKey = actorKeyOf(session);
  const ctx: CommandContext = {
    session,
    store: deps.store,
    doc: room.doc,
    now: deps.now,
    timerChanged: deps.timerChanged,
  };

  let outcome: CommandOutcome<object>;
  try {
    // Queries (clock, own ideas, own ballot) change nothing: nothing to replay, nothing to record.
    const remembered = def.readOnly ? undefined : payload.commandId;
    outcome = deps.store.transaction(() => {
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
    });
  } catch (err) {
    if (err instanceof CommandError) return fail(err.code, err.message);
    if (isStorageError(err)) {
      deps.log.error('command_store_failed', { command: def.name, err: errorName(err) });
      return fail('storage_unavailable', 'The server could not save this; please try again.');
    }
    deps.log.error('command_failed', { command: def.name, err: errorName(err) });
    return fail('internal_error', 'Something went wrong on the server; nothing was saved.');
  }
  try {
    // A projection of what was just committed (stored without a second disk flush: Room.project).
    if (outcome.apply) room.project(() => outcome.apply?.(room));
  } catch (err) {
    // Committed already: the doc catches up from the store when the room next loads.
    deps.log.error('command_apply_failed', { command: def.name, err: errorName(err) });
  }
  return { ok: true, ...outcome.reply };
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
    let result: Ack<object>;
    try {
      result = executeCommand(def, payload, session, room, deps);
    } catch (err) {
      // executeCommand answers everything itself; this is the last line before the process.
      deps.log.error('command_failed', { command: def.name, err: errorName(err) });
      result = fail('internal_error', 'Something went wrong on the server; nothing was saved.');
    }
    const finish = finishOf(def);
    if (finish && result.ok) {
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
      return;
    }
    reply?.(result);
  });
}
