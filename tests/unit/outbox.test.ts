import type { Ack } from '@convene/shared';
import { afterEach, expect, test, vi } from 'vitest';
import { Outbox, type OutboxEntry } from '../../client/src/net/outbox.ts';

/** The outbox's rules (client/src/net/outbox.ts), driven by a scripted link. */

interface Entry extends OutboxEntry {
  sent: number;
  note?: string;
}

type Answer = Ack<object> | 'hang';

function harness(answers: Record<string, Answer[]>) {
  const entries: Entry[] = [];
  const log: string[] = [];
  const hanging: ((a: Ack<object>) => void)[] = [];
  let online = true;
  const outbox = new Outbox<Entry>({
    entries: () => entries,
    update: (id, patch) => {
      const e = entries.find((x) => x.commandId === id);
      if (e) Object.assign(e, patch);
    },
    send: (e) => {
      if (!online) return null;
      e.sent++;
      log.push(e.commandId);
      const next = answers[e.commandId]?.shift() ?? { ok: true };
      if (next === 'hang') return new Promise((resolve) => hanging.push(resolve));
      return Promise.resolve(next);
    },
    failed: (_e, error) => ({ note: error.message }),
    retryDelayMs: 50,
  });
  const add = (id: string) => entries.push({ commandId: id, status: 'waiting', sent: 0 });
  return {
    entries,
    log,
    hanging,
    outbox,
    add,
    setOnline: (v: boolean) => {
      online = v;
    },
  };
}

const statuses = (entries: Entry[]) => entries.map((e) => `${e.commandId}:${e.status}`);

afterEach(() => {
  vi.useRealTimers();
});

test('sends in order, one at a time; a refusal is kept with its reason and never resent', async () => {
  const h = harness({
    b: [{ ok: false, error: { code: 'invalid_payload', message: 'too long' } }],
  });
  h.add('a');
  h.add('b');
  h.add('c');
  await h.outbox.flush();
  expect(h.log).toEqual(['a', 'b', 'c']);
  expect(statuses(h.entries)).toEqual(['a:saved', 'b:failed', 'c:saved']);
  expect(h.entries[1]?.note).toBe('too long');
  await h.outbox.flush();
  expect(h.log).toEqual(['a', 'b', 'c']);
});

test('"not now" keeps the order: nothing after it is sent before it, and it is tried again later', async () => {
  vi.useFakeTimers();
  const h = harness({
    a: [{ ok: false, error: { code: 'storage_unavailable', message: 'disk' } }, { ok: true }],
  });
  h.add('a');
  h.add('b');
  await h.outbox.flush();
  expect(h.log).toEqual(['a']);
  expect(statuses(h.entries)).toEqual(['a:waiting', 'b:waiting']);
  await vi.advanceTimersByTimeAsync(60);
  expect(h.log).toEqual(['a', 'a', 'b']);
  expect(statuses(h.entries)).toEqual(['a:saved', 'b:saved']);
});

test('a lost connection: what was on its way waits again, and the next connection resends it at once', async () => {
  const h = harness({ a: ['hang'] });
  h.add('a');
  h.add('b');
  void h.outbox.flush();
  await Promise.resolve();
  expect(statuses(h.entries)).toEqual(['a:sending', 'b:waiting']);
  h.setOnline(false);
  h.outbox.interrupted();
  expect(statuses(h.entries)).toEqual(['a:waiting', 'b:waiting']);
  h.setOnline(true);
  // The new connection's flush does not wait for the lost answer.
  await h.outbox.flush();
  expect(statuses(h.entries)).toEqual(['a:saved', 'b:saved']);
  expect(h.log).toEqual(['a', 'a', 'b']);
  // The old answer arriving late changes nothing.
  h.hanging[0]?.({ ok: false, error: { code: 'invalid_payload', message: 'late' } });
  await Promise.resolve();
  expect(statuses(h.entries)).toEqual(['a:saved', 'b:saved']);
});

test('without a connection nothing is sent; what the server already has is marked saved, not resent', async () => {
  const h = harness({});
  h.setOnline(false);
  h.add('a');
  h.add('b');
  await h.outbox.flush();
  expect(h.log).toEqual([]);
  h.outbox.markSaved(new Map([['a', { note: 'known' }]]));
  h.setOnline(true);
  await h.outbox.flush();
  expect(h.log).toEqual(['b']);
  expect(statuses(h.entries)).toEqual(['a:saved', 'b:saved']);
  expect(h.outbox.pending()).toEqual([]);
});

test('a flush asked for during a pass runs once more after it (an idea added meanwhile is sent)', async () => {
  const h = harness({ a: ['hang'] });
  h.add('a');
  const first = h.outbox.flush();
  await Promise.resolve();
  h.add('b');
  const second = h.outbox.flush();
  expect(second).toBe(first);
  h.hanging[0]?.({ ok: true });
  await first;
  expect(statuses(h.entries)).toEqual(['a:saved', 'b:saved']);
});
