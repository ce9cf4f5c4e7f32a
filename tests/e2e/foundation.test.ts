import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, startWebServer, watchErrors } from '../helpers/browser.ts';

const SUITE = 'foundation';

describe('a workshop from the organiser form to the projector wall', () => {
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function newPage(label: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(...[]);
    const list = watchErrors(page, label);
    pages.push({ label, list });
    return page;
  }
  const pages: { label: string; list: string[] }[] = [];

  test('organiser creates, two participants submit, every screen shows the ideas', async () => {
    // Organiser: the home page form.
    const home = await newPage('organiser', { width: 1280, height: 900 });
    await home.goto(server.url);
    await home.getByLabel('Title', { exact: true }).fill('Financing Efforts to Sustain Peace');
    await home.getByLabel('Host (optional)', { exact: true }).fill('Dag Hammarskjöld Foundation');
    await home
      .getByLabel('Question 1', { exact: true })
      .fill('Which pooled funds should grow first, and why?');
    await home.getByRole('button', { name: 'Add a question' }).click();
    await home
      .getByLabel('Question 2', { exact: true })
      .fill('What one reporting burden could donors drop?');
    await home.getByRole('button', { name: 'Add a question' }).click();
    await home.getByLabel('Question 3', { exact: true }).fill('A question to move up');
    await home.getByRole('button', { name: 'Move question 3 up' }).click();
    await expect
      .poll(() => home.getByLabel('Question 2', { exact: true }).inputValue())
      .toBe('A question to move up');
    await home.getByRole('button', { name: 'Remove question 2' }).click();
    await home.getByRole('button', { name: 'Create workshop' }).click();
    await home.getByRole('heading', { name: 'Your workshop is ready' }).first().waitFor();
    const links = await home.locator('.copy-field code').allTextContents();
    expect(links).toHaveLength(4);
    const [facilitatorLink, participantLink, projectorLink, rapporteurLink] = links as [
      string,
      string,
      string,
      string,
    ];
    expect(participantLink).toMatch(/\/join\/[A-Z0-9]{6}$/);
    await screenshot(home, SUITE, 'organiser-created');

    // Facilitator opens submissions for question 1.
    const facilitator = await newPage('facilitator', { width: 1440, height: 900 });
    await facilitator.goto(facilitatorLink);
    await facilitator.getByRole('heading', { name: /pooled funds/ }).waitFor();
    const agenda = facilitator.locator('.agenda__item');
    await expect.poll(() => agenda.count()).toBe(2);
    await facilitator.getByRole('button', { name: 'Collecting ideas' }).click();
    await expect
      .poll(() =>
        facilitator.getByRole('button', { name: 'Collecting ideas' }).getAttribute('aria-pressed'),
      )
      .toBe('true');

    // Projector.
    const projector = await newPage('projector', { width: 1920, height: 1080 });
    await projector.goto(projectorLink);
    await projector.getByRole('heading', { name: /pooled funds/ }).waitFor();
    await projector.locator('.projector__qr img').waitFor();

    // Two participants, each in their own browser context (own storage, own identity).
    const ideas = [
      'Grow the Peacebuilding Fund to a predictable share of assessed contributions.',
      'Let country-level pooled funds finance local women-led organisations directly.',
    ];
    const participants: Page[] = [];
    for (const [i, idea] of ideas.entries()) {
      const p = await newPage(`participant-${i + 1}`, { width: 390, height: 844 });
      await p.goto(participantLink);
      if (i === 0) await p.getByLabel('Your name (optional)', { exact: true }).fill('Amara');
      await p.getByRole('button', { name: 'Join' }).click();
      await p.getByRole('heading', { name: /pooled funds/ }).waitFor();
      await p.getByLabel('Your idea', { exact: true }).fill(idea);
      if (i === 1) await p.getByLabel('Who should act', { exact: true }).fill('Member States');
      await p.getByRole('button', { name: 'Submit idea' }).click();
      await p.getByText('Saved', { exact: true }).waitFor();
      participants.push(p);
    }

    // The projector, the facilitator and the rapporteur all show both ideas.
    for (const idea of ideas) {
      await projector.locator('.wall__idea', { hasText: idea }).waitFor();
      await facilitator.locator('.idea__text', { hasText: idea }).waitFor();
    }
    await expect.poll(() => projector.locator('.wall__idea').count()).toBe(2);
    await expect.poll(() => projector.getByText('2 participants connected').count()).toBe(1);
    // Under the Chatham House Rule no screen shows a participant's name.
    for (const page of [projector, facilitator, ...participants]) {
      expect(await page.content()).not.toContain('Amara');
    }

    const rapporteur = await newPage('rapporteur', { width: 1440, height: 900 });
    await rapporteur.goto(rapporteurLink);
    for (const idea of ideas)
      await rapporteur.locator('.idea', { hasText: idea }).first().waitFor();
    await rapporteur
      .getByLabel('Notes', { exact: true })
      .first()
      .fill('Strong agreement on predictability.');

    // The JSON export from the rapporteur's button.
    const download = rapporteur.waitForEvent('download');
    await rapporteur.getByRole('button', { name: 'Archive (JSON)' }).click();
    const file = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    const archive = JSON.parse(await readFile(file, 'utf8')) as {
      questions: { ideas: { text: string }[]; notes: string }[];
    };
    expect(archive.questions[0]?.ideas.map((i) => i.text)).toEqual(ideas);
    expect(archive.questions[0]?.notes).toBe('Strong agreement on predictability.');

    await screenshot(facilitator, SUITE, 'facilitator-submit');
    await screenshot(projector, SUITE, 'projector-submit');
    await screenshot(participants[0] as Page, SUITE, 'participant-phone-submit');
    await screenshot(rapporteur, SUITE, 'rapporteur-submit');

    // Stop and restart the server on the same data: screens reconnect by themselves, and an idea
    // written while the server was down is delivered once it is back.
    const writer = participants[1] as Page;
    await server.restart();
    const later = 'Publish a yearly map of who funds what in each transition country.';
    await writer.getByLabel('Your idea', { exact: true }).fill(later);
    await writer.getByRole('button', { name: 'Submit idea' }).click();
    await writer
      .locator('.idea', { hasText: later })
      .getByText('Saved')
      .waitFor({ timeout: 20_000 });
    await projector.locator('.wall__idea', { hasText: later }).waitFor({ timeout: 20_000 });
    await expect.poll(() => projector.locator('.wall__idea').count()).toBe(3);
    await screenshot(projector, SUITE, 'projector-after-restart');

    // Errors the browser logged while the server was away are expected (failed reconnects);
    // anything else is a bug.
    const all = pages
      .flatMap((p) => p.list)
      .filter(
        (e) => !/WebSocket connection|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e),
      );
    expect(all).toEqual([]);
  });
});
