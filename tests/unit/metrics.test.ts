import { describe, expect, test } from 'vitest';
import type { Logger } from '../../server/src/log.ts';
import { countErrors, createMetrics, outcomeOf } from '../../server/src/metrics/metrics.ts';
import { openDatabase } from '../../server/src/store/db.ts';
import type { Settled } from '../../server/src/store/groupCommit.ts';
import { openSqliteStore } from '../../server/src/store/store.ts';

/** Issue 17 (operations): the parts of /metrics that no integration test can provoke at will. */

const sources = { roomsLoaded: () => 0, connections: () => 0 };

describe('outcomeOf', () => {
  test.each([
    [{ ok: true }, 'ok'],
    [{ ok: false, error: { code: 'invalid_payload', message: '' } }, 'refused'],
    [{ ok: false, error: { code: 'forbidden', message: '' } }, 'refused'],
    [{ ok: false, error: { code: 'over_budget', message: '' } }, 'refused'],
    [{ ok: false, error: { code: 'storage_unavailable', message: '' } }, 'failed'],
    [{ ok: false, error: { code: 'internal_error', message: '' } }, 'failed'],
  ] as const)('%j → %s', (ack, outcome) => {
    expect(outcomeOf(ack as Parameters<typeof outcomeOf>[0])).toBe(outcome);
  });
});

describe('error-level log events', () => {
  test('are counted by event name, passed on unchanged, and never echo a name that is not one', async () => {
    const metrics = createMetrics(sources);
    const lines: string[] = [];
    const inner: Logger = {
      info: (e) => lines.push(`info ${e}`),
      warn: (e) => lines.push(`warn ${e}`),
      error: (e, f) => lines.push(`error ${e} ${JSON.stringify(f)}`),
    };
    const log = countErrors(inner, metrics);
    log.info('listening');
    log.warn('yjs_peer_stalled');
    log.error('command_failed', { command: 'idea:submit' });
    log.error('command_failed');
    log.error('group_flush_failed');
    // Not an event name (free text would be a label of unbounded values): counted as `other`.
    log.error('Alice said the donors lied');
    expect(lines).toEqual([
      'info listening',
      'warn yjs_peer_stalled',
      'error command_failed {"command":"idea:submit"}',
      'error command_failed undefined',
      'error group_flush_failed undefined',
      'error Alice said the donors lied undefined',
    ]);
    const text = await metrics.scrape();
    expect(text).toContain('convene_log_errors_total{event="command_failed"} 2');
    expect(text).toContain('convene_log_errors_total{event="group_flush_failed"} 1');
    expect(text).toContain('convene_log_errors_total{event="other"} 1');
    expect(text).not.toContain('Alice');
    // Info and warnings are not errors.
    expect(text).not.toContain('listening');
    expect(text).not.toContain('yjs_peer_stalled');
  });

  test('each app counts in its own registry', async () => {
    const a = createMetrics(sources);
    const b = createMetrics(sources);
    a.errorLogged('http_error');
    expect(await a.scrape()).toContain('convene_log_errors_total{event="http_error"} 1');
    expect(await b.scrape()).not.toContain('http_error');
  });
});

describe('store commit timings', () => {
  /** A store on a scratch table, recording every commit it reports. */
  function timedStore() {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE scratch (x INTEGER)');
    const store = openSqliteStore(db);
    const commits: { kind: string; commands: number }[] = [];
    store.onCommitted = (kind, seconds, commands) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      commits.push({ kind, commands });
    };
    const insert = db.prepare('INSERT INTO scratch VALUES (1)');
    const count = db.prepare('SELECT COUNT(*) FROM scratch').pluck();
    return { store, commits, write: () => insert.run(), rows: () => count.get() as number };
  }

  test('an outermost write transaction is one commit; a nested one, a read or a rollback none', () => {
    const { store, commits, write, rows } = timedStore();
    store.transaction(write);
    store.transaction(() => store.transaction(() => store.transaction(write)));
    store.transaction(rows); // read only: nothing committed
    expect(() =>
      store.transaction(() => {
        write();
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(rows()).toBe(2);
    expect(commits).toEqual([
      { kind: 'transaction', commands: 1 },
      { kind: 'transaction', commands: 1 },
    ]);
  });

  test('a group is one commit with its size, even when its commands open transactions', async () => {
    const { store, commits, write, rows } = timedStore();
    const settled: Settled<number>[] = [];
    const done = new Promise<void>((resolve) => {
      for (let i = 0; i < 3; i++) {
        store.enlist(() => store.transaction(() => write().changes), {
          settled: (s) => {
            settled.push(s);
            if (settled.length === 3) resolve();
          },
        });
      }
    });
    await done;
    expect(settled.map((s) => s.kind)).toEqual(['done', 'done', 'done']);
    expect(rows()).toBe(3);
    expect(commits).toEqual([{ kind: 'group', commands: 3 }]);
    // A write after the group is a commit of its own again.
    store.transaction(write);
    expect(commits.at(-1)).toEqual({ kind: 'transaction', commands: 1 });
  });
});
