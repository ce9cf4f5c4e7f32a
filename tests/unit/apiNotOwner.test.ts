import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError, apiFetch } from '../../client/src/net/api.ts';

// The web client in front of a cluster (issue 17): a request that reached a node which does not
// hold the workshop is refused `503 not_owner` before anything happened, so the client sends it
// again (the proxy takes it elsewhere); any other failure is reported, never resent.

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const notOwner = () =>
  json(503, { error: { code: 'not_owner', message: 'held elsewhere' } }, { 'retry-after': '1' });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('apiFetch against a cluster', () => {
  test('resends a request refused with not_owner, after Retry-After, until a node serves it', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const answers = [notOwner(), notOwner(), json(200, { workshopId: 'w1' })];
    vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
      calls.push(`${init.method} ${path} ${String(init.body)}`);
      return answers.shift() as Response;
    });
    const joined = apiFetch<{ workshopId: string }>('/api/join', {
      method: 'POST',
      body: { joinCode: 'KXM7QA' },
    });
    await vi.runAllTimersAsync();
    await expect(joined).resolves.toStrictEqual({ workshopId: 'w1' });
    expect(calls).toStrictEqual(Array(3).fill('POST /api/join {"joinCode":"KXM7QA"}'));
  });

  test('does not resend any other 503 (storage_unavailable may have done something)', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls++;
      return json(503, { error: { code: 'storage_unavailable', message: 'not saved' } });
    });
    const failed = await apiFetch('/api/join', { method: 'POST', body: {} }).catch((e) => e);
    expect(failed).toBeInstanceOf(ApiError);
    expect((failed as ApiError).code).toBe('storage_unavailable');
    expect(calls).toBe(1);
  });

  test('gives up after a bounded number of refusals and reports not_owner', async () => {
    vi.useFakeTimers();
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls++;
      return notOwner();
    });
    const failed = apiFetch('/api/session').catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(((await failed) as ApiError).code).toBe('not_owner');
    expect(calls).toBe(12);
  });
});
