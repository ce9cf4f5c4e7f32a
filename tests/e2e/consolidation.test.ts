import fs from 'node:fs';
import path from 'node:path';
import { type CreatedWorkshopWithSeries, readIdeas, readRounds } from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import {
  type A11yViolation,
  ARTIFACTS_DIR,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  type WebServer,
  watchErrors,
} from '../helpers/browser.ts';
import { loadFixture } from '../helpers/fixtureBoard.ts';
import { seriesFromFixture } from '../helpers/seriesFixture.ts';
import { closeClients, connectSocket, emitAck } from '../helpers/testServer.ts';

/**
 * The consolidation session in Chromium (issue 15, item 2). The six workshops of the "Applying
 * Sustaining Peace" fixture are imported into a series; the organiser creates the session from
 * the series page (top 5 per question: 90 ideas, each marked with its workshop); three people
 * on phones (EN, FR, EN) see the markers, add ideas and vote; the facilitator refines (edits a
 * carried idea, merges one into a participant's idea, which then comes from that workshop too)
 * with 16 people in the room; the projector shows the markers on its wall and in the results at
 * 1920×1080 and 1280×720. Screenshots of every screen; axe clean.
 */

const SUITE = 'consolidation';
const BIG = { width: 1920, height: 1080 };
const SMALL = { width: 1280, height: 720 };
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

/** Polls as a person waits for a screen (a loaded machine renders 30 cards slowly). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

async function open(
  url: string,
  viewport: { width: number; height: number },
  locale = 'en-GB',
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale,
    ...(viewport === PHONE ? { hasTouch: true } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** What the screen shows right now (not the whole page). */
async function viewShot(page: Page, name: string): Promise<void> {
  const dir = path.join(ARTIFACTS_DIR, SUITE);
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled' });
}

/** Nothing within `scope` is wider than the screen. */
const spills = (page: Page, scope = 'main *, .projector *') =>
  page.evaluate(
    (s) =>
      [...document.querySelectorAll(s)]
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.right > innerWidth + 0.5;
        })
        .map((e) => `${e.tagName}.${e.className}`),
    scope,
  );
/** The series page's other panels are not this suite's: only the consolidation panel is held to it. */
const PANEL = 'section.consolidation, section.consolidation *';

describe('a consolidation session with three participants in Chromium', () => {
  test('created from the series page, refined, added to and voted on; origins on every screen', async () => {
    const fixture = loadFixture();
    const series = await seriesFromFixture(server.url, { name: 'Applying Sustaining Peace' });
    const seriesLink = `${server.url}/series/${series.id}#token=${series.token}`;
    const violations: A11yViolation[] = [];
    const errors: string[] = [];

    // 1. The organiser, on the series page (EN, 1920×1080): the panel, the pick lists, then the
    //    top 5 of each question.
    const organiser = await open(seriesLink, BIG);
    errors.push(...watchErrors(organiser, 'organiser'));
    const panel = organiser.locator('section.consolidation');
    await panel.getByRole('heading', { name: 'Consolidation session' }).waitFor();
    await panel
      .getByText('No plan yet: every workshop of the series with closed questions counts as held.')
      .waitFor();
    await panel.getByLabel('Ideas I pick from the ranked lists').check();
    const sources = panel.locator('details.consolidation__source');
    await poll(() => sources.count()).toBe(6);
    // Picking starts from the top 3 of each of 18 questions.
    await panel.getByText('54 ideas will be carried forward').waitFor();
    await sources.first().locator('summary').click();
    const firstTopic = fixture.workshops[0]?.title ?? '';
    expect(await sources.first().locator('summary').textContent()).toContain(
      `Workshop 1: ${firstTopic}`,
    );
    await screenshot(organiser, SUITE, 'series-pick-1920');
    violations.push(...(await seriousA11yViolations(organiser, 'series page, picking')));
    await panel.getByLabel('The best-supported ideas of each question').check();
    await panel.getByLabel('Ideas per question').fill('5');
    await panel.getByText('90 ideas will be carried forward').waitFor();
    const replied = organiser.waitForResponse(
      (r) => r.url().endsWith('/consolidation') && r.request().method() === 'POST',
    );
    await panel.getByRole('button', { name: 'Create the consolidation session' }).click();
    const made = (await (await replied).json()) as CreatedWorkshopWithSeries & { carried: number };
    expect(made.carried).toBe(90);
    await panel
      .getByText('Consolidation session created with 90 ideas.', { exact: false })
      .waitFor();
    await panel.getByText(`Join code ${made.joinCode} · 90 ideas`).waitFor();
    await screenshot(organiser, SUITE, 'series-created-1920');
    await organiser.setViewportSize(PHONE);
    await screenshot(organiser, SUITE, 'series-created-390');
    expect(await spills(organiser, PANEL)).toEqual([]);
    violations.push(...(await seriousA11yViolations(organiser, 'series page, created')));

    // The same page in French on a phone.
    const organiserFr = await open(seriesLink, PHONE, 'fr-FR');
    errors.push(...watchErrors(organiserFr, 'organiser fr'));
    await organiserFr.getByRole('heading', { name: 'Séance de consolidation' }).waitFor();
    await organiserFr.getByText('Séances créées').waitFor();
    await organiserFr.getByText('54 idées seront reprises').waitFor();
    await screenshot(organiserFr, SUITE, 'series-fr-390');
    expect(await spills(organiserFr, PANEL)).toEqual([]);
    violations.push(...(await seriousA11yViolations(organiserFr, 'series page, FR')));

    // 2. The room: the first question (workshop 1's topic) opens.
    const questionId = made.questions[0]?.id ?? '';
    const fac = await connectSocket(server.url, made.facilitatorToken);
    const phase = async (p: string) =>
      expect((await emitAck(fac, 'phase:set', { questionId, phase: p })).ok).toBe(true);
    await phase('submit');
    const live = <T>(read: (doc: Y.Doc) => T) =>
      server.app().rooms.with(made.id, (r) => read(r.doc));
    const carried = live((d) => readIdeas(d).filter((i) => i.questionId === questionId));
    expect(carried).toHaveLength(15);
    const originText = `From workshop 1 · ${firstTopic}`;

    // Three people on phones: EN, FR, EN.
    const people = [
      {
        name: 'alice',
        locale: 'en-GB',
        text: 'Hosts publish one shared analysis before each mandate renewal, with the mission’s own benchmarks.',
      },
      {
        name: 'bob',
        locale: 'fr-FR',
        text: 'Associer la société civile nationale aux revues stratégiques dès la première étape, pas à la fin.',
      },
      {
        name: 'carol',
        locale: 'en-GB',
        text: 'A transition calendar agreed with the host government two years before drawdown begins.',
      },
    ];
    const phones: Page[] = [];
    for (const p of people) {
      const page = await open(made.links.participant, PHONE, p.locale);
      errors.push(...watchErrors(page, p.name));
      await page.locator('form').getByRole('button').click();
      await page.waitForURL(/\/participant\//);
      phones.push(page);
    }
    const [alice, bob, carol] = phones as [Page, Page, Page];
    for (const [k, page] of phones.entries()) {
      await poll(() => page.locator('.origin-mark').count()).toBe(15);
      await page
        .locator('form textarea')
        .first()
        .fill(people[k]?.text ?? '');
      await page.locator('form button[type="submit"]').click();
    }
    await poll(() =>
      live((d) => readIdeas(d).filter((i) => i.questionId === questionId).length),
    ).toBe(18);
    expect(await alice.locator('.origin-mark').first().textContent()).toBe(originText);
    expect(await bob.locator('.origin-mark').first().textContent()).toBe(
      `Issue de l’atelier 1 · ${firstTopic}`,
    );
    // The room's ideas as a phone shows them, markers and all.
    for (const [page, name] of [
      [alice, 'phone-en-submit'],
      [bob, 'phone-fr-submit'],
    ] as const) {
      await page.evaluate(() => document.getElementById('room-h')?.scrollIntoView());
      await viewShot(page, name);
    }
    for (const [k, page] of phones.entries()) {
      expect(await spills(page)).toEqual([]);
      violations.push(...(await seriousA11yViolations(page, `phone ${people[k]?.name}`)));
    }

    // Thirteen more people in the room (16 in all), each with an idea of their own.
    const extra = fixture.workshops[3]?.questions.flatMap((q) => q.ideas).slice(0, 13) ?? [];
    for (const idea of extra) {
      const joined = await fetch(`${server.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ joinCode: made.joinCode }),
      }).then((r) => r.json() as Promise<{ participantToken: string }>);
      const socket = await connectSocket(server.url, joined.participantToken);
      const reply = await emitAck(socket, 'idea:submit', {
        questionId,
        text: idea.text,
        ...(idea.actor ? { actor: idea.actor } : {}),
      });
      expect(reply.ok).toBe(true);
    }
    await poll(() =>
      live((d) => readIdeas(d).filter((i) => i.questionId === questionId).length),
    ).toBe(31);

    // 3. The facilitator refines, in the browser: edits a carried idea, then merges another
    //    carried idea into Alice's — which now comes from workshop 1 too.
    const facPage = await open(made.links.facilitator, BIG);
    errors.push(...watchErrors(facPage, 'facilitator'));
    const edited = carried[0];
    const merged = carried[1];
    if (!edited || !merged) throw new Error('carried ideas expected');
    await facPage.getByRole('button', { name: `Edit: ${edited.text.slice(0, 60)}` }).click();
    const refined = `${edited.text} Reviewed jointly by the three host institutes each year.`;
    await facPage.locator(`#edit-${edited.id}`).fill(refined);
    await facPage
      .locator('form', { has: facPage.locator(`#edit-${edited.id}`) })
      .getByRole('button', { name: 'Save' })
      .click();
    await poll(() => live((d) => readIdeas(d).find((i) => i.id === edited.id)?.text)).toBe(refined);
    await facPage.getByRole('button', { name: `Merge into… ${merged.text.slice(0, 60)}` }).click();
    await facPage.getByPlaceholder('Type words of the other idea').fill('own benchmarks');
    await facPage.locator('.merge-picker__option').first().waitFor();
    expect(await facPage.locator('.merge-picker__option').count()).toBe(1);
    await facPage.keyboard.press('Enter');
    const aliceIdea = () => live((d) => readIdeas(d).find((i) => i.text === people[0]?.text));
    await poll(() => aliceIdea()?.origins.length).toBe(1);
    expect(aliceIdea()?.origins[0]?.number).toBe(1);
    expect(live((d) => readIdeas(d).find((i) => i.id === edited.id)?.origins[0]?.number)).toBe(1);
    expect(await facPage.locator('.origin-mark').count()).toBeGreaterThanOrEqual(14);
    // Bob sees Alice's idea with the marker the merge gave it.
    const aliceCard = bob.locator('.idea', { hasText: people[0]?.text ?? '' });
    await poll(() => aliceCard.locator('.origin-mark').count()).toBe(1);
    for (const size of [BIG, SMALL]) {
      await facPage.setViewportSize(size);
      await screenshot(facPage, SUITE, `facilitator-${size.width}`);
      await viewShot(facPage, `facilitator-${size.width}-view`);
    }
    violations.push(...(await seriousA11yViolations(facPage, 'facilitator')));

    // 4. The projector's wall, at both sizes: markers short, on one line, nothing spills.
    const projectors = [
      await open(made.links.projector, BIG),
      await open(made.links.projector, SMALL),
    ];
    for (const [k, p] of projectors.entries()) {
      errors.push(...watchErrors(p, `projector ${k}`));
      await poll(() => p.locator('.wall__idea .origin-mark').count()).toBeGreaterThan(0);
      expect(await p.locator('.wall__idea .origin-mark').first().textContent()).toContain(
        `W1 · ${firstTopic.slice(0, 20)}`,
      );
      await screenshot(p, SUITE, `projector-wall-${k === 0 ? BIG.width : SMALL.width}`);
      expect(await spills(p)).toEqual([]);
      violations.push(...(await seriousA11yViolations(p, `projector wall ${k}`)));
    }

    // The spotlight: the whole origin under the idea, on both projectors.
    await facPage.setViewportSize(BIG);
    await facPage.getByRole('button', { name: `Spotlight: ${refined.slice(0, 60)}` }).click();
    for (const [k, p] of projectors.entries()) {
      await p.locator('.spotlight .origin-mark').waitFor();
      expect(await p.locator('.spotlight .origin-mark').textContent()).toBe(originText);
      expect(await spills(p)).toEqual([]);
      await screenshot(p, SUITE, `projector-spotlight-${k === 0 ? BIG.width : SMALL.width}`);
    }
    await facPage.getByRole('button', { name: `Spotlight: ${refined.slice(0, 60)}` }).click();
    for (const p of projectors) await poll(() => p.locator('.spotlight').count()).toBe(0);

    // The clustering board and the rapporteur's screen show the markers too.
    await phase('cluster');
    await poll(() => facPage.locator('.board-card .origin-mark').count()).toBeGreaterThanOrEqual(
      14,
    );
    for (const size of [BIG, SMALL]) {
      await facPage.setViewportSize(size);
      await viewShot(facPage, `facilitator-board-${size.width}`);
    }
    violations.push(...(await seriousA11yViolations(facPage, 'clustering board')));
    const rap = await open(made.links.rapporteur, SMALL);
    errors.push(...watchErrors(rap, 'rapporteur'));
    await poll(() => rap.locator('.rapporteur-idea .origin-mark').count()).toBeGreaterThanOrEqual(
      14,
    );
    await rap.evaluate(() => document.querySelector('.rapporteur-idea')?.scrollIntoView());
    await viewShot(rap, 'rapporteur-1280');
    violations.push(...(await seriousA11yViolations(rap, 'rapporteur')));

    // 5. The vote, on the phones: each puts a dot on the refined idea, Bob and Carol on Alice's.
    await phase('vote');
    const dot = (page: Page, text: string, label = 'Add a dot') =>
      page.getByRole('button', { name: `${label}: ${text.slice(0, 60)}`, exact: true });
    await poll(() => alice.locator('.ballot .origin-mark').count()).toBeGreaterThan(10);
    // 31 ideas less the one merged away.
    await poll(() => bob.locator('.ballot .idea').count()).toBe(30);
    await dot(alice, refined).click();
    await dot(bob, refined, 'Ajouter un point').click();
    await dot(bob, people[0]?.text ?? '', 'Ajouter un point').click();
    await dot(carol, refined).click();
    await dot(carol, people[0]?.text ?? '').click();
    await viewShot(alice, 'phone-en-ballot');
    await viewShot(bob, 'phone-fr-ballot');
    violations.push(...(await seriousA11yViolations(bob, 'ballot FR')));
    await phase('results');
    await poll(() =>
      live((d) => readRounds(d).find((r) => r.questionId === questionId)?.status),
    ).toBe('closed');
    const results = live((d) => readRounds(d).find((r) => r.questionId === questionId)?.results);
    expect(results?.ideas[0]).toMatchObject({ ideaId: edited.id, votes: 3 });
    expect(results?.ideas[1]).toMatchObject({ votes: 2 });
    // The vote changed no origin.
    expect(live((d) => readIdeas(d).find((i) => i.id === edited.id)?.origins)).toEqual([
      { workshopId: series.workshops[0]?.id, number: 1, topic: firstTopic },
    ]);

    // 6. Results with their origins: projector at both sizes, and a phone.
    for (const [k, p] of projectors.entries()) {
      await p.locator('.results__item .origin-mark').first().waitFor();
      await screenshot(p, SUITE, `projector-results-${k === 0 ? BIG.width : SMALL.width}`);
      expect(await spills(p)).toEqual([]);
      violations.push(...(await seriousA11yViolations(p, `projector results ${k}`)));
    }
    await alice.locator('.results .origin-mark').first().waitFor();
    await viewShot(alice, 'phone-en-results');
    violations.push(...(await seriousA11yViolations(alice, 'phone results')));

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
