import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type CreatedWorkshop,
  LIMITS,
  type RedactReply,
  readNotes,
  type UndoRedactReply,
} from '@convene/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { type ChildServer, startChildServer } from '../helpers/childServer.ts';
import { notesOf } from '../helpers/docParts.ts';
import { probeHealth } from '../helpers/healthProbe.ts';
import { closeClients, connectDoc, yjsRoundTrip } from '../helpers/testServer.ts';

/**
 * Issue 11, item 4: "replace all" over notes of 420 KB with 30,000 mentions took 44 s on the
 * main thread (quadratic string slicing), with `/healthz` stalled throughout. Notes are now
 * capped at LIMITS.notesText characters (item 8), so the largest notes a writer can make hold
 * 13,000 such mentions; the unit suite runs the edit computation on 30,000. The server runs in
 * its own process so that the probe measures it, not this test's own work.
 */
describe('replacing every mention of a name in the largest notes allowed', () => {
  const AMARA = 'Amara Oyelaran-Tessema';
  const MENTION = 'Amara said so. ';
  const MENTIONS = Math.floor(LIMITS.notesText / MENTION.length);
  let child: ChildServer;
  let dataDir: string;
  let ws: CreatedWorkshop;
  let q: string;
  const call = (path: string, body: object) =>
    fetch(`${child.url}/api/workshops/${ws.id}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ws.rapporteurToken}`,
      },
      body: JSON.stringify(body),
    });
  /** The notes as a fresh rapporteur screen loads them. */
  const notesNow = async () => {
    const rap = await connectDoc(child.url, ws.id, ws.rapporteurToken);
    const text = readNotes(rap.doc, q);
    rap.provider.destroy();
    return text;
  };
  /**
   * One replacement (or undo) while /healthz is polled. A screen stays in the room (the server
   * sends it every change) without decoding anything: this process's own work must not count.
   */
  const measured = async (path: string, body: object) => {
    const screen = new WebSocket(
      `${child.url.replace(/^http/, 'ws')}/yjs/${ws.id}?token=${ws.rapporteurToken}`,
    );
    await new Promise((resolve) => screen.once('open', resolve));
    const probe = probeHealth(child.url);
    const started = performance.now();
    const res = await call(path, body);
    const reply = (await res.json()) as RedactReply & UndoRedactReply;
    const tookMs = performance.now() - started;
    const health = await probe.stop();
    screen.close();
    expect(res.status, JSON.stringify(reply)).toBe(200);
    return { reply, tookMs, health };
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-names-'));
    child = await startChildServer({ dataDir });
    const created = await fetch(`${child.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Many mentions', questions: [{ prompt: 'Who said what?' }] }),
    });
    ws = (await created.json()) as CreatedWorkshop;
    q = ws.questions[0]?.id ?? '';
    const joined = await fetch(`${child.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode: ws.joinCode, name: AMARA }),
    });
    expect(joined.status).toBe(200);
    const rap = await connectDoc(child.url, ws.id, ws.rapporteurToken);
    notesOf(rap.doc, q).insert(0, MENTION.repeat(MENTIONS));
    await yjsRoundTrip(rap.provider);
    rap.provider.destroy();
  }, 60_000);
  afterAll(async () => {
    closeClients();
    await child?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('replace and undo are computed off the main thread: /healthz answers within 100 ms', async () => {
    expect((await notesNow()).length).toBeGreaterThan(LIMITS.notesText - MENTION.length);
    const r = await measured('/redact', { names: [AMARA] });
    expect(r.health.maxMs, `replace took ${Math.round(r.tookMs)} ms`).toBeLessThan(100);
    expect(r.health.failures).toBe(0);
    expect(r.health.samples).toBeGreaterThan(3);
    expect(r.reply.redacted).toBe(MENTIONS);
    expect(r.reply.check.total).toBe(0);
    expect(await notesNow()).toBe('A participant said so. '.repeat(MENTIONS));

    const u = await measured('/redact/undo', {});
    expect(u.reply.restored).toBe(MENTIONS);
    expect(await notesNow()).toBe(MENTION.repeat(MENTIONS));
    expect(u.health.maxMs, `undo took ${Math.round(u.tookMs)} ms`).toBeLessThan(100);
    console.warn(
      `name replacement, ${MENTIONS} mentions: replace ${Math.round(r.tookMs)} ms (healthz max ${Math.round(r.health.maxMs)} ms), undo ${Math.round(u.tookMs)} ms (healthz max ${Math.round(u.health.maxMs)} ms)`,
    );
  }, 60_000);

  // The longer variant (npm run test:soak): replace and undo back to back, ten times over.
  test.runIf(process.env.SOAK === '1')(
    'soak: ten rounds of replace and undo',
    async () => {
      for (let round = 0; round < 10; round++) {
        const r = await measured('/redact', {});
        expect(r.reply.redacted).toBe(MENTIONS);
        expect(r.health.maxMs, `round ${round}: replace`).toBeLessThan(100);
        const u = await measured('/redact/undo', {});
        expect(u.reply.restored).toBe(MENTIONS);
        expect(u.health.maxMs, `round ${round}: undo`).toBeLessThan(100);
      }
      expect(await notesNow()).toBe(MENTION.repeat(MENTIONS));
    },
    600_000,
  );
});
