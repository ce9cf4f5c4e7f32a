import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  watchErrors,
} from '../helpers/browser.ts';

// Issue 12 item 9: no workshop is visible on "/" without its link; the organiser keeps theirs.
const SUITE = 'home';
const TITLE = 'Closed-door review of the Kivu mediation track';

describe('the organiser page lists only the workshops created in this browser', () => {
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

  async function newContext(
    label: string,
    viewport: { width: number; height: number },
    locale = 'en-GB',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, locale });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchErrors(page, label));
    return { context, page };
  }

  /** Fills the create form by its structure (its labels differ by language). */
  async function createWorkshop(page: Page, title: string): Promise<void> {
    await page.locator('main > form input[required][type="text"]').first().fill(title);
    await page
      .locator('main > form textarea[required]')
      .first()
      .fill('Which guarantee would bring the armed groups to the table?');
    await page.locator('main > form button[type="submit"]').click();
    await page.locator('#created-h').waitFor();
  }

  const linkTexts = (page: Page) => page.locator('.copy-field code').allTextContents();

  let participantLink = '';

  test('create → Open (new tab) → reload → Back: the links are still there', async () => {
    const { context, page } = await newContext('organiser', { width: 1280, height: 900 });
    await page.goto(server.url);
    await page.getByText('None yet.', { exact: false }).first().waitFor();
    await createWorkshop(page, TITLE);
    const links = await linkTexts(page);
    expect(links).toHaveLength(4);
    participantLink = links[1] ?? '';
    expect(participantLink).toMatch(/\/join\/[A-Z0-9]{6}$/);
    expect(page.url()).toMatch(/\/\?workshop=/);

    // Open the facilitator link: a new tab, this page stays.
    const open = page.getByRole('link', { name: /^Open: Facilitator/ });
    expect(await open.getAttribute('target')).toBe('_blank');
    expect(await open.getAttribute('rel')).toContain('noopener');
    const [tab] = await Promise.all([context.waitForEvent('page'), open.click()]);
    await tab.waitForURL(/\/facilitator\//);
    expect(page.url()).toMatch(/\/\?workshop=/);
    await tab.close();

    // Reload: the links come back from this browser's storage.
    await page.reload();
    await page.locator('#created-h').waitFor();
    expect(await linkTexts(page)).toEqual(links);

    // Leave in the same tab and come back with Back.
    await page.goto(participantLink);
    await page.waitForURL(/\/join\//);
    await page.goBack();
    await page.locator('#created-h').waitFor();
    expect(await linkTexts(page)).toEqual(links);
    await expect.poll(() => page.locator('#created-h').textContent()).toContain(TITLE);
    await screenshot(page, SUITE, 'organiser-after-back-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, SUITE, 'organiser-after-back-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // "Create another", then back into the first one from this browser's list.
    await page.getByRole('button', { name: /Create another workshop/ }).click();
    await page.locator('main > form button[type="submit"]').waitFor();
    const mine = page.getByRole('region', { name: 'Workshops created in this browser' });
    await mine.getByText(TITLE).waitFor();
    await mine.getByRole('button', { name: `Show links: ${TITLE}` }).click();
    await page.locator('#created-h').waitFor();
    expect(await linkTexts(page)).toEqual(links);
    // The list's own Open also opens a new tab.
    const openMine = mine.getByRole('link', {
      name: `Open as facilitator: ${TITLE} (opens in a new tab)`,
    });
    expect(await openMine.getAttribute('target')).toBe('_blank');
    expect(await openMine.getAttribute('href')).toBe(links[0]);
  });

  test('another browser opening "/" sees no foreign title; the list is not served', async () => {
    const { page } = await newContext('stranger', { width: 390, height: 844 });
    // Positive control: the title exists on the server.
    expect(participantLink).not.toBe('');
    await page.goto(server.url);
    await page.locator('main > form button[type="submit"]').waitFor();
    // Every request the page makes on its own has answered before looking for the title.
    await page.waitForLoadState('networkidle');
    expect(await page.content()).not.toContain(TITLE);
    await page.getByRole('heading', { name: 'Workshops created in this browser' }).waitFor();
    const res = await page.request.get(`${server.url}/api/workshops`);
    expect(res.status()).toBe(403);
    expect(await res.text()).not.toContain(TITLE);
    // Asking for the list without an ADMIN_TOKEN on this server says why, and shows nothing.
    await page.getByText('Workshops on this server').click();
    await page.getByLabel('Admin token (this server requires one)').fill('a-guess');
    await page.getByRole('button', { name: 'Show the list' }).click();
    await page.getByRole('alert').filter({ hasText: 'does not list its workshops' }).waitFor();
    expect(await page.content()).not.toContain(TITLE);
  });

  test("a participant's logo does not lead to the organiser's page", async () => {
    const { page } = await newContext('participant', { width: 390, height: 844 });
    await page.goto(participantLink);
    await expect.poll(() => page.getByRole('link', { name: 'Convene' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.waitForURL(/\/participant\//);
    await page.locator('.brand').waitFor();
    expect(await page.getByRole('link', { name: 'Convene' }).count()).toBe(0);
    // Positive control: the organiser's pages keep the link home.
    const { page: organiser } = await newContext('organiser-2', { width: 1280, height: 900 });
    await organiser.goto(server.url);
    await organiser.getByRole('link', { name: 'Convene' }).waitFor();
  });

  test.each([
    ['en-GB', 'en'],
    ['fr-FR', 'fr'],
    ['es-ES', 'es'],
  ])('axe: zero serious/critical on the organiser page (%s)', async (locale, lang) => {
    const { page } = await newContext(`axe-${lang}`, { width: 1280, height: 900 }, locale);
    await page.goto(server.url);
    await page.locator('main > form button[type="submit"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await seriousA11yViolations(page, `home-empty-${lang}`)).toEqual([]);
    await createWorkshop(page, `${TITLE} (${lang})`);
    await page.locator('details.card summary').click();
    expect(await seriousA11yViolations(page, `home-created-${lang}`)).toEqual([]);
    await screenshot(page, SUITE, `organiser-created-${lang}`);
  });

  test('no page errors (but the refused list the stranger asked for)', () => {
    const refused =
      'stranger console: Failed to load resource: the server responded with a status of 403';
    expect(errors.flat().filter((e) => !e.startsWith(refused))).toEqual([]);
  });
});
