import type { Ack, CommandMap, CommandName } from '@convene/shared';
import { randomId } from './api.ts';
import { currentConnection } from './currentConnection.ts';

/**
 * Sends a command with a fresh commandId (so a resend after a lost ack is applied once) and
 * resolves with its acknowledgement; never throws.
 */
export async function sendCommand<N extends CommandName>(
  name: N,
  payload: Omit<CommandMap[N]['payload'], 'commandId'>,
): Promise<Ack<CommandMap[N]['reply']>> {
  const conn = currentConnection();
  if (!conn) {
    return { ok: false, error: { code: 'timeout', message: 'Not connected yet.' } };
  }
  return conn.command(name, { ...payload, commandId: randomId() } as CommandMap[N]['payload']);
}

/**
 * What a screen does with a command's answer: clears the message shown by `show` while it
 * runs, shows the refusal's message if refused, and resolves with the reply (null if refused).
 * One rule for every screen that sends a command and shows why it was not done.
 */
export function showingRefusal(show: (message: string | null) => void) {
  return async <R extends object>(pending: Promise<Ack<R>>): Promise<R | null> => {
    show(null);
    const r = await pending;
    if (r.ok) return r;
    show(r.error.message);
    return null;
  };
}
