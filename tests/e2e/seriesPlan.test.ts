import type { SeriesPlanReply } from '@convene/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  watchErrors,
} from '../helpers/browser.ts';
import { type SeriesFixture, seriesFromFixture } from '../helpers/seriesFixture.ts';

const SUITE = 'series-plan';

/**
 * Issue 15, items 1 and 4, in the browser: the organisers' page of the six-workshop fixture
 * series (imported with its plan as held) with a seventh workshop and a plan that changed
 * along the way — a topic added and made into its workshop with one click, one dropped, one
 * moved, a role link minted — at the projector's sizes and on a phone, in English and French.
 */

const SIZES = [
  { name: '1920', width: 1920, height: 1080 },
  { name: '1280', width: 1280, height: 720 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('the series page for organisers', () => {
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  let fx: SeriesFixture;

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/api/series/${fx.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.ok, `${method} ${path}`).toBe(true);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    fx = await seriesFromFixture(server.url, { plan: true });
    // The plan as it grows: a broader closing gathering planned, one topic re-dated.
    await api('POST', '/topics', {
      title: 'A broader gathering to consolidate the ideas of the series',
      questions: [
        'Which ideas of the series should the Secretary-General’s report take up first?',
        'What should the Peacebuilding Commission ask of the Security Council and the General Assembly?',
      ],
      plannedDate: '2017-09-14',
    });
    const plan = await api<SeriesPlanReply>('GET', '/plan');
    // The sixth was re-dated and is still marked scheduled, though every question is closed.
    await api('PATCH', `/topics/${plan.topics[5]?.id}`, {
      plannedDate: '2017-06-30',
      status: 'scheduled',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (locale: string, size: (typeof SIZES)[number]): Promise<Page> => {
    const context = await browser.newContext({
      locale,
      viewport: { width: size.width, height: size.height },
    });
    const page = await context.newPage();
    await page.goto(fx.link);
    return page;
  };

  test('the plan is changed from the page, a topic becomes its workshop, links are minted (EN)', async () => {
    const page = await open('en-GB', SIZES[0]);
    const errors = watchErrors(page, 'series');
    await page.getByRole('heading', { name: 'Plan of the series' }).waitFor();
    const rows = page.locator('.plan-table tbody tr');
    await expect.poll(() => rows.count()).toBe(7);
    await expect.poll(() => rows.nth(6).textContent()).toContain('A broader gathering');

    // The page proposes marking the sixth topic held (its workshop's questions are all closed).
    const sixth = rows.nth(5);
    expect(await sixth.textContent()).toContain('All its questions are closed.');
    await page
      .getByRole('button', {
        name: 'Mark as held: “Revitalizing the UN Peacebuilding Support Office”',
      })
      .click();
    await expect.poll(() => sixth.textContent()).toContain('Held');
    expect(await sixth.textContent()).not.toContain('All its questions are closed.');

    // Add a topic with its questions and date; it takes the next number and the rotation's host.
    await page.getByText('Add a topic').click();
    await page.locator('#topic-title-new').fill('Partnerships with regional organisations');
    await page
      .locator('#topic-questions-new')
      .fill(
        'How should the UN and regional organisations share early-warning analysis?\nWho should fund joint prevention work?',
      );
    await page.locator('#topic-date-new').fill('2017-10-12');
    await page.getByRole('button', { name: 'Add topic' }).click();
    await expect.poll(() => rows.count()).toBe(8);
    const added = rows.nth(7);
    await expect.poll(() => added.textContent()).toContain('Partnerships with regional');
    await expect.poll(() => added.textContent()).toContain('by rotation');
    expect(await added.locator('td').first().textContent()).toBe('8');

    // Drop the closing gathering (Edit → status), then move the new topic up one place.
    await page.getByRole('button', { name: 'Edit “A broader gathering' }).click();
    // Keyboard users land in the form, and back on the topic's Edit button once it is saved.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id ?? ''))
      .toMatch(/^topic-title-/);
    await page.getByLabel('Status').selectOption('dropped');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''))
      .toBe('Edit “A broader gathering to consolidate the ideas of the series”');
    await expect.poll(() => rows.nth(6).textContent()).toContain('Dropped');
    // A dropped topic has no number: the new one is now 7.
    await expect.poll(() => added.locator('td').first().textContent()).toBe('7');
    await page
      .getByRole('button', { name: 'Move “Partnerships with regional organisations” up' })
      .click();
    await expect.poll(() => rows.nth(6).textContent()).toContain('Partnerships with regional');

    // One click makes its workshop; its links are shown once.
    await page
      .getByRole('button', {
        name: 'Create workshop: “Partnerships with regional organisations”',
      })
      .click();
    await page
      .getByText('The workshop “Partnerships with regional organisations” is ready')
      .waitFor();
    await expect.poll(() => rows.nth(6).textContent()).toContain('Scheduled');
    await page.getByRole('heading', { name: '7 workshops' }).waitFor();

    // The history lists every change, newest first.
    await page.getByText(/History of the plan \(\d+ changes\)/).click();
    const history = page.locator('.plan-history__list li');
    await expect.poll(() => history.first().textContent()).toContain('Scheduled');
    const all = (await history.allTextContents()).join('\n');
    expect(all).toContain(
      '“Partnerships with regional organisations” moved from place 8 to place 7',
    );
    expect(all).toContain(
      '“A broader gathering to consolidate the ideas of the series”: Planned → Dropped',
    );
    expect(all).toContain('Workshop created for “Partnerships with regional organisations”');

    // Each workshop's state, join code and brief state; a new rapporteur link for the first.
    const workshops = page.locator('.series-table tbody tr');
    await expect.poll(() => workshops.count()).toBe(7);
    const first = workshops.first();
    expect(await first.textContent()).toContain(fx.workshops[0]?.joinCode);
    expect(await first.textContent()).toContain('All closed');
    expect(await first.textContent()).toContain('No draft');
    await page
      .getByRole('button', { name: `New rapporteur link: ${fx.workshops[0]?.title}` })
      .click();
    const minted = page.locator('.series-minted code');
    await minted.waitFor();
    const link = (await minted.textContent()) ?? '';
    expect(link).toMatch(new RegExp(`/rapporteur/${fx.workshops[0]?.id}#token=`));
    const session = await fetch(`${server.url}/api/session`, {
      headers: { authorization: `Bearer ${link.split('#token=')[1]}` },
    });
    expect(((await session.json()) as { role: string }).role).toBe('rapporteur');

    await screenshot(page, SUITE, 'en-1920');
    expect(await seriousA11yViolations(page, 'series page (en)')).toEqual([]);
    for (const size of SIZES.slice(1)) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await screenshot(page, SUITE, `en-${size.name}`);
    }
    expect(await seriousA11yViolations(page, 'series page (en, phone)')).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('settings: co-organisers, language, lenses and actor groups are saved (FR)', async () => {
    const page = await open('fr-FR', SIZES[2]);
    const errors = watchErrors(page, 'series fr');
    await page.getByRole('heading', { name: 'Plan de la série' }).waitFor();
    // The settings are folded once the series has co-organisers.
    await page.getByText('Réglages de la série').click();
    await page.locator('#series-language').selectOption('fr');
    await page.getByRole('button', { name: 'Ajouter un groupe' }).click();
    await page.getByLabel('Groupe 1 : intitulé').fill('Le Conseil de sécurité');
    await page
      .getByLabel('Groupe 1 : mots qui placent une recommandation ici (un par ligne)')
      .fill('Conseil de sécurité\nSecurity Council');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('Réglages enregistrés.').waitFor();
    const saved = await api<{ language: string; actorGroups: { label: string }[] }>('GET', '');
    expect(saved.language).toBe('fr');
    expect(saved.actorGroups.map((g) => g.label)).toEqual(['Le Conseil de sécurité']);
    await page.getByText(/Historique du plan/).click();
    await screenshot(page, SUITE, 'fr-phone');
    expect(await seriousA11yViolations(page, 'series page (fr, phone)')).toEqual([]);
    for (const size of SIZES.slice(0, 2)) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await screenshot(page, SUITE, `fr-${size.name}`);
    }
    expect(await seriousA11yViolations(page, 'series page (fr, 1280)')).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('Spanish strings fit the page', async () => {
    const page = await open('es-ES', SIZES[1]);
    await page.getByRole('heading', { name: 'Plan de la serie' }).waitFor();
    await screenshot(page, SUITE, 'es-1280');
    expect(await seriousA11yViolations(page, 'series page (es)')).toEqual([]);
    await page.context().close();
  });
});
