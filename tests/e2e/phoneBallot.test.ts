import fs from 'node:fs';
import path from 'node:path';
import { type CreatedWorkshop, createCluster, readIdeas, readRounds } from '@convene/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type A11yViolation,
  ARTIFACTS_DIR,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  type WebServer,
} from '../helpers/browser.ts';
import { type FixtureIdea, loadFixture } from '../helpers/fixtureBoard.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * The participant's phone in a room of full size (issue 12, items 3 and 10): a ballot of 80
 * realistic ideas under the facilitator's themes on a 390×844 screen, and the idea form.
 */

const SUITE = 'phone-ballot';
const PHONE = { width: 390, height: 844 };

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  closeClients();
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

async function open(url: string, locale = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale, hasTouch: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** What the phone shows right now (not the whole page): the voter's view at that scroll. */
async function viewShot(page: Page, name: string): Promise<void> {
  const dir = path.join(ARTIFACTS_DIR, SUITE);
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled' });
}

async function createWorkshop(body: Record<string, unknown>): Promise<CreatedWorkshop> {
  const res = await fetch(`${server.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedWorkshop;
}

async function joinSocket(joinCode: string) {
  const joined = await fetch(`${server.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ joinCode }),
  }).then((r) => r.json() as Promise<{ participantToken: string }>);
  return connectSocket(server.url, joined.participantToken);
}

/** Joins from the phone's join screen (its only button, whatever the language). */
async function joinOnPhone(page: Page): Promise<void> {
  await page.locator('form').getByRole('button').click();
  await page.waitForURL(/\/participant\//);
}

/** Accent- and case-free, written apart from the client's own folding on purpose. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/’/g, "'")
    .toLowerCase();

/**
 * 80 ideas of two fixture workshops (six questions) in eight themes: each workshop's clusters
 * fold onto four themes named after its first question's clusters; the fixture's unclustered
 * ideas stay unclustered.
 */
function roomOf80() {
  const fixture = loadFixture();
  const themes: string[] = [];
  const ideas: (FixtureIdea & { theme: number | null })[] = [];
  for (const w of [0, 1]) {
    const ws = fixture.workshops[w];
    if (!ws) throw new Error('fixture workshop missing');
    themes.push(...(ws.questions[0]?.clusters.slice(0, 4).map((c) => c.label) ?? []));
    for (const q of ws.questions) {
      for (const i of q.ideas) {
        const ci = q.clusters.findIndex((c) => c.label === i.cluster);
        ideas.push({ ...i, theme: ci < 0 ? null : w * 4 + (ci % 4) });
      }
    }
  }
  return { themes, ideas: ideas.slice(0, 80) };
}

describe('the phone ballot at room size', () => {
  test('80 ideas under their themes, a pinned dots counter, a filter, done, votes on the server, EN/FR/ES', async () => {
    const room = roomOf80();
    expect(room.ideas).toHaveLength(80);
    const w = await createWorkshop({
      title: 'Sustaining Peace in Mandates and Financing',
      questions: [{ prompt: 'What should change first, in mandates and in money?' }],
      voteBudget: 3,
      maxVotesPerIdea: 1,
    });
    const questionId = w.questions[0]?.id as string;
    const fac = await connectSocket(server.url, w.facilitatorToken);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
    // Four writers (a participant may send at most 50 ideas per question).
    const writers = await Promise.all([1, 2, 3, 4].map(() => joinSocket(w.joinCode)));
    const ideaIds: string[] = [];
    for (const [k, i] of room.ideas.entries()) {
      const reply = await emitAck<{ ok: boolean; ideaId: string }>(
        writers[k % 4] as (typeof writers)[number],
        'idea:submit',
        {
          questionId,
          text: i.text,
          ...(i.actor ? { actor: i.actor } : {}),
          ...(i.nextStep ? { nextStep: i.nextStep } : {}),
        },
      );
      expect(reply.ok).toBe(true);
      ideaIds.push(reply.ideaId);
    }
    const facDoc = await connectDoc(server.url, w.id, w.facilitatorToken);
    await waitFor(() => readIdeas(facDoc.doc).length === 80, { docs: [facDoc.doc] });
    room.themes.forEach((label, position) => {
      createCluster(
        facDoc.doc,
        { id: `theme-${position}`, questionId, label, position },
        room.ideas.flatMap((i, k) => (i.theme === position ? [ideaIds[k] as string] : [])),
      );
    });
    const unclustered = room.ideas.filter((i) => i.theme === null).length;
    expect(unclustered).toBeGreaterThan(0);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'cluster' })).ok).toBe(true);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'vote' })).ok).toBe(true);

    const violations: A11yViolation[] = [];
    const languages = [
      { locale: 'en-GB', left: '3 dots left', other: 'Other ideas', done: 'Done: your 3 dots' },
      { locale: 'fr-FR', left: '3 points restants', other: 'Autres idées', done: null },
      { locale: 'es-ES', left: 'Quedan 3 puntos', other: 'Otras ideas', done: null },
    ];
    for (const lang of languages) {
      const p = await open(w.links.participant, lang.locale);
      await joinOnPhone(p);
      const counter = p.getByText(lang.left, { exact: true });
      await counter.waitFor();

      // Every idea is on the ballot (before anything is folded or filtered).
      await expect.poll(() => p.locator('main .idea').count()).toBe(80);
      violations.push(...(await seriousA11yViolations(p, `ballot top ${lang.locale}`)));
      await viewShot(p, `ballot-top-${lang.locale}`);
      await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      await viewShot(p, `ballot-middle-${lang.locale}`);
      await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      // Scrolled to the very bottom, the dots left are still on the screen.
      await expect.poll(() => p.evaluate(() => scrollY)).toBeGreaterThan(5000);
      const box = await counter.boundingBox();
      expect(box).not.toBeNull();
      expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect((box?.y ?? PHONE.height) + (box?.height ?? 0)).toBeLessThanOrEqual(PHONE.height);
      violations.push(...(await seriousA11yViolations(p, `ballot scrolled ${lang.locale}`)));
      await viewShot(p, `ballot-bottom-${lang.locale}`);
      await p.evaluate(() => window.scrollTo(0, 0));

      // Theme sections in the facilitator's order, the unclustered ideas last.
      const toggles = p.locator('.ballot__toggle');
      await expect.poll(() => toggles.count()).toBe(room.themes.length + 1);
      const labels = await p.locator('.ballot__label').allTextContents();
      expect(labels).toEqual([...room.themes, lang.other]);
      expect(await p.locator('.ballot .idea').count()).toBe(80);

      // One thumb on 390×844: nothing wider than the screen, every control at least 44 px.
      const layout = await p.evaluate(() => {
        const wide = [...document.querySelectorAll('main *')]
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.width > 0 && r.right > innerWidth + 0.5).length;
        const small = [
          ...document.querySelectorAll<HTMLElement>(
            '.ballot-bar button, .ballot-bar input, .ballot button, .ballot input',
          ),
        ]
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
          .map(({ e, r }) => `${e.className} ${r.width}×${r.height}`);
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth,
          wide,
          small,
          height: document.documentElement.scrollHeight,
        };
      });
      console.info(`ballot ${lang.locale}: page ${layout.height} px tall`);
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
      expect(layout.wide).toBe(0);
      expect(layout.small).toEqual([]);

      if (lang.done === null) continue;

      // A theme folds away and comes back.
      const first = toggles.first();
      const firstCount = room.ideas.filter((i) => i.theme === 0).length;
      await first.click();
      expect(await first.getAttribute('aria-expanded')).toBe('false');
      expect(await p.locator('.ballot .idea').count()).toBe(80 - firstCount);
      await first.click();
      expect(await p.locator('.ballot .idea').count()).toBe(80);

      // The filter: instant, every word must match, case and accents do not matter.
      const find = p.getByRole('searchbox', { name: 'Find an idea' });
      const expected = (query: string) => {
        const words = fold(query).split(/\s+/).filter(Boolean);
        return room.ideas.filter((i) => {
          const hay = fold(
            [i.text, i.actor, i.nextStep, i.theme === null ? null : room.themes[i.theme]]
              .filter(Boolean)
              .join('\n'),
          );
          return words.every((wd) => hay.includes(wd));
        });
      };
      for (const query of ['COTE D’IVOIRE', "cote d'ivoire", 'pooled FUNDING', 'reconciliation']) {
        const want = expected(query);
        expect(want.length).toBeGreaterThan(0);
        await find.fill(query);
        await expect.poll(() => p.locator('.ballot .idea').count()).toBe(want.length);
        const shown = await p.locator('.ballot .idea__text').allTextContents();
        expect(shown.sort()).toEqual(want.map((i) => i.text).sort());
      }
      // Positive control: the accent-free queries did find the accented ideas.
      expect(expected("cote d'ivoire").length).toBeGreaterThanOrEqual(2);
      expect(expected('reconciliation').some((i) => i.text.includes('réconciliation'))).toBe(true);
      await find.fill('zzzz-nothing');
      await p.getByText('No idea matches “zzzz-nothing”.').waitFor();
      expect(await p.locator('.ballot .idea').count()).toBe(0);

      // Three dots: one found by the filter, one in the last (unclustered) section, one between.
      await find.fill('pooled funding');
      await viewShot(p, 'ballot-filtered');
      await p
        .getByRole('button', { name: /^Add a dot:/ })
        .first()
        .click();
      await p.getByText('2 dots left', { exact: true }).waitFor();
      await p.getByRole('button', { name: 'Clear' }).click();
      await expect.poll(() => p.locator('.ballot .idea').count()).toBe(80);
      await p
        .locator('.ballot__group')
        .last()
        .getByRole('button', { name: /^Add a dot:/ })
        .first()
        .click();
      await p.getByText('1 dot left', { exact: true }).waitFor();
      await p
        .locator('.ballot__group')
        .nth(3)
        .getByRole('button', { name: /^Add a dot:/ })
        .first()
        .click();
      const done = p.getByText(lang.done);
      await done.waitFor();
      expect(await p.locator('.ballot button:enabled', { hasText: '+' }).count()).toBe(0);
      await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expect.poll(() => p.evaluate(() => scrollY)).toBeGreaterThan(5000);
      const doneBox = await done.boundingBox();
      expect(doneBox?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect((doneBox?.y ?? PHONE.height) + (doneBox?.height ?? 0)).toBeLessThanOrEqual(
        PHONE.height,
      );
      await viewShot(p, 'ballot-done-bottom');
      violations.push(...(await seriousA11yViolations(p, 'ballot done')));

      // The server has the three dots: the round counts one voter done.
      await waitFor(
        () => readRounds(facDoc.doc).some((r) => r.status === 'open' && r.votersDone === 1),
        { docs: [facDoc.doc], what: 'one voter done in the open round' },
      );
    }
    expect(violations).toEqual([]);

    // Closing the vote: the three dots are in the results.
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'results' })).ok).toBe(true);
    await waitFor(() => readRounds(facDoc.doc).some((r) => r.results !== null), {
      docs: [facDoc.doc],
    });
    const results = readRounds(facDoc.doc).find((r) => r.results)?.results;
    expect(results?.ideas.reduce((n, i) => n + i.votes, 0)).toBe(3);
    closeClients();
  });

  test('two dots per idea, then a shortlist round: the ballot shows only the candidates', async () => {
    const w = await createWorkshop({
      title: 'Partnerships and Regional Organizations',
      questions: [{ prompt: 'What should the UN ask of regional partners?' }],
      voteBudget: 3,
      maxVotesPerIdea: 2,
    });
    const questionId = w.questions[0]?.id as string;
    const fac = await connectSocket(server.url, w.facilitatorToken);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
    const writer = await joinSocket(w.joinCode);
    const texts = loadFixture()
      .workshops[4]?.questions[0]?.ideas.slice(0, 6)
      .map((i) => i.text) as string[];
    for (const text of texts) {
      expect((await emitAck(writer, 'idea:submit', { questionId, text })).ok).toBe(true);
    }
    // Round 1: everyone's dots on the first two ideas, then a round on the top 2.
    const p = await open(w.links.participant);
    await joinOnPhone(p);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'cluster' })).ok).toBe(true);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'vote' })).ok).toBe(true);
    await expect.poll(() => p.locator('.ballot .idea').count()).toBe(6);
    // Up to two dots on one idea: + twice, − once, and the count beside them follows.
    const card = (k: number) => p.locator('.ballot .idea', { hasText: texts[k] as string });
    await card(0)
      .getByRole('button', { name: /^Add a dot:/ })
      .click();
    await p.getByText('2 dots left', { exact: true }).waitFor();
    await card(0)
      .getByRole('button', { name: /^Add a dot:/ })
      .click();
    await p.getByText('1 dot left', { exact: true }).waitFor();
    expect(await card(0).getByText('2 dots', { exact: true }).count()).toBe(1);
    expect(
      await card(0)
        .getByRole('button', { name: /^Add a dot:/ })
        .isDisabled(),
    ).toBe(true);
    await card(0)
      .getByRole('button', { name: /^Remove a dot:/ })
      .click();
    await p.getByText('2 dots left', { exact: true }).waitFor();
    await card(1)
      .getByRole('button', { name: /^Add a dot:/ })
      .click();
    await p.getByText('1 dot left', { exact: true }).waitFor();
    await viewShot(p, 'ballot-two-per-idea');
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'results' })).ok).toBe(true);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'cluster' })).ok).toBe(true);
    expect((await emitAck(fac, 'vote:configure', { questionId, topN: 2 })).ok).toBe(true);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'vote' })).ok).toBe(true);
    await expect.poll(() => p.locator('.ballot .idea').count()).toBe(2);
    expect((await p.locator('.ballot .idea__text').allTextContents()).sort()).toEqual(
      texts.slice(0, 2).sort(),
    );
    closeClients();
  });
});

/** A workshop collecting ideas, and alice's phone joined to it with the idea box ready. */
async function collecting(title: string) {
  const w = await createWorkshop({
    title,
    questions: [{ prompt: 'What should PBSO stop, start and keep doing?' }],
  });
  const questionId = w.questions[0]?.id as string;
  const fac = await connectSocket(server.url, w.facilitatorToken);
  const facDoc = await connectDoc(server.url, w.id, w.facilitatorToken);
  const p = await open(w.links.participant);
  await joinOnPhone(p);
  expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
  const box = p.getByLabel('Your idea', { exact: true });
  await box.waitFor();
  return { w, questionId, facDoc, p, box };
}

/** Submits one idea from the phone by a tap on the button, as a thumb would. */
async function submitByTap(p: Page, box: Locator, text: string, actor?: string) {
  await box.fill(text);
  if (actor) await p.getByLabel('Who should act').fill(actor);
  await p.getByRole('button', { name: 'Submit idea' }).tap();
  await expect.poll(() => box.inputValue()).toBe('');
}

const MINE = [
  'Stop: parallel funding windows that each need their own report',
  'Start: a light country-review format the Commission can run in one session',
];

describe('the idea form on a phone', () => {
  test('focus stays in the idea box after each submit (the keyboard stays open)', async () => {
    const { p, box } = await collecting('Revitalizing the PBSO: focus');
    const boxId = await box.getAttribute('id');
    for (const text of MINE) {
      // The last field typed in is "who should act", then a tap on Submit.
      await submitByTap(p, box, text, 'PBSO');
      expect(await p.evaluate((id) => document.activeElement?.id === id, boxId)).toBe(true);
    }
    // Typing straight on writes in the box (no tap back into it needed).
    await p.keyboard.type('Keep');
    expect(await box.inputValue()).toBe('Keep');
    closeClients();
  });

  test('own ideas are listed once; others’ ideas still listed', async () => {
    const { w, questionId, p, box } = await collecting('Revitalizing the PBSO: once');
    for (const text of MINE) await submitByTap(p, box, text);
    // Someone else's idea is listed under the room's ideas (positive control for "once").
    const bob = await joinSocket(w.joinCode);
    const bobs = 'Keep: the small-grants facility for women-led organisations';
    expect((await emitAck(bob, 'idea:submit', { questionId, text: bobs })).ok).toBe(true);
    await p.getByText(bobs, { exact: true }).waitFor();
    await expect.poll(() => p.getByText('Saved', { exact: true }).count()).toBe(2);
    for (const text of [...MINE, bobs]) {
      expect(await p.getByText(text, { exact: true }).count()).toBe(1);
    }
    await screenshot(p, SUITE, 'participant-own-ideas');
    closeClients();
  });

  test('who should act and first step are editable with the text, and can be cleared', async () => {
    const { facDoc, p, box } = await collecting('Revitalizing the PBSO: edit');
    await submitByTap(p, box, MINE[0] as string, 'PBSO');
    await p.getByText('Saved', { exact: true }).waitFor();
    const own = p.locator('.idea', { hasText: MINE[0] as string });
    await own.getByRole('button', { name: 'Edit' }).click();
    await own.getByLabel('Who should act').fill('PBSO with the Peacebuilding Fund');
    await own.getByLabel('First step').fill('List the windows and their reports by March');
    await own.getByRole('button', { name: 'Save' }).click();
    await own.getByText('First step: List the windows and their reports by March').waitFor();
    await waitFor(
      () =>
        readIdeas(facDoc.doc).some(
          (i) =>
            i.text === MINE[0] &&
            i.actor === 'PBSO with the Peacebuilding Fund' &&
            i.nextStep === 'List the windows and their reports by March',
        ),
      { docs: [facDoc.doc], what: 'the edited actor and first step in the doc' },
    );
    await own.getByRole('button', { name: 'Edit' }).click();
    await own.getByLabel('Who should act').fill('');
    await own.getByRole('button', { name: 'Save' }).click();
    await waitFor(() => readIdeas(facDoc.doc).some((i) => i.text === MINE[0] && i.actor === null), {
      docs: [facDoc.doc],
      what: 'the cleared actor in the doc',
    });
    await expect.poll(() => own.getByText(/Who should act:/).count()).toBe(0);
    await screenshot(p, SUITE, 'participant-edited');
    expect(await seriousA11yViolations(p, 'participant form')).toEqual([]);
    closeClients();
  });

  test('the app name on the join and participant screens does not lead to the organiser page', async () => {
    const w = await createWorkshop({
      title: 'Revitalizing the PBSO: brand',
      questions: [{ prompt: 'What should PBSO stop, start and keep doing?' }],
    });
    const p = await open(w.links.participant);
    await p.locator('form').waitFor();
    // Positive control: the name is there, only not as a link.
    await p.getByText('Convene', { exact: true }).waitFor();
    expect(await p.locator('a[href="/"]').count()).toBe(0);
    await joinOnPhone(p);
    await p.getByText('Convene', { exact: true }).waitFor();
    expect(await p.locator('a[href="/"]').count()).toBe(0);
    expect(await p.getByRole('link', { name: 'Convene' }).count()).toBe(0);
  });
});
