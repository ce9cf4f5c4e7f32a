import fs from 'node:fs';
import path from 'node:path';
import type { PaperReply } from '@convene/shared';
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
import { renderDocxPages } from '../helpers/docxRender.ts';
import { type SeriesFixture, seriesFromFixture } from '../helpers/seriesFixture.ts';

const SUITE = 'series-paper';
const dir = path.join(ARTIFACTS_DIR, SUITE);

/**
 * The series' policy paper in the browser (issue 15, item 3): the six fixture workshops in a
 * series, the paper generated on the series page, a section edited while someone else saves
 * the same one, regenerated keep-or-replace, a participant's name typed into the paper caught
 * before the export, and the Word file and the web page of the paper rendered and kept as
 * pictures (the DOCX through LibreOffice, as a reader opening it would see it). In English,
 * then a French series with the screen in French.
 */
describe('the policy paper on the series page', () => {
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    fs.mkdirSync(dir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The workshops' own findings are their rapporteurs' to resolve: done here through the API. */
  async function clearWorkshops(series: SeriesFixture) {
    for (const w of series.workshops) {
      const res = await fetch(`${server.url}/api/workshops/${w.id}/redact`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${w.rapporteurToken}`,
        },
        body: '{}',
      });
      expect(res.status).toBe(200);
    }
  }

  async function paperOf(series: SeriesFixture): Promise<PaperReply> {
    const res = await fetch(`${server.url}/api/series/${series.id}/paper`, {
      headers: { authorization: `Bearer ${series.token}` },
    });
    return (await res.json()) as PaperReply;
  }

  /** Another holder of the series link saves a section. */
  async function saveAsSomeoneElse(
    series: SeriesFixture,
    key: string,
    edit: (s: string) => string,
  ) {
    const section = (await paperOf(series)).sections.find((s) => s.key === key);
    if (!section) throw new Error(`no section ${key}`);
    const res = await fetch(`${server.url}/api/series/${series.id}/paper/sections/${key}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${series.token}` },
      body: JSON.stringify({ text: edit(section.text), version: section.version }),
    });
    expect(res.status).toBe(200);
  }

  async function open(context: BrowserContext, series: SeriesFixture): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/series/${series.id}#token=${series.token}`);
    return page;
  }

  test('English: generate, edit against a concurrent save, keep or replace, name check, export', async () => {
    const series = await seriesFromFixture(server.url, { organisers: false });
    await clearWorkshops(series);
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      acceptDownloads: true,
      locale: 'en-GB',
    });
    await context.addInitScript(() => localStorage.setItem('convene:language', 'en'));
    const page = await open(context, series);
    const errors = watchErrors(page, 'series');
    const panel = page.locator('.paper-panel');
    await panel.getByRole('button', { name: 'Generate the draft' }).click();
    await panel
      .getByRole('status')
      .getByText('The draft is up to date with the workshops.')
      .waitFor();
    await expect.poll(() => panel.locator('.paper-section').count()).toBe(14);
    await screenshot(page, SUITE, 'en-1-generated-1920');
    expect(await seriousA11yViolations(page, 'paper generated')).toEqual([]);

    // Open the summary for editing; someone else saves it meanwhile.
    await panel.getByRole('button', { name: 'Edit the section “Executive summary”' }).click();
    const box = panel.getByLabel('Edit the section “Executive summary”', { exact: true });
    await box.press('Control+End');
    await box.pressSequentially('\n\nThe series informs the Secretary-General’s report.');
    await saveAsSomeoneElse(series, 'summary', (s) => `${s}\n\nA line from the other rapporteur.`);
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByText('Someone else saved this section after you opened it.').waitFor();
    await expect
      .poll(() => panel.getByLabel('Their version').inputValue())
      .toContain('A line from the other rapporteur.');
    await screenshot(page, SUITE, 'en-2-conflict-1920');
    expect(await seriousA11yViolations(page, 'paper conflict')).toEqual([]);
    await panel.getByRole('button', { name: 'Save mine over theirs' }).click();
    await panel.getByRole('status').getByText('“Executive summary” saved.').waitFor();
    const saved = (await paperOf(series)).sections.find((s) => s.key === 'summary');
    expect(saved?.text).toContain('The series informs the Secretary-General’s report.');
    expect(saved?.edited).toBe(true);

    // Regenerate: the edit is kept and offered for replacement; replacing undoes it.
    await panel.getByRole('button', { name: 'Regenerate from the workshops' }).click();
    const decision = panel.getByRole('group', { name: 'One section was edited by hand' });
    await decision.waitFor();
    await screenshot(page, SUITE, 'en-3-kept-1920');
    await decision.getByLabel('Replace “Executive summary” with the regenerated text').check();
    await decision.getByRole('button', { name: 'Regenerate, replacing 1 section' }).click();
    await decision.waitFor({ state: 'detached' });
    expect((await paperOf(series)).sections.find((s) => s.key === 'summary')?.edited).toBe(false);

    // A name typed into the paper holds up the export until it is replaced.
    await saveAsSomeoneElse(
      series,
      'introduction',
      (s) => `${s}\n\nAs Kwabena said, the timing matters.`,
    );
    await panel.getByRole('button', { name: 'Word (.docx)' }).click();
    const check = panel.locator('.name-check');
    await check.getByText('Before the Word (.docx) export').waitFor();
    await check.locator('.name-check__item', { hasText: 'Kwabena' }).waitFor();
    await screenshot(page, SUITE, 'en-4-name-check-1920');
    expect(await seriousA11yViolations(page, 'paper name check')).toEqual([]);
    await check
      .locator('.name-check__item', { hasText: 'Kwabena' })
      .getByRole('button', { name: /Replace with “a participant”/ })
      .click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      check.getByRole('button', { name: 'Download Word (.docx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('applying-sustaining-peace-policy-paper.docx');
    const docx = path.join(dir, 'en-paper.docx');
    await download.saveAs(docx);
    const pages = renderDocxPages(docx, path.join(dir, 'en-docx'), 4);
    expect(pages.length).toBeGreaterThanOrEqual(3);

    // The web page of the paper, as a reader opens it.
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Web page (print to PDF)' }).click(),
    ]);
    const htmlFile = path.join(dir, 'en-paper.html');
    await html.saveAs(htmlFile);
    const reader = await context.newPage();
    await reader.setViewportSize({ width: 1280, height: 720 });
    await reader.setContent(fs.readFileSync(htmlFile, 'utf8'));
    await reader.getByRole('heading', { name: 'Executive summary' }).waitFor();
    expect(await reader.textContent('body')).not.toContain('Kwabena');
    await reader.screenshot({ path: path.join(dir, 'en-5-paper-html-1280.png'), fullPage: false });
    await reader.locator('h2', { hasText: 'Recommendations' }).scrollIntoViewIfNeeded();
    await reader.screenshot({ path: path.join(dir, 'en-6-paper-html-recommendations-1280.png') });
    expect(await seriousA11yViolations(reader, 'paper html')).toEqual([]);

    // The page at projector and phone sizes.
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, SUITE, 'en-7-series-page-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, SUITE, 'en-8-series-page-390');
    expect(await seriousA11yViolations(page, 'paper phone')).toEqual([]);
    // The one refused request is the save that met the other rapporteur's (409 edit_conflict).
    expect(errors).toEqual([
      'series console: Failed to load resource: the server responded with a status of 409 (Conflict)',
    ]);
    await context.close();
  }, 240_000);

  test('French: a French series gets its paper in French, the page in French', async () => {
    const series = await seriesFromFixture(server.url, {
      name: 'Pérenniser la paix',
      organisers: false,
      archive: (a) => ({ ...a, workshop: { ...a.workshop, language: 'fr' } }),
    });
    await clearWorkshops(series);
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      acceptDownloads: true,
      locale: 'fr-FR',
    });
    await context.addInitScript(() => localStorage.setItem('convene:language', 'fr'));
    const page = await open(context, series);
    const errors = watchErrors(page, 'series fr');
    const panel = page.locator('.paper-panel');
    await panel.getByRole('button', { name: 'Générer le projet' }).click();
    await panel.getByRole('status').getByText('Le projet est à jour avec les ateliers.').waitFor();
    const paper = await paperOf(series);
    expect(paper.language).toBe('fr');
    expect(paper.sections.find((s) => s.key === 'summary')?.text).toContain('## Résumé');
    await screenshot(page, SUITE, 'fr-1-generated-1920');
    expect(await seriousA11yViolations(page, 'paper fr')).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Word (.docx)' }).click(),
    ]);
    const docx = path.join(dir, 'fr-paper.docx');
    await download.saveAs(docx);
    expect(renderDocxPages(docx, path.join(dir, 'fr-docx')).length).toBeGreaterThanOrEqual(3);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, SUITE, 'fr-2-series-page-390');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
