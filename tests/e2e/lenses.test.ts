import fs from 'node:fs';
import path from 'node:path';
import { type CreatedWorkshop, countryFromName, readIdeas, readWorkshop } from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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
import {
  closeClients,
  connectDoc,
  connectSocket,
  type DocClient,
  emitAck,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * Lenses in Chromium (issue 13): a participant tags a country on a phone (the text's proposal
 * confirmed, a short form typed), the facilitator tags several cards at once and filters the
 * board, the projector shows the markers at 1920×1080 and 1280×720 — in a room of 80 fixture
 * ideas, EN/FR/ES, keyboard only for the tagging, axe clean.
 */

const SUITE = 'lenses';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1920, height: 1080 };

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

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

async function open(
  url: string,
  viewport: { width: number; height: number },
  locale = 'en-GB',
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale,
    hasTouch: viewport.width < 500,
  });
  contexts.push(context);
  const page = await context.newPage();
  errors.push(...watchErrors(page, `${locale} ${url.split('#')[0]}`));
  await page.goto(url);
  return page;
}

async function viewShot(page: Page, name: string): Promise<void> {
  const dir = path.join(ARTIFACTS_DIR, SUITE);
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled' });
}

async function post<T>(p: string, body: object): Promise<T> {
  const res = await fetch(`${server.url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${p} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Room {
  w: CreatedWorkshop;
  questionId: string;
  facDoc: DocClient;
}

/** 80 ideas of the fixture with their country tags, a PBC tag on some, and a custom lens. */
async function roomOf80(): Promise<Room> {
  const w = await post<CreatedWorkshop>('/api/workshops', {
    title: 'Sustaining Peace in Mandates and Transitions',
    questions: [{ prompt: 'What should change first in mandates and transitions?' }],
    lenses: {
      countries: true,
      pbc: true,
      custom: [{ id: 'stage', name: 'Stage', values: ['Prevention', 'Transition', 'Recovery'] }],
    },
  });
  const questionId = w.questions[0]?.id as string;
  const fac = await connectSocket(server.url, w.facilitatorToken);
  expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
  const writers = await Promise.all(
    [1, 2, 3, 4].map(async () => {
      const j = await post<{ participantToken: string }>('/api/join', { joinCode: w.joinCode });
      return connectSocket(server.url, j.participantToken);
    }),
  );
  const ideas = loadFixture()
    .workshops.flatMap((x) => x.questions.flatMap((q) => q.ideas))
    .slice(0, 80);
  for (const [k, i] of ideas.entries()) {
    const reply = await emitAck(writers[k % 4] as (typeof writers)[number], 'idea:submit', {
      questionId,
      text: i.text,
      ...(i.actor ? { actor: i.actor } : {}),
      countries: i.countries.map((n) => countryFromName(n) as string),
      pbc: /Peacebuilding Commission/.test(i.text),
    });
    expect(reply.ok).toBe(true);
  }
  const facDoc = await connectDoc(server.url, w.id, w.facilitatorToken);
  await waitFor(() => readIdeas(facDoc.doc).length === 80, { docs: [facDoc.doc] });
  return { w, questionId, facDoc };
}

async function joinOnPhone(page: Page): Promise<void> {
  await page.locator('form').getByRole('button').click();
  await page.waitForURL(/\/participant\//);
}

describe('lenses in the browser', () => {
  let room: Room;
  const violations: A11yViolation[] = [];

  beforeAll(async () => {
    room = await roomOf80();
  });
  afterAll(() => {
    expect(violations).toStrictEqual([]);
    expect(errors).toStrictEqual([]);
  });

  test('a participant on a phone confirms the country their text names, adds one by short form, and sees the tags on their idea', async () => {
    const p = await open(room.w.links.participant, PHONE);
    await joinOnPhone(p);
    const text = p.getByLabel('Your idea');
    await text.fill(
      'Agree transition benchmarks with the host government, as in Liberia and Sierra Leone, before the drawdown starts.',
    );
    // The text's countries are proposed, not applied.
    const propose = p.getByRole('button', { name: 'Tag Liberia' });
    await propose.waitFor();
    await expect.poll(() => p.getByRole('button', { name: 'Tag Sierra Leone' }).count()).toBe(1);
    expect(await p.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    await viewShot(p, 'phone-proposal-en');
    violations.push(...(await seriousA11yViolations(p, 'phone proposal')));
    // Keyboard only: focus the proposal and press Enter; type "DRC", arrow to it, Enter.
    await propose.focus();
    await p.keyboard.press('Enter');
    await p.getByRole('button', { name: 'Remove Liberia' }).waitFor();
    const picker = p.getByRole('combobox', { name: 'Country examples' });
    await picker.focus();
    await p.keyboard.type('DRC');
    const option = p.getByRole('listbox', { name: 'Country examples' }).getByRole('option').first();
    await option.waitFor();
    expect(await option.textContent()).toMatch(/Congo/);
    await viewShot(p, 'phone-typeahead-en');
    violations.push(...(await seriousA11yViolations(p, 'phone type-ahead')));
    await p.keyboard.press('Enter');
    await p.getByRole('button', { name: 'Remove DR Congo' }).waitFor();
    await p.getByLabel('Role of the Peacebuilding Commission').check();
    // Sierra Leone is still only proposed.
    expect(await p.getByRole('button', { name: 'Tag Sierra Leone' }).count()).toBe(1);
    await viewShot(p, 'phone-tagged-en');
    await p.getByRole('button', { name: 'Submit' }).click();

    await waitFor(
      () =>
        readIdeas(room.facDoc.doc).some(
          (i) => i.text.startsWith('Agree transition benchmarks') && i.pbc,
        ),
      { docs: [room.facDoc.doc] },
    );
    const mine = readIdeas(room.facDoc.doc).find((i) => i.text.startsWith('Agree transition'));
    expect(mine?.countries).toEqual(['CD', 'LR']);
    // The own idea card shows its markers.
    const card = p.locator('.idea', { hasText: 'Agree transition benchmarks' });
    await card.locator('.lens-marker', { hasText: 'Liberia' }).waitFor();
    expect(await card.locator('.lens-marker--pbc').count()).toBe(1);
    await card.scrollIntoViewIfNeeded();
    await viewShot(p, 'phone-own-idea-en');
    violations.push(...(await seriousA11yViolations(p, 'phone own idea')));
    // Nothing wider than the phone.
    const wide = await p.evaluate(
      () =>
        [...document.querySelectorAll('main *')].filter(
          (e) => e.getBoundingClientRect().right > window.innerWidth + 1,
        ).length,
    );
    expect(wide).toBe(0);
  });

  test('the same form in French and Spanish', async () => {
    for (const [locale, legend, cite, pbc] of [
      [
        'fr-FR',
        'Étiquettes (facultatif)',
        /^Étiqueter /,
        'Rôle de la Commission de consolidation de la paix',
      ],
      [
        'es-ES',
        'Etiquetas (opcional)',
        /^Etiquetar /,
        'Papel de la Comisión de Consolidación de la Paz',
      ],
    ] as const) {
      const p = await open(room.w.links.participant, PHONE, locale);
      await joinOnPhone(p);
      await p.getByText(legend).waitFor();
      await p
        .locator('textarea')
        .first()
        .fill('Apprendre du Soudan du Sud et de la Côte d’Ivoire.');
      await expect.poll(() => p.getByRole('button', { name: cite }).count()).toBe(2);
      expect(await p.getByLabel(pbc).count()).toBe(1);
      await viewShot(p, `phone-proposal-${locale}`);
      violations.push(...(await seriousA11yViolations(p, `phone ${locale}`)));
    }
  });

  test('the facilitator tags several cards at once and filters the board by a lens', async () => {
    const fac = await connectSocket(server.url, room.w.facilitatorToken);
    expect(
      (await emitAck(fac, 'phase:set', { questionId: room.questionId, phase: 'cluster' })).ok,
    ).toBe(true);
    const p = await open(room.w.links.facilitator, LAPTOP);
    await p.locator('.board-card').first().waitFor();
    await expect.poll(() => p.locator('.board-card').count()).toBe(81);
    // Markers on the cards (the fixture's countries).
    expect(await p.locator('.board-card .lens-marker--country').count()).toBeGreaterThan(10);
    const cards = p.locator('.board-card');
    const picked: string[] = [];
    for (const k of [3, 7, 11]) {
      const c = cards.nth(k);
      picked.push(String(await c.getAttribute('data-idea-id')));
      await c.getByRole('checkbox').check();
    }
    const bar = p.getByRole('group', { name: 'Tag the 3 selected ideas' });
    await bar.waitFor();
    const picker = bar.getByRole('combobox', { name: 'Add a country' });
    await picker.focus();
    await p.keyboard.type('Ivory Coast');
    await bar.getByRole('option').first().waitFor();
    await p.keyboard.press('Enter');
    await bar.getByRole('button', { name: 'Transition' }).click();
    await waitFor(
      () =>
        picked.every((id) => {
          const i = readIdeas(room.facDoc.doc).find((x) => x.id === id);
          return i?.countries.includes('CI') && i.tags.stage?.includes('Transition');
        }),
      { docs: [room.facDoc.doc], what: 'batch tags on the doc' },
    );
    await expect
      .poll(() => bar.getByRole('button', { name: 'Transition' }).getAttribute('aria-pressed'))
      .toBe('true');
    await screenshot(p, SUITE, 'facilitator-multiselect-1920');
    violations.push(...(await seriousA11yViolations(p, 'facilitator multi-select')));

    // Filter: only the ideas of the "Transition" stage.
    await p.getByLabel('Show').first().selectOption('tag:stage:Transition');
    await expect.poll(() => p.locator('.board-card').count()).toBe(3);
    await p.getByText('Showing 3 of 81 ideas').waitFor();
    await screenshot(p, SUITE, 'facilitator-filter-1920');
    violations.push(...(await seriousA11yViolations(p, 'facilitator filter')));
    await p.getByLabel('Show').first().selectOption('');
    await expect.poll(() => p.locator('.board-card').count()).toBe(81);
  });

  test('the rapporteur tags two ideas at once, in French, from the keyboard', async () => {
    const p = await open(room.w.links.rapporteur, LAPTOP, 'fr-FR');
    const cards = p
      .locator('.idea')
      .filter({ has: p.getByRole('checkbox', { name: /^Sélectionner/ }) });
    await cards.first().waitFor();
    const picked: string[] = [];
    for (const k of [0, 1]) {
      const card = cards.nth(k);
      await card.getByRole('checkbox').focus();
      await p.keyboard.press('Space');
      picked.push(String(await card.locator('.idea__text').textContent()));
    }
    const bar = p.getByRole('group', { name: 'Étiqueter les 2 idées sélectionnées' });
    await bar.waitFor();
    const pbc = bar.getByRole('button', {
      name: 'Rôle de la Commission de consolidation de la paix',
    });
    await pbc.focus();
    await p.keyboard.press('Enter');
    await waitFor(
      () => picked.every((text) => readIdeas(room.facDoc.doc).find((i) => i.text === text)?.pbc),
      { docs: [room.facDoc.doc], what: 'pbc on both' },
    );
    await expect.poll(() => pbc.getAttribute('aria-pressed')).toBe('true');
    await viewShot(p, 'rapporteur-fr-1920');
    violations.push(...(await seriousA11yViolations(p, 'rapporteur fr')));
  });

  test('the facilitator switches a lens off and adds one; every screen follows', async () => {
    const p = await open(room.w.links.facilitator, LAPTOP, 'es-ES');
    await p.locator('summary', { hasText: 'Enfoques' }).click();
    await p.getByLabel('Papel de la Comisión de Consolidación de la Paz').uncheck();
    await p.getByRole('button', { name: /Añadir un enfoque/ }).click();
    await p.getByLabel('Nombre del enfoque').last().fill('Actor');
    await p
      .getByLabel('Valores (uno por línea)')
      .last()
      .fill('Consejo de Seguridad\nCCP\nEstado anfitrión');
    violations.push(...(await seriousA11yViolations(p, 'lens settings es')));
    await p.locator('.lens-panel').scrollIntoViewIfNeeded();
    await viewShot(p, 'facilitator-lens-settings-es');
    await p.getByRole('button', { name: 'Guardar los enfoques' }).click();
    await p.getByText('Enfoques guardados.').waitFor();
    await waitFor(
      () => {
        const l = readWorkshop(room.facDoc.doc).lenses;
        return !l.pbc && l.custom.some((c) => c.name === 'Actor' && c.values.length === 3);
      },
      { docs: [room.facDoc.doc], what: 'lenses in the doc' },
    );
    // PBC markers leave the cards; the stage lens is still there.
    await expect.poll(() => p.locator('.board-card .lens-marker--pbc').count()).toBe(0);
    // Back as it was, for the projector test.
    await p.getByLabel('Papel de la Comisión de Consolidación de la Paz').check();
    await p.getByRole('button', { name: 'Guardar los enfoques' }).click();
    await waitFor(() => readWorkshop(room.facDoc.doc).lenses.pbc, { docs: [room.facDoc.doc] });
  });

  test('the projector shows small, legible markers at 1920×1080 and 1280×720', async () => {
    for (const size of [LAPTOP, { width: 1280, height: 720 }]) {
      const p = await open(`${room.w.links.projector}`, size);
      await p.locator('.wall__idea').first().waitFor();
      await expect
        .poll(() => p.locator('.wall__idea .lens-markers--wall').count())
        .toBeGreaterThan(0);
      const sizes = await p.evaluate(() => {
        const marker = document.querySelector('.wall__idea .lens-marker');
        const idea = document.querySelector('.wall__idea');
        return {
          marker: marker ? Number.parseFloat(getComputedStyle(marker).fontSize) : 0,
          idea: idea ? Number.parseFloat(getComputedStyle(idea).fontSize) : 0,
        };
      });
      // Smaller than the idea, but still readable from the back of a room.
      expect(sizes.marker).toBeLessThan(sizes.idea);
      expect(sizes.marker).toBeGreaterThanOrEqual(size.width >= 1920 ? 14 : 12);
      await viewShot(p, `projector-${size.width}x${size.height}`);
      violations.push(...(await seriousA11yViolations(p, `projector ${size.width}`)));
    }
  });
});
