import fs from 'node:fs';
import type { CreatedWorkshopWithSeries } from '@convene/shared';
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
import { fixtureArchive, loadFixture } from '../helpers/fixtureBoard.ts';

const SUITE = 'brief';

/**
 * The rapporteur after the workshop: generate the brief from the board, edit it with the live
 * preview, regenerate without losing the edit, run the name check, redact, download the DOCX;
 * then the series page. The board is the fixture's financing workshop, imported from its
 * archive, with its 14 participants joined under their names.
 */
describe('from board to brief in the browser', () => {
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let created: CreatedWorkshopWithSeries;

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    const fixture = loadFixture();
    const importArchive = async (index: number) => {
      const res = await fetch(`${server.url}/api/workshops/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...fixtureArchive(index, fixture), participantCount: 0 }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as CreatedWorkshopWithSeries;
    };
    created = await importArchive(1);
    // The second workshop of the series joins it with the series link (a name is not enough).
    const second = await importArchive(0);
    expect(second.seriesNotJoined?.name).toBe('Applying Sustaining Peace');
    const attach = await fetch(`${server.url}/api/series/${created.series?.id}/workshops`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${created.series?.token}`,
      },
      body: JSON.stringify({ facilitatorToken: second.facilitatorToken }),
    });
    expect(attach.status).toBe(200);
    for (const p of fixture.workshops[1]?.participants ?? []) {
      const res = await fetch(`${server.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ joinCode: created.joinCode, name: p.name }),
      });
      expect(res.status).toBe(200);
    }
    context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    errors = watchErrors(page, 'rapporteur');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('generate, edit with preview, regenerate per section, check names, redact, export', async () => {
    await page.goto(created.links.rapporteur);
    await page.getByRole('heading', { name: 'Financing Efforts to Sustain Peace' }).waitFor();
    await screenshot(page, SUITE, '1-rapporteur-board');

    await page.getByRole('tab', { name: 'Brief' }).click();
    await page.getByRole('button', { name: 'Generate the draft' }).click();
    const preview = page.locator('.brief-page');
    await preview.getByText('Key takeaways').waitFor();
    await expect.poll(() => preview.textContent()).toContain('held under the Chatham House Rule');
    await page.getByRole('status').getByText('10 sections drafted').waitFor();
    await screenshot(page, SUITE, '2-brief-generated');

    // Edit the takeaways: the preview follows as the text is typed.
    const takeaways = page.getByLabel('Key takeaways', { exact: true });
    await takeaways.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n- **Added by hand.** The Fund should publish its decision times.');
    await preview.getByText('The Fund should publish its decision times.').waitFor();
    await page
      .locator('.brief-section')
      .filter({ hasText: 'Key takeaways' })
      .getByText('Edited', { exact: true })
      .waitFor();

    // Regenerating that section keeps the edit and asks — right there, in that section, in
    // view and focused — and, the board being unchanged, does not claim it changed
    // (issue 12 item 11).
    const section = page.locator('.brief-section').filter({ hasText: 'Key takeaways' });
    await page.getByRole('button', { name: 'Regenerate Key takeaways from the board' }).click();
    const decision = section.getByRole('group', { name: /The board has not changed/ });
    await decision.waitFor();
    await expect.poll(() => decision.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await decision.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.y >= 0 && box.y + box.height <= viewport.height).toBe(true);
    expect(await page.getByText(/The board has changed/).count()).toBe(0);
    expect(await seriousA11yViolations(page, 'brief decision')).toEqual([]);
    await screenshot(page, SUITE, '3-brief-decision');
    await page.screenshot({
      path: `${ARTIFACTS_DIR}/${SUITE}/3-brief-decision-viewport.png`,
      animations: 'disabled',
    });
    await section.getByRole('button', { name: 'Keep my edits: Key takeaways' }).click();
    await expect.poll(() => takeaways.inputValue()).toContain('Added by hand.');

    // Accessibility of the editor with its preview.
    expect(await seriousA11yViolations(page, 'brief editor')).toEqual([]);

    // Export: the name check stops at "As Hodan pointed out" in the notes and the draft.
    await page.getByRole('button', { name: 'Word (.docx)' }).click();
    const check = page.locator('.name-check');
    await check.getByText('Before the Word (.docx) export').waitFor();
    await expect.poll(() => check.textContent()).toContain('Hodan');
    // Nothing is replaced until the rapporteur confirms a name (keyboard: tab, space).
    const replace = check.getByRole('button', { name: /confirmed place/ });
    expect(await check.getByRole('button', { name: 'Replace confirmed names' }).isDisabled()).toBe(
      true,
    );
    const boxes = check.getByRole('group', { name: /Names found/ }).getByRole('checkbox');
    expect(await boxes.count()).toBeGreaterThan(0);
    await boxes.first().focus();
    await page.keyboard.press('Space');
    for (let i = 1; i < (await boxes.count()); i++) await boxes.nth(i).check();
    await screenshot(page, SUITE, '4-name-check');
    await replace.click();
    await check.getByText(/No name of the 14 participants appears/).waitFor();
    await expect.poll(() => preview.textContent()).toContain('As a participant pointed out');
    // The replacement can be undone: the name is back in the draft, then replaced again.
    await check.getByRole('button', { name: /^Undo the last replacement/ }).click();
    await check.getByText(/names? put back/).waitFor();
    await expect.poll(() => preview.textContent()).toContain('As Hodan pointed out');
    await boxes.first().waitFor();
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
    await replace.click();
    await check.getByText(/No name of the 14 participants appears/).waitFor();
    await expect.poll(() => preview.textContent()).toContain('As a participant pointed out');
    expect(await seriousA11yViolations(page, 'name check')).toEqual([]);
    await screenshot(page, SUITE, '5-name-check-clean');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      check.getByRole('button', { name: 'Download Word (.docx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('financing-efforts-to-sustain-peace-brief.docx');
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.toString('latin1')).not.toContain('Hodan');
    expect(errors).toEqual([]);
  });

  test('the series page lists its workshops and exports the policy paper', async () => {
    const link = created.series?.link;
    expect(link).toBeTruthy();
    const series = await context.newPage();
    const seriesErrors = watchErrors(series, 'series');
    await series.goto(link as string);
    await series.getByRole('heading', { name: '2 workshops' }).waitFor();
    const rows = series.locator('.series-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // By date: January's workshop first.
    await expect
      .poll(() => rows.first().textContent())
      .toContain('Sustaining Peace in Peace Operation Mandates');
    await expect
      .poll(() => rows.nth(1).textContent())
      .toContain('Drafted, 1 of 10 sections edited');
    await screenshot(series, SUITE, '6-series-page');
    expect(await seriousA11yViolations(series, 'series page')).toEqual([]);
    const [download] = await Promise.all([
      series.waitForEvent('download'),
      series.getByRole('button', { name: 'Word (.docx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('applying-sustaining-peace-policy-paper.docx');
    expect(seriesErrors).toEqual([]);
  });
});
