import { describe, expect, test } from 'vitest';
import type { Logger } from '../../server/src/log.ts';
import { countErrors, createMetrics, outcomeOf } from '../../server/src/metrics/metrics.ts';

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
