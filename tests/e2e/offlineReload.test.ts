import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CreatedWorkshop, readBoard } from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CLIENT_DIR,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  type WebServer,
} from '../helpers/browser.ts';
import { closeClients, connectDoc, connectSocket, emitAck } from '../helpers/testServer.ts';

/**
 * A reload without the network (issue 18, item 3): the service worker serves the app, the
 * screen shows the last board it kept, marked offline; a participant's draft and queued idea
 * survive, and the idea is stored exactly once when the network returns. A new version of the
 * app takes effect on the next load, and no cache holds a token.
 *
 * "The network is gone" is the server stopped (connections refused), which is what a dropped
 * venue Wi-Fi looks like to the page; it also affects the service worker, which DevTools'
 * offline emulation does not reliably do.
 */

const SUITE = 'offline-reload';
const PROMPT = 'Which country examples show prevention working before violence breaks out?';
const IDEA =
  'Pair every country configuration of the Peacebuilding Commission with a standing prevention review, held before a crisis, not after.';

const EARLIER =
  'Ask the Commission to hear national prevention strategies from countries that volunteer them, at least twice a year.';

let server: WebServer;
let browser: Browser;
let clientDir: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // A copy of the built client that this test can "upgrade" by editing it.
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-client-'));
  fs.cpSync(CLIENT_DIR, clientDir, { recursive: true });
  server = await startWebServer({ clientDir });
  browser = await launchBrowser();
});
afterAll(async () => {
  closeClients();
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Waits until the service worker controls the page and keeps its screen and its board. */
async function readyForOffline(page: Page, screenChunk: string): Promise<void> {
  // (page.evaluate awaits a returned promise; waitForFunction would take the promise itself as
  // a truthy answer.)
  const poll = (check: () => Promise<boolean>) =>
    expect.poll(check, { timeout: 20_000, interval: 250 }).toBe(true);
  await poll(() => page.evaluate(() => navigator.serviceWorker?.controller !== null));
  await poll(async () => (await cacheKeys(page)).some((url) => url.includes(screenChunk)));
  // The board is kept a few seconds after it arrives (workshopStore.ts).
  await poll(() =>
    page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const req = indexedDB.open('keyval-store');
          req.onerror = () => resolve(false);
          req.onsuccess = () => {
            const db = req.result;
            if (!db.objectStoreNames.contains('keyval')) {
              db.close();
              return resolve(false);
            }
            const keys = db.transaction('keyval').objectStore('keyval').getAllKeys();
            keys.onsuccess = () => {
              db.close();
              resolve(keys.result.some((k) => String(k).startsWith('convene:board:')));
            };
            keys.onerror = () => resolve(false);
          };
        }),
    ),
  );
}

async function cacheKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const all: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) all.push(req.url);
    }
    return all;
  });
}

async function storedCopies(w: CreatedWorkshop, text: string): Promise<number> {
  const doc = await connectDoc(server.url, w.id, w.facilitatorToken);
  return readBoard(doc.doc).ideas.filter((i) => i.text === text).length;
}

describe('a reload without the network', () => {
  test('participant and projector come back offline; the queued idea is stored once; a new version loads next time', async () => {
    const res = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Prevention and the Peacebuilding Commission',
        questions: [{ prompt: PROMPT }],
      }),
    });
    const w = (await res.json()) as CreatedWorkshop;
    const fac = await connectSocket(server.url, w.facilitatorToken);
    const questionId = readBoard((await connectDoc(server.url, w.id, w.facilitatorToken)).doc)
      .questions[0]?.id;
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
    // Someone else's idea is on the board before the network goes: the kept board shows it.
    const other = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode: w.joinCode }),
    }).then((r) => r.json() as Promise<{ participantToken: string }>);
    const otherSocket = await connectSocket(server.url, other.participantToken);
    expect((await emitAck(otherSocket, 'idea:submit', { questionId, text: EARLIER })).ok).toBe(
      true,
    );

    const phone = await open(w.links.participant, { width: 390, height: 844 });
    await phone.getByRole('button', { name: 'Join' }).click();
    await phone.getByRole('heading', { name: PROMPT }).waitFor();
    const projector = await open(w.links.projector, { width: 1920, height: 1080 });
    await projector.getByText(PROMPT).first().waitFor();
    await projector.getByText(EARLIER).waitFor();
    await readyForOffline(phone, 'ParticipantScreen-');
    await readyForOffline(projector, 'ProjectorScreen-');

    // A draft typed before the network goes.
    await phone.getByLabel('Your idea', { exact: true }).fill(IDEA);

    // Positive control: online, the banner is absent.
    expect(await phone.getByRole('status').filter({ hasText: 'Offline' }).count()).toBe(0);

    await server.pause();
    await phone.reload();
    await projector.reload();

    // The app, the board as kept, the draft, and the banner that says so.
    await phone.getByRole('heading', { name: PROMPT }).waitFor();
    await expect.poll(() => phone.getByLabel('Your idea', { exact: true }).inputValue()).toBe(IDEA);
    await phone.getByText(/Offline — showing the board as it was at/).waitFor();
    await projector.getByText(PROMPT).first().waitFor();
    await projector.getByText(EARLIER).waitFor();
    await projector.getByText(/Offline — showing the board as it was at/).waitFor();
    await screenshot(phone, SUITE, 'participant-offline-390');
    await screenshot(projector, SUITE, 'projector-offline-1920');
    expect(await seriousA11yViolations(phone, 'participant offline')).toEqual([]);
    expect(await seriousA11yViolations(projector, 'projector offline')).toEqual([]);

    // Written while offline: queued on the phone, not lost.
    await phone.getByRole('button', { name: 'Submit idea' }).click();
    await phone.getByText('Waiting for the network').first().waitFor();

    await server.resume();
    await phone.getByText('Saved').first().waitFor({ timeout: 20_000 });
    await projector.getByText(IDEA).first().waitFor({ timeout: 20_000 });
    // (The board's channel and the command socket reconnect each on their own back-off.)
    await expect.poll(() => projector.getByText(/Offline/).count(), { timeout: 15_000 }).toBe(0);
    expect(await storedCopies(w, IDEA)).toBe(1);
    // A further reload (which flushes whatever is still queued) does not send it twice.
    await phone.reload();
    await phone.getByText('Saved').first().waitFor({ timeout: 20_000 });
    expect(await storedCopies(w, IDEA)).toBe(1);

    // No cache holds a token, a join code or a workshop path: the page is kept under one key.
    const keys = [...(await cacheKeys(phone)), ...(await cacheKeys(projector))];
    expect(keys.length).toBeGreaterThan(3);
    const secrets = [w.facilitatorToken, w.joinCode, w.id, 'token='];
    for (const key of keys) for (const s of secrets) expect(key).not.toContain(s);
    for (const key of keys) expect(key).not.toContain('#');

    // A new version of the app: the next load shows it (the page is network-first), with no
    // second reload and nothing to clear.
    const indexFile = path.join(clientDir, 'index.html');
    fs.writeFileSync(
      indexFile,
      fs
        .readFileSync(indexFile, 'utf8')
        .replace('<head>', '<head><meta name="convene-version" content="next" />'),
    );
    const before = await phone.evaluate(
      () => document.querySelector('meta[name="convene-version"]') !== null,
    );
    expect(before).toBe(false);
    await phone.reload();
    await phone.getByRole('heading', { name: PROMPT }).waitFor();
    expect(
      await phone.evaluate(() => document.querySelector('meta[name="convene-version"]') !== null),
    ).toBe(true);
  }, 120_000);
});
