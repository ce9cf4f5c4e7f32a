import {
  type Ack,
  type CommandMap,
  type CommandName,
  describeZodError,
  type ErrorCode,
  type Role,
} from '@convene/shared';
import type { Socket } from 'socket.io';
import type * as Y from 'yjs';
import type { z } from 'zod';
import type { Session } from '../auth/authenticator.ts';
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
  run(ctx: CommandContext, payload: z.output<S>): CommandOutcome<CommandMap[N]['reply']>;
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of command definitions
export type AnyCommandDef = CommandDef<any, any>;

export function defineCommand<N extends CommandName, S extends z.ZodType>(
  def: CommandDef<N, S>,
): CommandDef<N, S> {
  return def;
}

export interface CommandBusDeps {
  store: Store;
  log: Logger;
  now: () => number;
  timerChanged: (workshopId: string) => void;
}

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
  const actorKey = session.participantId ?? `token:${session.tokenHash}`;
  const ctx: CommandContext = {
    session,
    store: deps.store,
    doc: room.doc,
    now: deps.now,
    timerChanged: deps.timerChanged,
  };

  let outcome: CommandOutcome<object>;
  try {
    outcome = deps.store.transaction(() => {
      if (payload.commandId) {
        const previous = deps.store.commandResult(actorKey, payload.commandId);
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
      if (payload.commandId) {
        deps.store.recordCommand(
          actorKey,
          payload.commandId,
          session.workshopId,
          def.name,
          result.reply,
        );
      }
      return result;
    });
  } catch (err) {
    if (err instanceof CommandError) return fail(err.code, err.message);
    deps.log.error('command_store_failed', { command: def.name, err: errorName(err) });
    return fail('storage_unavailable', 'The server could not save this; please try again.');
  }
  try {
    outcome.apply?.(room);
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
    const def = typeof event === 'string' ? known.get(event) : undefined;
    if (!def) {
      reply?.(fail('unknown_command', `Unknown command ${String(event).slice(0, 40)}`));
      return;
    }
    const payload = args.length > 1 || !reply ? args[0] : undefined;
    const result = executeCommand(def, payload, session, room, deps);
    reply?.(result);
  });
}
