import { type CreatedWorkshop, createCluster, formatJoinCode, ORIGINS } from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { launchBrowser, screenshot, startWebServer, type WebServer } from '../helpers/browser.ts';
import { closeClients, connectSocket, emitAck } from '../helpers/testServer.ts';

/**
 * Issue 11, item 6: a doc writer set a round's results to {ideas: [null], clusters: [null],
 * voters: 1} and the projector, facilitator, rapporteur and participant screens threw and
 * showed nothing until the room reloaded. Here the hostile values are planted straight into
 * the server's live room doc (as a server bug would; the server refuses such updates from
 * writers), with all four screens open, and every screen must keep its question and title,
 * stay live, and show good data again as soon as it arrives. Screenshots of each screen after
 * the attack are kept in test-artifacts/hostile-doc.
 */

const SUITE = 'hostile-doc';
const TITLE = 'Financing Efforts to Sustain Peace';
const Q1 = 'What should donors stop doing?';
const Q2 = 'Who should pool funds, and how?';

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
});
afterEach(async () => {
  closeClients();
  for (const c of contexts.splice(0)) await c.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page and the errors that escaped React (a crashed screen), kept apart from console errors. */
interface Screen {
  page: Page;
  crashes: string[];
  consoleErrors: string[];
}

async function open(url: string, viewport = { width: 1440, height: 900 }): Promise<Screen> {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  const screen: Screen = { page, crashes: [], consoleErrors: [] };
  page.on('pageerror', (e) => screen.crashes.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') screen.consoleErrors.push(m.text());
  });
  await page.goto(url);
  return screen;
}

async function createWorkshop(prompts: string[]): Promise<CreatedWorkshop> {
  const res = await fetch(`${server.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: TITLE, questions: prompts.map((prompt) => ({ prompt })) }),
  });
  return (await res.json()) as CreatedWorkshop;
}

async function joinSocket(joinCode: string): Promise<Socket> {
  const joined = await fetch(`${server.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ joinCode }),
  }).then((r) => r.json() as Promise<{ participantToken: string }>);
  return connectSocket(server.url, joined.participantToken);
}

async function ok(socket: Socket, name: string, payload: object) {
  const reply = await emitAck<{ ok: boolean; ideaId?: string; error?: unknown }>(
    socket,
    name,
    payload,
  );
  if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
  return reply;
}

/** Runs a change on the server's own live doc of the workshop (what a server bug could do). */
function onServerDoc(workshopId: string, change: (doc: Y.Doc) => void): void {
  server
    .app()
    .rooms.with(workshopId, (room) => room.doc.transact(() => change(room.doc), ORIGINS.command));
}

/** The screen shows something, and more than a loading line: never a blank page. */
async function expectNotBlank(s: Screen, what: string): Promise<void> {
  const shown = await s.page.evaluate(() => ({
    children: document.getElementById('root')?.childElementCount ?? 0,
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered visible is the point
    text: document.body.innerText.trim().length,
  }));
  expect(shown.children, `${what}: root has content`).toBeGreaterThan(0);
  expect(shown.text, `${what}: text on screen`).toBeGreaterThan(40);
}

describe('a hostile doc cannot blank the screens', () => {
  test('results of {ideas: [null], clusters: [null], voters: 1} and other junk: every screen keeps its question, stays live, and recovers', async () => {
    const w = await createWorkshop([Q1, Q2]);
    const [q1] = w.questions.map((q) => q.id) as [string, string];
    // Q1 runs through to its results: three ideas, a cluster, votes.
    const fac = await connectSocket(server.url, w.facilitatorToken);
    const alice = await joinSocket(w.joinCode);
    const bob = await joinSocket(w.joinCode);
    await ok(fac, 'phase:set', { questionId: q1, phase: 'submit' });
    const ideas: string[] = [];
    for (const [who, text] of [
      [alice, 'Stop earmarking every grant to a single project'],
      [bob, 'Stop demanding quarterly reports from local partners'],
      [alice, 'Stop funding in one-year cycles'],
    ] as const) {
      ideas.push(String((await ok(who, 'idea:submit', { questionId: q1, text })).ideaId));
    }
    await ok(fac, 'phase:set', { questionId: q1, phase: 'cluster' });
    onServerDoc(w.id, (doc) =>
      createCluster(
        doc,
        { id: 'cluster-earmarks', questionId: q1, label: 'Earmarking', position: 0 },
        [ideas[0] as string],
        ORIGINS.command,
      ),
    );
    await ok(fac, 'phase:set', { questionId: q1, phase: 'vote' });
    await ok(alice, 'vote:cast', { ideaId: ideas[0] });
    await ok(bob, 'vote:cast', { ideaId: ideas[0] });
    await ok(bob, 'vote:cast', { ideaId: ideas[1] });
    await ok(fac, 'phase:set', { questionId: q1, phase: 'results' });

    const facilitator = await open(w.links.facilitator);
    const projector = await open(w.links.projector, { width: 1920, height: 1080 });
    const rapporteur = await open(w.links.rapporteur);
    const participant = await open(w.links.participant, { width: 390, height: 844 });
    await participant.page.getByRole('button', { name: 'Join' }).click();
    const screens = { facilitator, projector, rapporteur, participant };
    const all = Object.entries(screens);
    for (const [name, s] of all) {
      await expect
        .poll(() => s.page.locator('.results__item').count(), { message: `${name} results` })
        .toBeGreaterThanOrEqual(3);
    }

    // The attack, on the server's doc, in one transaction.
    onServerDoc(w.id, (doc) => {
      const rounds = doc.getMap('rounds') as Y.Map<Y.Map<unknown>>;
      const round = [...rounds.values()].find((r) => r.get('questionId') === q1);
      if (!round) throw new Error('no round for q1');
      round.set('results', { ideas: [null], clusters: [null], voters: 1 });
      const ideasMap = doc.getMap('ideas');
      ideasMap.set('planted-null', null);
      const junkIdea = new Y.Map<unknown>();
      junkIdea.set('questionId', q1);
      junkIdea.set('text', { nested: [null, { deeper: Number.NaN }] });
      junkIdea.set('seq', 'first');
      junkIdea.set('actor', new Y.Array());
      ideasMap.set('planted-junk', junkIdea);
      doc.getMap('clusters').set('planted-cluster', 42);
      doc.getMap('placement').set(ideas[1] as string, { cluster: true });
      doc.getMap('display').set('spotlight', { kind: 'idea', id: null });
      const question = doc.getMap('questions').get(q1) as Y.Map<unknown>;
      question.set('hiddenCount', 'many');
      question.set('submitters', Number.NaN);
      doc.getMap('workshop').set('voteBudget', -5);
      doc.getMap('brief').set('__proto__', new Y.Text('junk'));
      doc.getMap('briefBase').set('header', [null]);
    });

    // Every screen has taken the attack in (no ranked line is left to show)…
    for (const [name, s] of all) {
      await expect
        .poll(() => s.page.locator('.results__item').count(), { message: `${name} took it in` })
        .toBe(0);
    }
    // …and still shows the workshop, the question and (projector) the join code.
    for (const [name, s] of all) {
      await s.page.getByText(Q1).first().waitFor();
      if (name !== 'projector') await s.page.getByText(TITLE).first().waitFor();
      await expectNotBlank(s, name);
    }
    await projector.page.locator('.projector__title', { hasText: TITLE }).waitFor();
    await projector.page
      .locator('.projector__code', { hasText: formatJoinCode(w.joinCode) })
      .waitFor();
    for (const [name, s] of all) await screenshot(s.page, SUITE, `${name}-after-attack`);

    // Live: the facilitator's timer reaches every screen that shows one…
    await facilitator.page.getByRole('button', { name: 'Start', exact: true }).click();
    for (const s of [facilitator, projector, participant]) {
      await s.page.getByRole('timer').first().waitFor();
    }
    // …the facilitator moves to Q2 and opens it, and a participant's idea typed on the phone
    // appears on the projector, the facilitator's laptop and the rapporteur's board.
    await facilitator.page.getByRole('button', { name: 'Make current: Question 2' }).click();
    await facilitator.page.locator('#current-h', { hasText: Q2 }).waitFor();
    await facilitator.page.getByRole('button', { name: 'Collecting ideas' }).click();
    await participant.page.getByText(Q2).waitFor();
    const fresh = 'Pool funds through the Peacebuilding Fund, with local partners on its board';
    await participant.page.getByLabel('Your idea').fill(fresh);
    await participant.page.getByRole('button', { name: 'Submit idea' }).click();
    for (const s of [projector, facilitator, rapporteur]) {
      await s.page.getByText(fresh).first().waitFor();
    }
    // Back to Q1: making it current, the server projects its round from the tables again, so
    // good results arrive, and every screen shows them again without a reload.
    await facilitator.page.getByRole('button', { name: 'Make current: Question 1' }).click();
    await facilitator.page.locator('#current-h', { hasText: Q1 }).waitFor();
    for (const [name, s] of all) {
      await expect
        .poll(() => s.page.locator('.results__item').count(), { message: `${name} recovered` })
        .toBeGreaterThanOrEqual(3);
      await s.page.getByText(Q1).first().waitFor();
    }
    for (const [name, s] of all) expect(s.crashes, `${name} crashed`).toEqual([]);
  });

  test('a part that throws in the browser shows a message and a retry; the rest of the screen stays live; new data brings it back', async () => {
    const w = await createWorkshop([Q2]);
    const [q] = w.questions.map((x) => x.id) as [string];
    const fac = await connectSocket(server.url, w.facilitatorToken);
    const alice = await joinSocket(w.joinCode);
    await ok(fac, 'phase:set', { questionId: q, phase: 'submit' });
    await ok(alice, 'idea:submit', { questionId: q, text: 'A first idea on the wall' });
    const projector = await open(w.links.projector, { width: 1920, height: 1080 });
    const { page } = projector;
    await page.locator('.wall__idea', { hasText: 'A first idea on the wall' }).waitFor();

    // A bug in the wall's layout code, simulated in the page: the wall measures its hidden
    // copy through this call, so from now on laying out the wall throws.
    await page.evaluate(() => {
      const original = window.getComputedStyle;
      const w = window as unknown as { restoreFit: () => void; breakFit: () => void };
      w.restoreFit = () => {
        window.getComputedStyle = original;
      };
      w.breakFit = () => {
        window.getComputedStyle = (el, pseudo) => {
          if (el.closest('.paged-wall__measure')) throw new Error('simulated layout bug');
          return original.call(window, el, pseudo);
        };
      };
      w.breakFit();
    });
    await ok(alice, 'idea:submit', { questionId: q, text: 'A second idea' });
    const message = page.locator('[data-panel="wall"]', {
      hasText: 'This part could not be shown.',
    });
    await message.waitFor();
    await expect.poll(() => page.locator('.wall__idea').count()).toBe(0);
    // The rest of the projector is alive: the question, the join code, and the idea count in
    // the header follows the room.
    await page.getByText(Q2).waitFor();
    await page.locator('.projector__code', { hasText: formatJoinCode(w.joinCode) }).waitFor();
    await page.locator('.projector__phase', { hasText: '2 ideas' }).waitFor();
    await ok(alice, 'idea:submit', { questionId: q, text: 'A third idea' });
    await page.locator('.projector__phase', { hasText: '3 ideas' }).waitFor();
    await message.getByRole('button', { name: 'Try again' }).waitFor();
    await screenshot(page, SUITE, 'projector-wall-failed');
    expect(
      projector.consoleErrors.some((e) => e.includes('the wall part could not be shown')),
      projector.consoleErrors.join('\n'),
    ).toBe(true);

    // The bug goes away (say, the bad value is gone): the next change brings the wall back.
    const restore = () =>
      page.evaluate(() => (window as unknown as { restoreFit: () => void }).restoreFit());
    await restore();
    await ok(alice, 'idea:submit', { questionId: q, text: 'A fourth idea' });
    await expect.poll(() => page.locator('.wall__idea').count()).toBe(4);
    expect(await message.count()).toBe(0);

    // And "Try again" brings it back by hand, once the cause is gone.
    await page.evaluate(() => (window as unknown as { breakFit: () => void }).breakFit());
    await ok(alice, 'idea:submit', { questionId: q, text: 'A fifth idea' });
    await message.waitFor();
    await restore();
    await message.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.locator('.wall__idea').count()).toBe(5);
    expect(projector.crashes).toEqual([]);
  });
});
