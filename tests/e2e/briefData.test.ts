import fs from 'node:fs';
import path from 'node:path';
import type { CreatedWorkshopWithSeries, NameCheckReply, WorkshopDetails } from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ARTIFACTS_DIR,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  watchErrors,
} from '../helpers/browser.ts';
import { fixtureArchive } from '../helpers/fixtureBoard.ts';

/**
 * Issue 14, the brief's data in the browser: the organiser enters the brief's details when
 * creating a workshop, the facilitator changes them in "Brief details", and the rapporteur
 * walks through the name check's findings (replace, or "not a participant's name") before an
 * export the server would otherwise refuse, then downloads the brief and the results annex.
 */
const SUITE = 'brief-data';

/** A screenshot of one part of a long page (the brief editor's page runs to 14,000 px). */
async function shoot(part: ReturnType<Page['locator']>, name: string) {
  const dir = path.join(ARTIFACTS_DIR, SUITE);
  fs.mkdirSync(dir, { recursive: true });
  await part.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled' });
}

describe("the brief's details and the Chatham House gate in the browser", () => {
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

  async function open(label: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchErrors(page, label));
    return page;
  }

  const details = async (id: string, token: string) =>
    (await (
      await fetch(`${server.url}/api/workshops/${id}/details`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as WorkshopDetails;

  let created: { id: string; facilitatorToken: string; facilitatorLink: string };

  test('the organiser enters the brief details when creating a workshop (desktop and phone)', async () => {
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 900 },
    ]) {
      const page = await open(`organiser ${viewport.width}`, viewport);
      await page.goto(server.url);
      await page
        .getByLabel('Title', { exact: true })
        .fill('Prevention and the Peacebuilding Commission');
      await page
        .getByLabel('Question 1', { exact: true })
        .fill('What should the Peacebuilding Commission do differently in the next two years?');
      await page.getByLabel('Short title of question 1 (section heading)').fill('The Commission');
      await page.getByText('Details for the meeting brief (optional)').click();
      // The brief's language starts as the language the organiser uses the app in.
      const language = page.getByLabel('Language of the brief');
      expect(await language.inputValue()).toBe('en');
      await language.selectOption('fr');
      await page
        .getByLabel('Co-organisers (one per line)')
        .fill('International Peace Institute\nNYU CIC\nQuaker UN Office');
      await page.getByLabel('Number of this workshop in its series').fill('2');
      await page.getByLabel('Member states').fill('6');
      await page.getByLabel('UN system').fill('4');
      await page.getByLabel('Research').fill('3');
      await page
        .getByLabel('Context paragraph')
        .fill('The second of six workshops on applying sustaining peace.');
      await page.getByLabel(/Names expected in the room/).fill('Ingrid Solberg\nTomás Reyes');
      await screenshot(page, SUITE, `1-create-form-${viewport.width}`);
      expect(await seriousA11yViolations(page, `create form ${viewport.width}`)).toEqual([]);
      await page.getByRole('button', { name: 'Create workshop' }).click();
      await page.locator('#created-h').waitFor();
      const facilitatorLink = (await page.locator('.copy-field code').allTextContents())[0] ?? '';
      const [, id, token] = /\/facilitator\/([^#]+)#token=(.+)$/.exec(facilitatorLink) ?? [];
      expect(await details(id as string, token as string)).toMatchObject({
        language: 'fr',
        organisers: ['International Peace Institute', 'NYU CIC', 'Quaker UN Office'],
        seriesNumber: 2,
        participantTypes: { memberStates: 6, unSystem: 4, research: 3 },
        context: 'The second of six workshops on applying sustaining peace.',
        participantList: ['Ingrid Solberg', 'Tomás Reyes'],
        questions: [expect.objectContaining({ shortTitle: 'The Commission' })],
      });
      created = { id: id as string, facilitatorToken: token as string, facilitatorLink };
    }
  });

  test('in French, the brief defaults to French and the form reads in French (phone)', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'fr-FR',
    });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchErrors(page, 'organiser fr'));
    await page.goto(server.url);
    await page.getByText('Détails pour la note de réunion (facultatif)').click();
    expect(await page.getByLabel('Langue de la note').inputValue()).toBe('fr');
    await page.getByLabel('États membres').waitFor();
    await shoot(page.locator('.brief-details-disclosure'), '1-create-details-fr-390');
    expect(await seriousA11yViolations(page, 'create form fr')).toEqual([]);
  });

  test('the facilitator changes them in "Brief details" (projector sizes)', async () => {
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      const page = await open(`facilitator ${viewport.width}`, viewport);
      await page.goto(created.facilitatorLink);
      await page.getByText('Brief details', { exact: true }).click();
      const context = page.getByLabel('Context paragraph');
      await context.waitFor();
      await context.fill(`Changed at ${viewport.width}.`);
      await page.getByLabel('Language of the brief').selectOption('es');
      await page.getByRole('button', { name: 'Save the brief details' }).click();
      await page.getByText('Brief details saved.').waitFor();
      await screenshot(page, SUITE, `2-facilitator-details-${viewport.width}`);
      expect(await seriousA11yViolations(page, `brief details ${viewport.width}`)).toEqual([]);
      expect(await details(created.id, created.facilitatorToken)).toMatchObject({
        language: 'es',
        context: `Changed at ${viewport.width}.`,
        organisers: ['International Peace Institute', 'NYU CIC', 'Quaker UN Office'],
      });
    }
  });

  test('the rapporteur resolves every finding, then the brief and the results annex download', async () => {
    // The fixture's financing workshop (its ideas quote names: "Building on …'s point").
    const res = await fetch(`${server.url}/api/workshops/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...fixtureArchive(1), participantCount: 0 }),
    });
    const workshop = (await res.json()) as CreatedWorkshopWithSeries;
    const exportStatus = async () =>
      (
        await fetch(`${server.url}/api/workshops/${workshop.id}/export?format=md`, {
          headers: { authorization: `Bearer ${workshop.rapporteurToken}` },
        })
      ).status;
    expect(await exportStatus()).toBe(409);
    const page: Page = await open('rapporteur', { width: 1440, height: 1000 });
    await page.goto(workshop.links.rapporteur);
    await page.getByRole('heading', { name: 'Financing Efforts to Sustain Peace' }).waitFor();
    await page.getByRole('button', { name: 'Word (.docx)' }).click();
    const check = page.locator('.name-check');
    await check.getByText('Before the Word (.docx) export').waitFor();
    await check.getByText(/The export waits until/).waitFor();
    // No way round it: no download button while a finding is open.
    expect(await check.getByRole('button', { name: /^Download/ }).count()).toBe(0);
    await shoot(page.locator('.export-panel'), '3-name-check-findings');
    expect(await seriousA11yViolations(page, 'name check findings')).toEqual([]);

    const items = check.locator('.name-check__findings .name-check__item');
    const first = (await items.first().locator('mark').textContent()) ?? '';
    // The first: not a participant's name (keyboard); the rest replaced one by one.
    await items
      .first()
      .getByRole('button', { name: /^Not a participant’s name:/ })
      .focus();
    await page.keyboard.press('Enter');
    await check.getByText(/marked “not a participant’s name”/).waitFor();
    await shoot(page.locator('.export-panel'), '3b-after-first-decision');
    for (let guard = 0; guard < 40 && (await items.count()) > 0; guard++) {
      const before = await items.count();
      const replace = items.first().getByRole('button', { name: /^Replace with “a participant”:/ });
      if ((await replace.count()) > 0) await replace.click();
      else
        await items
          .first()
          .getByRole('button', { name: /^Not a participant’s name:/ })
          .click();
      await expect.poll(() => items.count()).toBeLessThan(before);
    }
    await check.getByRole('button', { name: 'Download Word (.docx)' }).waitFor();
    await check.locator('.name-check__decisions summary').click();
    await shoot(page.locator('.export-panel'), '4-name-check-resolved');
    expect(await seriousA11yViolations(page, 'name check resolved')).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      check.getByRole('button', { name: 'Download Word (.docx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('financing-efforts-to-sustain-peace-brief.docx');
    expect(
      fs
        .readFileSync(await download.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    expect(await exportStatus()).toBe(200);

    // The decision is kept with the workshop and shown in every later check.
    const after = (await (
      await fetch(`${server.url}/api/workshops/${workshop.id}/name-check`, {
        headers: { authorization: `Bearer ${workshop.rapporteurToken}` },
      })
    ).json()) as NameCheckReply;
    expect(after.total).toBe(0);
    expect(after.decisions.map((d) => d.match)).toContain(first.trim());

    // The results annex, for the organisers.
    const [annex] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Annex (CSV)' }).click(),
    ]);
    expect(annex.suggestedFilename()).toBe('financing-efforts-to-sustain-peace-results-annex.csv');
    expect(fs.readFileSync(await annex.path(), 'utf8')).toContain('Dots per participant');
    expect(errors.flat()).toEqual([]);
  });
});
