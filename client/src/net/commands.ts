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
