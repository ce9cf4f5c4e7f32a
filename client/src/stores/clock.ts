import { useEffect, useState } from 'react';
import { currentConnection } from './workshopStore.ts';

/**
 * The server is the clock: every screen shows the same remaining time by correcting its own
 * clock with the offset measured over the socket (the best of a few round trips).
 */
let offsetMs = 0;

export function serverNow(): number {
  return Date.now() + offsetMs;
}

export async function syncClock(samples = 3): Promise<void> {
  const conn = currentConnection();
  if (!conn) return;
  let best: { rtt: number; offset: number } | null = null;
  for (let i = 0; i < samples; i++) {
    const sent = Date.now();
    const reply = await conn.command('clock:sync', {}, 5000);
    const received = Date.now();
    if (!reply.ok) continue;
    const rtt = received - sent;
    const offset = reply.now + rtt / 2 - received;
    if (!best || rtt < best.rtt) best = { rtt, offset };
  }
  if (best) offsetMs = best.offset;
}

/** Re-renders every `everyMs` with the server's current time. */
export function useServerNow(everyMs = 250): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const id = setInterval(() => setNow(serverNow()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
