import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreatedWorkshop } from '@convene/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ChildServer, startChildServer } from '../helpers/childServer.ts';
import { probeHealth } from '../helpers/healthProbe.ts';

/**
 * Issue 12, item 8: a campaign of wrong join codes from many addresses, with the production
 * limits, while a venue that mistyped ten times joins with the right code. The venue must get
 * in, the server must keep answering /healthz, and the campaign must be turned away. The server
 * trusts X-Forwarded-For from loopback (a reverse proxy on the same machine), which is how one
 * test process plays many addresses.
 */
const GUESSES = process.env.SOAK ? 20_000 : 2_000;
const ADDRESSES = process.env.SOAK ? 2_000 : 200;
const PARALLEL = 16;

describe('guessing join codes from many addresses', () => {
  let child: ChildServer;
  let dataDir: string;
  let ws: CreatedWorkshop;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-guess-'));
    child = await startChildServer({ dataDir });
    const res = await fetch(`${child.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.200' },
      body: JSON.stringify({ title: 'Venue', questions: [{ prompt: 'What first?' }] }),
    });
    expect(res.status).toBe(201);
    ws = (await res.json()) as CreatedWorkshop;
  });
  afterAll(async () => {
    await child?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const join = (code: string, address: string) =>
    fetch(`${child.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ joinCode: code }),
    }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });

  test(`${GUESSES} wrong codes from ${ADDRESSES} addresses: the venue joins, /healthz answers`, async () => {
    const venue = '192.0.2.10';
    for (let i = 0; i < 10; i++) expect(await join('AAAAAA', venue)).toBe(404);

    const probe = probeHealth(child.url);
    const statuses = new Map<number, number>();
    let sent = 0;
    const worker = async () => {
      while (sent < GUESSES) {
        const n = sent++;
        const address = `198.18.${(n % ADDRESSES) >> 8}.${(n % ADDRESSES) & 255}`;
        const status = await join('CCCCCC', address);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    const campaign = Promise.all(Array.from({ length: PARALLEL }, worker));
    // Mid-campaign, the venue's next person types the right code.
    const venueJoin = join(ws.joinCode, venue);
    await campaign;
    const health = await probe.stop();

    expect(await venueJoin).toBe(200);
    // Each address has its 10 answered 404 at most; the rest were refused (429).
    expect(statuses.get(404) ?? 0).toBeLessThanOrEqual(ADDRESSES * 10);
    expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].every((s) => s === 404 || s === 429)).toBe(true);
    expect(health.failures).toBe(0);
    expect(health.maxMs).toBeLessThan(100);
    // After the campaign, the venue still gets in with the right code.
    expect(await join(ws.joinCode, venue)).toBe(200);
    console.log(
      `join guessing: ${GUESSES} requests, ${JSON.stringify(Object.fromEntries(statuses))}, /healthz max ${health.maxMs.toFixed(1)} ms over ${health.samples} samples`,
    );
  });
});
