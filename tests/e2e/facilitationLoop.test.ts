import type { CreatedWorkshop } from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type A11yViolation,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  watchErrors,
} from '../helpers/browser.ts';

const SUITE = 'loop';

describe('one question through every phase, three participants, every screen', () => {
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function open(label: string, url: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchErrors(page, label));
    await page.goto(url);
    return page;
  }

  test('lobby → submit → cluster → vote → results', async () => {
    const res = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Inclusivity and Community Participation',
        host: 'NYU Center on International Cooperation',
        date: '2017-03-23',
        questions: [
          {
            prompt: 'Who is missing from peace processes, and how do we bring them in?',
            plannedMinutes: 40,
          },
          {
            prompt: 'What should the Peacebuilding Commission ask of missions?',
            plannedMinutes: 30,
          },
        ],
      }),
    });
    const w = (await res.json()) as CreatedWorkshop;

    const fac = await open('facilitator', w.links.facilitator, { width: 1440, height: 900 });
    const projector = await open('projector', w.links.projector, { width: 1920, height: 1080 });
    const rapporteur = await open('rapporteur', w.links.rapporteur, { width: 1440, height: 900 });
    const people: Page[] = [];
    for (const [i, size] of [
      { width: 390, height: 844 },
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ].entries()) {
      const p = await open(`participant-${i + 1}`, w.links.participant, size);
      await p.getByRole('button', { name: 'Join' }).click();
      await p.getByRole('heading', { name: /Who is missing/ }).waitFor();
      people.push(p);
    }
    const [alice, bob, carol] = people as [Page, Page, Page];
    const all = { facilitator: fac, projector, rapporteur, alice, bob, carol };
    // Every role screen in every phase: a screenshot to look at, and axe with zero serious or
    // critical violations.
    const violations: A11yViolation[] = [];
    const shootAll = async (phase: string) => {
      for (const [name, page] of Object.entries(all)) {
        await screenshot(page, SUITE, `${phase}-${name}`);
        violations.push(...(await seriousA11yViolations(page, `${phase} ${name}`)));
      }
    };
    await fac
      .getByRole('heading', { name: /Who is missing/ })
      .first()
      .waitFor();
    await expect.poll(() => projector.getByText('3 participants connected').count()).toBe(1);
    await shootAll('1-lobby');

    // Submit, with a running timer that every screen shows.
    await fac.getByRole('button', { name: 'Collecting ideas' }).click();
    await fac.getByRole('button', { name: 'Start', exact: true }).click();
    await projector.getByRole('timer').waitFor();
    await alice.getByRole('timer').waitFor();
    const ideas: [Page, string][] = [
      [alice, 'Reserve seats for women-led civil society in every mediation track.'],
      [bob, 'Fund local peace committees directly, not through capital-based NGOs.'],
      [carol, 'Hold mission consultations in local languages outside the capital.'],
      [alice, 'Let young people co-chair the national dialogue working groups.'],
    ];
    const text = (i: number) => ideas[i]?.[1] ?? '';
    for (const [page, idea] of ideas) {
      await page.getByLabel('Your idea', { exact: true }).fill(idea);
      await page.getByRole('button', { name: 'Submit idea' }).click();
      await page.locator('.idea__text', { hasText: idea }).first().waitFor();
    }
    await expect.poll(() => projector.locator('.wall__idea').count()).toBe(4);
    await shootAll('2-submit');

    // Cluster: the facilitator makes two themes with the keyboard path (buttons and selects).
    await fac.getByRole('button', { name: 'Clustering', exact: true }).click();
    await fac.getByRole('button', { name: 'New cluster' }).click();
    const label = fac.getByLabel('Cluster name').first();
    await label.fill('Who sits at the table');
    await label.press('Enter');
    await fac.getByRole('button', { name: 'New cluster' }).click();
    const second = fac.getByLabel('Cluster name').nth(1);
    await second.fill('Money and reach');
    await second.press('Enter');
    await expect
      .poll(() => projector.locator('.cluster-wall__label').allTextContents())
      .toContain('Money and reach');
    const moveTo = (text: string) => fac.getByLabel(`Move to: ${text.slice(0, 60)}`);
    await moveTo(text(0)).selectOption({ label: 'Who sits at the table' });
    await moveTo(text(3)).selectOption({ label: 'Who sits at the table' });
    await moveTo(text(1)).selectOption({ label: 'Money and reach' });
    await moveTo(text(2)).selectOption({ label: 'Money and reach' });
    // Undo and redo the last move.
    await fac.getByRole('button', { name: /Undo/ }).click();
    await expect.poll(() => moveTo(text(2)).inputValue()).toBe('');
    await fac.getByRole('button', { name: /Redo/ }).click();
    await expect.poll(() => moveTo(text(2)).inputValue()).not.toBe('');
    await expect
      .poll(() => projector.locator('.cluster-wall__group').first().locator('.wall__idea').count())
      .toBe(2);
    await shootAll('3-cluster');

    // Vote: dots, secret until results.
    await fac.getByRole('button', { name: 'Voting', exact: true }).click();
    const dot = (page: Page, text: string) =>
      page.getByRole('button', { name: `Add a dot: ${text.slice(0, 60)}` });
    for (const [page, picks] of [
      [alice, [0, 1, 2]],
      [bob, [0, 1]],
      [carol, [0]],
    ] as [Page, number[]][]) {
      await page.getByText('3 dots left').waitFor();
      for (const i of picks) {
        await dot(page, text(i)).click();
        // The ballot counts the dots left down to one, then says it is done.
        const left = 3 - picks.indexOf(i) - 1;
        await expect
          .poll(() => page.getByText(left === 0 ? 'Done: your 3 dots' : `${left} dot`).count())
          .toBeGreaterThan(0);
      }
    }
    await expect(dot(alice, text(3)).isDisabled()).resolves.toBe(true); // no dots left
    await projector.getByText('1 of 3 has used all their dots').waitFor();
    for (const page of Object.values(all)) {
      expect(await page.content()).not.toMatch(/\d+ votes?\b/);
    }
    await shootAll('4-vote');

    // Results: ranked bars with cluster totals on every screen.
    await fac.getByRole('button', { name: 'Results', exact: true }).click();
    await projector.locator('.results__item').first().waitFor();
    const top = await projector.locator('.results__list').first().locator('.results__text').first();
    expect(await top.textContent()).toBe(text(0));
    await projector.getByText('3 votes').first().waitFor();
    await alice.locator('.results__item').first().waitFor();
    await rapporteur.locator('.results__item').first().waitFor();
    await shootAll('5-results');

    expect(violations).toEqual([]);
    // Control: the check does find a real violation (an image without alternative text).
    await rapporteur.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.body.append(img);
    });
    const control = await seriousA11yViolations(rapporteur, 'control');
    expect(control.map((v) => v.id)).toContain('image-alt');

    const unexpected = errors
      .flat()
      .filter(
        (e) => !/WebSocket connection|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e),
      );
    expect(unexpected).toEqual([]);
  });
});
