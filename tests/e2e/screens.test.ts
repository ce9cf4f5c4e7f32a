import { type CreatedWorkshop, createCluster, setWallMode } from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type A11yViolation,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  type WebServer,
} from '../helpers/browser.ts';
import { closeClients, connectDoc, connectSocket, emitAck } from '../helpers/testServer.ts';

const SUITE = 'screens';

let server: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startWebServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

async function open(url: string, viewport: { width: number; height: number }, locale = 'en-GB') {
  const context = await browser.newContext({ viewport, locale });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function createWorkshop(body: Record<string, unknown>): Promise<CreatedWorkshop> {
  const res = await fetch(`${server.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as CreatedWorkshop;
}

/** `n` participants joined by code, each with a connected socket to submit ideas from. */
/**
 * Watches, in a projector page about to open, how many cards the wall measured in its hidden
 * copy before its first page was drawn (`copyBeforeFirst`), the most measured at once
 * (`copyMax`), and the texts of the first page drawn.
 */
function watchWall(page: Page) {
  return page.addInitScript(() => {
    const seen = { copyBeforeFirst: 0, copyMax: 0, firstPage: [] as string[] };
    (window as unknown as { __wall: typeof seen }).__wall = seen;
    // The cards the wall measures, per hidden copy: counted as they are measured, since a
    // copy is added, measured and removed within one task (and, when the screen's first frame
    // comes with the board, inside the screen's own first insertion).
    const measured = new Map<Element, Set<Element>>();
    const rect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function (this: Element) {
      const copy = this.matches('.wall__idea') ? this.closest('.paged-wall__measure') : null;
      if (copy) {
        const cards = measured.get(copy) ?? new Set<Element>();
        cards.add(this);
        measured.set(copy, cards);
        seen.copyMax = Math.max(seen.copyMax, cards.size);
      }
      return rect.call(this);
    };
    new MutationObserver(() => {
      const cards = document.querySelectorAll('.paged-wall__cols .wall__idea');
      if (seen.firstPage.length === 0 && cards.length > 0) {
        seen.copyBeforeFirst = seen.copyMax;
        seen.firstPage = [...cards].map((c) => c.textContent ?? '');
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

const wallSeen = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as {
          __wall: { copyBeforeFirst: number; copyMax: number; firstPage: string[] };
        }
      ).__wall,
  );

function joinWriters(url: string, joinCode: string, n: number) {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const joined = await fetch(`${url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ joinCode }),
      }).then((r) => r.json() as Promise<{ participantToken: string }>);
      return connectSocket(url, joined.participantToken);
    }),
  );
}

describe('screens people enjoy in the room', () => {
  test('organiser and join screens pass axe, in every language', async () => {
    const violations: A11yViolation[] = [];
    for (const locale of ['en-GB', 'fr-FR', 'es-ES']) {
      const home = await open(server.url, { width: 1280, height: 900 }, locale);
      await home.locator('form').first().waitFor();
      violations.push(...(await seriousA11yViolations(home, `home ${locale}`)));
      await screenshot(home, SUITE, `home-${locale}`);
      const join = await open(`${server.url}/join`, { width: 390, height: 844 }, locale);
      await join.locator('form').waitFor();
      violations.push(...(await seriousA11yViolations(join, `join ${locale}`)));
      await screenshot(join, SUITE, `join-${locale}`);
    }
    expect(violations).toEqual([]);
  });

  test('each person picks a language; the page follows at once', async () => {
    const w = await createWorkshop({
      title: 'Strategic and Structural Prevention',
      questions: [{ prompt: 'Where should prevention have an uncontested home?' }],
    });
    const p = await open(w.links.participant, { width: 390, height: 844 }, 'fr-FR');
    // The browser asks for French: the join screen is French from the start.
    await p.getByRole('button', { name: 'Rejoindre' }).click();
    await p.getByText('L’animateur va bientôt ouvrir cette question.').waitFor();
    expect(await p.evaluate(() => document.documentElement.lang)).toBe('fr');
    await p.getByLabel('Langue').selectOption('es');
    await p.getByText('Quien facilita abrirá esta pregunta en breve.').waitFor();
    expect(await p.evaluate(() => document.documentElement.lang)).toBe('es');
    await screenshot(p, SUITE, 'participant-es');
    const f = await open(w.links.facilitator, { width: 1440, height: 900 }, 'en-GB');
    await f.getByLabel('Language').selectOption('fr');
    await f.getByRole('button', { name: 'Recueil des idées' }).click();
    await p.getByText('Escriba una idea concreta cada vez.').waitFor();
    await screenshot(f, SUITE, 'facilitator-fr');
    expect([
      ...(await seriousA11yViolations(p, 'participant es')),
      ...(await seriousA11yViolations(f, 'facilitator fr')),
    ]).toEqual([]);
  });

  test('the projector shows 60 ideas legibly at 1920×1080 and 1280×720, page by page, dark and light, with a spotlight', async () => {
    const w = await createWorkshop({
      title: 'Partnerships and Regional Organizations',
      questions: [
        { prompt: 'What should the UN ask of the African Union and other regional partners?' },
      ],
    });
    const fac = await open(w.links.facilitator, { width: 1440, height: 900 });
    await fac.getByRole('button', { name: 'Collecting ideas' }).click();
    await expect
      .poll(() =>
        fac.getByRole('button', { name: 'Collecting ideas' }).getAttribute('aria-pressed'),
      )
      .toBe('true');
    // Sixty ideas from three people (a participant may send at most 50 per question).
    const writers = await joinWriters(server.url, w.joinCode, 3);
    for (let i = 1; i <= 60; i++) {
      const reply = await emitAck(writers[i % 3] as (typeof writers)[number], 'idea:submit', {
        questionId: w.questions[0]?.id,
        text: `Idea ${i}: a joint UN–AU assessment before each mandate renewal, with shared benchmarks ${'and follow-up '.repeat(i % 4)}`,
      });
      expect(reply.ok).toBe(true);
    }
    closeClients();
    for (const [size, theme] of [
      [{ width: 1920, height: 1080 }, 'dark'],
      [{ width: 1280, height: 720 }, 'dark'],
      [{ width: 1920, height: 1080 }, 'light'],
    ] as const) {
      const projector = await open(w.links.projector, size);
      await projector.getByText('60 ideas', { exact: true }).waitFor({ timeout: 20_000 });
      // 60 ideas do not fit one screen at the room's floor: the wall pages (issue 12, item 1).
      await projector.getByText(/^Page 1 of \d+$/).waitFor();
      if (theme === 'light') await projector.getByRole('button', { name: 'Light theme' }).click();
      // No scrolling needed, and no two idea cards overlap.
      const fit = await projector.evaluate(() => {
        const cards = [...document.querySelectorAll('.paged-wall__cols .wall__idea')].map((e) =>
          e.getBoundingClientRect(),
        );
        const overlaps = cards.some((a, i) =>
          cards.some(
            (b, j) =>
              i < j &&
              a.left < b.right - 1 &&
              b.left < a.right - 1 &&
              a.top < b.bottom - 1 &&
              b.top < a.bottom - 1,
          ),
        );
        const lowest = Math.max(...cards.map((c) => c.bottom));
        const rightmost = Math.max(...cards.map((c) => c.right));
        const fontPx = Math.min(
          ...[...document.querySelectorAll('.paged-wall__cols .wall__idea')].map((e) =>
            Number.parseFloat(getComputedStyle(e).fontSize),
          ),
        );
        return { overlaps, lowest, rightmost, fontPx, height: innerHeight, width: innerWidth };
      });
      expect(fit.overlaps).toBe(false);
      expect(fit.lowest).toBeLessThanOrEqual(fit.height);
      // Every card is on screen (columns that overflow sideways would be cut off)…
      const side = await projector.locator('.projector__side').boundingBox();
      expect(fit.rightmost).toBeLessThanOrEqual(side?.x ?? fit.width);
      // …and readable from the back of the room: 1/45 of the height, never under 18 px.
      expect(fit.fontPx).toBeGreaterThanOrEqual(Math.max(18, size.height / 45));
      console.info(
        `projector ${size.width}×${size.height}: 60 ideas, pages at ${fit.fontPx.toFixed(1)} px`,
      );
      await screenshot(projector, SUITE, `projector-60-${size.width}-${theme}`);
      expect(await seriousA11yViolations(projector, `projector ${size.width} ${theme}`)).toEqual(
        [],
      );
      if (theme === 'light') {
        await fac.getByRole('button', { name: /Spotlight: Idea 7:/ }).click();
        await projector.locator('.spotlight__text', { hasText: 'Idea 7:' }).waitFor();
        await screenshot(projector, SUITE, 'projector-spotlight');
        await fac.getByRole('button', { name: /Spotlight: Idea 7:/ }).click();
        await expect.poll(() => projector.locator('.spotlight').count()).toBe(0);
      }
    }
  });

  test('a board too big for one screen, in the newest-ideas mode: the projector shows the newest ideas that fit, legibly, and counts the rest', async () => {
    const w = await createWorkshop({
      title: 'Financing for Peacebuilding',
      questions: [{ prompt: 'Which financing instruments should be scaled up first?' }],
    });
    const questionId = w.questions[0]?.id as string;
    const fac = await connectSocket(server.url, w.facilitatorToken);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
    // 300 ideas from seven people (a participant may send at most 50 per question).
    const writers = await joinWriters(server.url, w.joinCode, 7);
    const ideaIds: string[] = [];
    const submit = async (i: number) => {
      const reply = await emitAck<{ ok: boolean; ideaId: string }>(
        writers[i % writers.length] as (typeof writers)[number],
        'idea:submit',
        {
          questionId,
          text: `Idea ${i}: pooled funding for cross-pillar programmes, reviewed each year ${'with national partners '.repeat(i % 3)}`,
        },
      );
      expect(reply.ok).toBe(true);
      ideaIds.push(reply.ideaId);
    };
    for (let i = 1; i <= 300; i++) await submit(i);
    // The facilitator's choice for this room: the newest ideas and a count, not pages.
    const facDoc = await connectDoc(server.url, w.id, w.facilitatorToken);
    setWallMode(facDoc.doc, 'newest');

    const wallState = (page: Page) =>
      page.evaluate(() => {
        const wall = document.querySelector('.wall') as HTMLElement;
        const box = (
          wall.querySelector('.paged-wall__cols') as HTMLElement
        ).getBoundingClientRect();
        const cards = [...wall.querySelectorAll('.paged-wall__cols .wall__idea')].map((e) => ({
          text: e.textContent ?? '',
          rect: e.getBoundingClientRect(),
        }));
        const note = document.querySelector<HTMLElement>('.wall > .paged-wall__foot');
        const noteRect = note?.getBoundingClientRect();
        const overlaps = cards.some(({ rect: a }, i) =>
          cards.some(
            ({ rect: b }, j) =>
              i < j &&
              a.left < b.right - 1 &&
              b.left < a.right - 1 &&
              a.top < b.bottom - 1 &&
              b.top < a.bottom - 1,
          ),
        );
        const clipped = cards.filter(
          ({ rect: r }) =>
            r.left < box.left - 1 ||
            r.top < box.top - 1 ||
            r.right > box.right + 1 ||
            r.bottom > box.bottom + 1 ||
            r.bottom > innerHeight,
        ).length;
        return {
          count: cards.length,
          first: cards[0]?.text ?? '',
          last: cards[cards.length - 1]?.text ?? '',
          more: Number(note?.dataset.more ?? 0),
          note: note?.textContent ?? '',
          noteOnScreen: !!noteRect && noteRect.bottom <= innerHeight && noteRect.top >= box.bottom,
          overlaps,
          clipped,
          right: box.right,
          fontPx: Number.parseFloat(getComputedStyle(wall).fontSize),
        };
      });

    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      const projector = await open(w.links.projector, size);
      await projector.locator('.wall > .paged-wall__foot').waitFor();
      const wall = await wallState(projector);
      console.info(
        `projector ${size.width}×${size.height}, 300 ideas: ${wall.count} shown at ${wall.fontPx.toFixed(1)} px, “${wall.note}”`,
      );
      // Every idea is on the wall or counted in the note, the newest are the ones shown…
      expect(wall.count + wall.more).toBe(300);
      expect(wall.count).toBeGreaterThanOrEqual(8);
      expect(wall.first.startsWith(`Idea ${300 - wall.count + 1}:`)).toBe(true);
      expect(wall.last.startsWith('Idea 300:')).toBe(true);
      expect(wall.note).toBe(`+${wall.more} more ideas — cluster them to see all`);
      expect(wall.noteOnScreen).toBe(true);
      // …whole (none clipped or overlapping), left of the join panel, at a legible size.
      expect(wall.clipped).toBe(0);
      expect(wall.overlaps).toBe(false);
      const side = await projector.locator('.projector__side').boundingBox();
      expect(wall.right).toBeLessThanOrEqual(side?.x ?? size.width);
      expect(wall.fontPx).toBeGreaterThanOrEqual(Math.max(18, size.height / 45));
      await projector.getByText('300 ideas', { exact: true }).waitFor();
      await screenshot(projector, SUITE, `projector-300-${size.width}`);
      expect(await seriousA11yViolations(projector, `projector 300 ${size.width}`)).toEqual([]);
      if (size.width === 1280) {
        // The window grows taller: the type grows with it (1/45 of the height) and the wall
        // still shows the newest that fit, whole.
        await projector.setViewportSize({ width: 1280, height: 1000 });
        await expect
          .poll(async () => (await wallState(projector)).fontPx)
          .toBeGreaterThanOrEqual(22);
        const grown = await wallState(projector);
        expect(grown.count + grown.more).toBe(300);
        expect(grown.last.startsWith('Idea 300:')).toBe(true);
        expect(grown.clipped).toBe(0);
      }
    }
    // A new idea arrives: it joins the wall, the oldest shown one goes into the count.
    const projector = await open(w.links.projector, { width: 1920, height: 1080 });
    await projector.locator('.wall > .paged-wall__foot').waitFor();
    await submit(301);
    await projector.locator('.paged-wall__cols .wall__idea', { hasText: 'Idea 301:' }).waitFor();
    const after = await wallState(projector);
    expect(after.count + after.more).toBe(301);
    expect(after.last.startsWith('Idea 301:')).toBe(true);
    expect(after.clipped).toBe(0);

    const fr = await open(w.links.projector, { width: 1920, height: 1080 }, 'fr-FR');
    await fr.locator('.wall > .paged-wall__foot').waitFor();
    expect(await fr.locator('.wall > .paged-wall__foot').textContent()).toMatch(
      /^\+\d+ autres idées — regroupez-les pour tout voir$/,
    );

    // Clustering starts: the themes page through every idea at the same floor (the newest
    // mode is the plain wall's; tests/e2e/projectorRoom.test.ts walks every page).
    createCluster(
      facDoc.doc,
      { id: 'c-fund', questionId, label: 'Pooled funds', position: 0 },
      ideaIds.slice(0, 30),
    );
    createCluster(
      facDoc.doc,
      { id: 'c-nat', questionId, label: 'National ownership', position: 1 },
      ideaIds.slice(30, 60),
    );
    await projector.getByText(/^Page 1 of \d+$/).waitFor();
    const groups = await projector.evaluate(() => {
      const wall = (
        document.querySelector('.cluster-wall .paged-wall__cols') as HTMLElement
      ).getBoundingClientRect();
      return [...document.querySelectorAll('.paged-wall__cols .cluster-wall__group')].map((g) => {
        const r = g.getBoundingClientRect();
        return {
          label: g.querySelector('.cluster-wall__label')?.textContent ?? '',
          shown: g.querySelectorAll('.wall__idea').length,
          inside: r.right <= wall.right + 1 && r.bottom <= wall.bottom + 1,
        };
      });
    });
    console.info(`projector clusters, 301 ideas, page 1: ${JSON.stringify(groups)}`);
    expect(groups[0]?.label).toBe('Pooled funds');
    expect(groups.every((g) => g.inside && g.shown > 0)).toBe(true);
    await screenshot(projector, SUITE, 'projector-300-clusters');
    expect(await seriousA11yViolations(projector, 'projector 300 clusters')).toEqual([]);
    closeClients();
  });

  /** A one-question workshop in `submit` with `total` ideas from nine people, in order. */
  async function boardOf(prompt: string, total: number, textOf: (i: number) => string) {
    const w = await createWorkshop({
      title: 'Financing for Peacebuilding',
      questions: [{ prompt }],
    });
    const questionId = w.questions[0]?.id as string;
    const fac = await connectSocket(server.url, w.facilitatorToken);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
    const writers = await joinWriters(server.url, w.joinCode, 9);
    for (let i = 1; i <= total; i++) {
      const writer = writers[i % writers.length] as (typeof writers)[number];
      const reply = await emitAck(writer, 'idea:submit', { questionId, text: textOf(i) });
      expect(reply.ok).toBe(true);
    }
    return w;
  }

  test('a long board in page mode: the first page is drawn after measuring one page of cards, the rest are counted after it (issue 18)', async () => {
    const TOTAL = 400;
    const w = await boardOf(
      'Which financing instruments should be scaled up first?',
      TOTAL,
      (i) =>
        `Idea ${i}: a country-led compact with the Peacebuilding Fund ${'and regional banks '.repeat(i % 4)}`,
    );
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    const projector = await context.newPage();
    // Watches the hidden copy the wall measures from, and what the first drawn page shows.
    await watchWall(projector);
    await projector.goto(w.links.projector);
    const foot = projector.locator('.wall > .paged-wall__foot');
    await expect.poll(() => foot.getAttribute('data-pages'), { timeout: 20_000 }).not.toBeNull();
    const seen = await wallSeen(projector);
    const pages = Number(await foot.getAttribute('data-pages'));
    const page1 = await projector
      .locator('.paged-wall__cols .wall__idea')
      .evaluateAll((cards) => cards.map((c) => c.textContent ?? ''));
    console.log(
      `long wall 1920×1080: ${TOTAL} ideas; first page drawn after measuring ${seen.copyBeforeFirst} cards (then ${seen.copyMax}); ${pages} pages; page 1 holds ${page1.length}`,
    );
    // The first page came from a page's worth of cards, not all of them, and is the page the
    // full measure gives.
    expect(seen.firstPage.length).toBeGreaterThan(0);
    expect(seen.copyBeforeFirst).toBeGreaterThanOrEqual(seen.firstPage.length);
    expect(seen.copyBeforeFirst).toBeLessThan(TOTAL);
    expect(seen.copyMax).toBe(TOTAL);
    expect(seen.firstPage).toEqual(page1);
    expect(page1[0]?.startsWith('Idea 1:')).toBe(true);
    expect(pages).toBeGreaterThan(1);
    expect(await foot.textContent()).toBe(`Page 1 of ${pages}`);
    await screenshot(projector, SUITE, 'projector-400-pages-1920');

    // A phone opening the same board: the top of the list first, every idea a frame later.
    const viewer = (await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode: w.joinCode }),
    }).then((r) => r.json())) as { participantToken: string };
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    contexts.push(phoneContext);
    const phone = await phoneContext.newPage();
    await phone.addInitScript(() => {
      const seen = { first: 0 };
      (window as unknown as { __list: typeof seen }).__list = seen;
      const observer = new MutationObserver(() => {
        const n = document.querySelectorAll('section[aria-labelledby="room-h"] li.idea').length;
        if (n > 0 && seen.first === 0) {
          seen.first = n;
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await phone.goto(`${server.url}/participant/${w.id}#token=${viewer.participantToken}`);
    const list = phone.locator('section[aria-labelledby="room-h"] li.idea');
    await expect.poll(() => list.count(), { timeout: 20_000 }).toBe(TOTAL);
    const first = await phone.evaluate(
      () => (window as unknown as { __list: { first: number } }).__list.first,
    );
    console.log(`participant 390×844: ${TOTAL} ideas; first frame with ${first} cards, then all`);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(TOTAL);
    expect(
      await phone.locator('section[aria-labelledby="room-h"]').getAttribute('data-items'),
    ).toBe(String(TOTAL));
    expect((await list.first().textContent())?.startsWith('Idea 1:')).toBe(true);
  });

  test('a wall of one-line ideas: the first measure takes more cards until they fill a page, and that page is the first of the full measure (issue 18)', async () => {
    const TOTAL = 240;
    const w = await boardOf('One word: what should be funded first?', TOTAL, (i) => `Idea ${i}`);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    contexts.push(context);
    const projector = await context.newPage();
    await watchWall(projector);
    await projector.goto(w.links.projector);
    const foot = projector.locator('.wall > .paged-wall__foot');
    await expect.poll(() => foot.getAttribute('data-pages'), { timeout: 20_000 }).not.toBeNull();
    const seen = await wallSeen(projector);
    const page1 = await projector
      .locator('.paged-wall__cols .wall__idea')
      .evaluateAll((cards) => cards.map((c) => c.textContent ?? ''));
    const columns = await projector.locator('.paged-wall__cols .paged-wall__col').count();
    console.log(
      `one-line wall 1920×1080: ${TOTAL} ideas in ${columns} columns; first page drawn after measuring ${seen.copyBeforeFirst} cards; page 1 holds ${page1.length}`,
    );
    // More than the first few a column were measured (they did not fill the page)…
    expect(seen.copyBeforeFirst).toBeGreaterThan(4 * columns);
    expect(seen.copyBeforeFirst).toBeGreaterThan(page1.length);
    expect(seen.copyBeforeFirst).toBeLessThan(TOTAL);
    // …and the page drawn first is the full measure's first page.
    expect(seen.firstPage).toEqual(page1);
    expect(page1[0]).toBe('Idea 1');
    expect(await foot.textContent()).toMatch(/^Page 1 of \d+$/);
  });

  test('offline: a banner says so, ideas wait in a queue and are delivered once on reconnect', async () => {
    const w = await createWorkshop({
      title: 'Revitalizing the Peacebuilding Support Office',
      questions: [{ prompt: 'What should PBSO stop, start and keep doing?' }],
    });
    const fac = await open(w.links.facilitator, { width: 1440, height: 900 });
    await fac.getByRole('button', { name: 'Collecting ideas' }).click();
    const p = await open(w.links.participant, { width: 390, height: 844 });
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByLabel('Your idea', { exact: true }).waitFor();
    await server.pause();
    await p.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    const texts = [
      'Stop: parallel funding windows',
      'Start: a light country-review format',
      'Keep: the small-grants facility',
    ];
    for (const text of texts) {
      await p.getByLabel('Your idea', { exact: true }).fill(text);
      await p.getByRole('button', { name: 'Submit idea' }).click();
    }
    await expect.poll(() => p.getByText('Waiting for the network').count()).toBe(3);
    await screenshot(p, SUITE, 'participant-offline');
    // A reload while offline keeps the queue (and the draft) on the device.
    await p.getByLabel('Your idea', { exact: true }).fill('A draft I have not sent');
    await server.resume();
    await expect
      .poll(() => p.getByText('Saved', { exact: true }).count(), { timeout: 20_000 })
      .toBe(3);
    await p.reload();
    await expect
      .poll(() => p.getByLabel('Your idea', { exact: true }).inputValue())
      .toBe('A draft I have not sent');
    const projector = await open(w.links.projector, { width: 1920, height: 1080 });
    await expect.poll(() => projector.locator('.wall__idea').count()).toBe(3);
    await screenshot(p, SUITE, 'participant-back-online');
  });
});
