import { type CreatedWorkshop, createCluster, readRounds } from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  type WebServer,
} from '../helpers/browser.ts';
import { type FixtureIdea, loadFixture } from '../helpers/fixtureBoard.ts';
import { closeClients, connectDoc, connectSocket, emitAck } from '../helpers/testServer.ts';

/**
 * Issue 12, items 1 and 2: the projector at room size. A workshop of 16 people and 80 ideas of
 * realistic length (the "Applying Sustaining Peace" fixture), measured in Chromium at 1920×1080
 * and 1280×720: idea text never below 24 px / 18 px, nothing below the screen's edge, the wall
 * pages through every idea by itself (or shows the newest with a count of the rest), the
 * clusters likewise, and the results show the ranked ideas and the theme ranking at once.
 */

const SUITE = 'projector-room';
const SIZES = [
  { width: 1920, height: 1080, floor: 24 },
  { width: 1280, height: 720, floor: 18 },
] as const;
/** A fast page turn for the test; the room's default is 13 s. */
const PAGE_MS = 500;

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

async function open(url: string, viewport: { width: number; height: number }, locale = 'en-GB') {
  const context = await browser.newContext({ viewport, locale });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** 80 ideas from the fixture's first workshops, each with the theme it was sorted into. */
function roomIdeas(): FixtureIdea[] {
  const all = loadFixture().workshops.flatMap((w) => w.questions.flatMap((q) => q.ideas));
  return all.slice(0, 80);
}

interface WallState {
  minFontPx: number;
  texts: string[];
  labels: string[];
  /** Elements whose box reaches past the bottom or right edge of the screen. */
  outside: string[];
  /** Cards cut by their wall's frame. */
  clipped: number;
  page: number;
  pages: number;
  more: number;
  foot: string;
}

/** What the room sees now: the visible cards (not the hidden copy the wall is measured from). */
function wallState(page: Page, cards: string, texts: string, scope = 'body'): Promise<WallState> {
  return page.evaluate(
    ({ cards, texts, scope }) => {
      const visible = (e: Element) => !e.closest('.paged-wall__measure');
      const cardEls = [...document.querySelectorAll(cards)].filter(visible);
      const fonts = cardEls.map((e) => Number.parseFloat(getComputedStyle(e).fontSize));
      const outside: string[] = [];
      for (const e of document.querySelectorAll('body *')) {
        if (!visible(e) || e.closest('.visually-hidden')) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) {
          outside.push(`${e.tagName}.${e.className} ${Math.round(r.bottom)}`);
        }
      }
      let clipped = 0;
      for (const e of cardEls) {
        const frame = e.closest('.paged-wall__cols')?.getBoundingClientRect();
        const r = e.getBoundingClientRect();
        if (!frame || r.bottom > frame.bottom + 0.5 || r.right > frame.right + 0.5) clipped++;
      }
      const foot = [...document.querySelectorAll<HTMLElement>(`${scope} .paged-wall__foot`)].find(
        visible,
      );
      return {
        minFontPx: Math.min(...fonts),
        texts: [...document.querySelectorAll(texts)]
          .filter(visible)
          .map((e) => (e.textContent ?? '').trim()),
        labels: [...document.querySelectorAll('.cluster-wall__label')]
          .filter(visible)
          .map((e) => (e.textContent ?? '').trim()),
        outside,
        clipped,
        page: Number(foot?.dataset.page ?? 1),
        pages: Number(foot?.dataset.pages ?? 1),
        more: Number(foot?.dataset.more ?? 0),
        foot: foot?.textContent ?? '',
      };
    },
    { cards, texts, scope },
  );
}

/**
 * Watches the wall turn every page once (it turns by itself), checking each page as it shows;
 * returns every text seen and the number of pages.
 */
async function everyPage(
  page: Page,
  cards: string,
  texts: string,
  floor: number,
  what: string,
  scope = 'body',
): Promise<{ seen: Set<string>; labels: Set<string>; pages: number; first: WallState }> {
  const seen = new Set<string>();
  const labels = new Set<string>();
  const first = await wallState(page, cards, texts, scope);
  const pagesSeen = new Set<number>();
  let state = first;
  for (let turns = 0; turns < 3 * first.pages + 2 && pagesSeen.size < first.pages; turns++) {
    expect(
      state.minFontPx,
      `${what} page ${state.page}: smallest idea text`,
    ).toBeGreaterThanOrEqual(floor);
    expect(state.outside, `${what} page ${state.page}: below or right of the screen`).toEqual([]);
    expect(state.clipped, `${what} page ${state.page}: cards cut off`).toBe(0);
    for (const t of state.texts) seen.add(t);
    for (const l of state.labels) labels.add(l);
    pagesSeen.add(state.page);
    if (first.pages <= 1) break;
    const now = state.page;
    await page.waitForFunction(
      ({ n, scope }) =>
        [...document.querySelectorAll<HTMLElement>(`${scope} .paged-wall__foot`)].some(
          (f) => !f.closest('.paged-wall__measure') && Number(f.dataset.page) !== n,
        ),
      { n: now, scope },
    );
    state = await wallState(page, cards, texts, scope);
  }
  expect(pagesSeen.size, `${what}: every page shown`).toBe(first.pages);
  return { seen, labels, pages: first.pages, first };
}

describe('the projector at room size: 16 people, 80 ideas', () => {
  test('wall, clusters and results: legible, inside the screen, every idea on some page', async () => {
    const ideas = roomIdeas();
    const res = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Financing Efforts to Sustain Peace',
        questions: [{ prompt: 'What should donors and the UN change first to fund prevention?' }],
      }),
    });
    const w = (await res.json()) as CreatedWorkshop;
    const questionId = w.questions[0]?.id as string;
    const fac = await connectSocket(server.url, w.facilitatorToken);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
    const people = await Promise.all(
      Array.from({ length: 16 }, async (_, k) => {
        const joined = await fetch(`${server.url}/api/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ joinCode: w.joinCode, name: `Person ${k + 1}` }),
        }).then((r) => r.json() as Promise<{ participantToken: string }>);
        return connectSocket(server.url, joined.participantToken);
      }),
    );
    const idOf = new Map<string, string>();
    for (const [k, idea] of ideas.entries()) {
      const reply = await emitAck<{ ok: boolean; ideaId: string }>(
        people[k % 16] as (typeof people)[number],
        'idea:submit',
        { questionId, text: idea.text, actor: idea.actor ?? undefined },
      );
      expect(reply.ok).toBe(true);
      idOf.set(idea.text, reply.ideaId);
    }
    const allTexts = new Set(ideas.map((i) => i.text));
    const link = w.links.projector.replace('#', `?pageMs=${PAGE_MS}#`);
    const projectors = await Promise.all(SIZES.map((s) => open(link, s)));
    const violations: unknown[] = [];

    // 1. The wall pages through all 80 ideas at the floor or above.
    for (const [i, size] of SIZES.entries()) {
      const p = projectors[i] as Page;
      await expect
        .poll(() => p.locator('.wall__idea').count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      // At a glance, whatever the wall's layout: no idea under the floor.
      const glance = await wallState(p, '.wall__idea', '.wall__idea');
      expect(glance.minFontPx, `wall ${size.width}: smallest idea text`).toBeGreaterThanOrEqual(
        size.floor,
      );
      await p.locator('.paged-wall > .paged-wall__foot').waitFor();
      const wall = await everyPage(
        p,
        '.paged-wall__cols .wall__idea',
        '.paged-wall__cols .wall__idea',
        size.floor,
        `wall ${size.width}`,
      );
      console.info(
        `wall ${size.width}×${size.height}: ${wall.pages} pages, ${wall.first.texts.length} ideas on page 1 at ${wall.first.minFontPx.toFixed(1)} px, “${wall.first.foot}”`,
      );
      expect(wall.pages).toBeGreaterThanOrEqual(2);
      expect(wall.first.foot).toMatch(/^Page \d+ of \d+$/);
      expect([...allTexts].filter((t) => !wall.seen.has(t))).toEqual([]);
      await screenshot(p, SUITE, `wall-${size.width}`);
      violations.push(...(await seriousA11yViolations(p, `wall ${size.width}`)));
    }

    // The screen's own controls leave while nobody touches the mouse, and come back with it
    // or with keyboard focus.
    const big = projectors[0] as Page;
    const toolsOpacity = () =>
      big.evaluate(
        () => getComputedStyle(document.querySelector('.projector__tools') as Element).opacity,
      );
    await big.waitForFunction(
      () =>
        getComputedStyle(document.querySelector('.projector__tools') as Element).opacity === '0',
      undefined,
      { timeout: 8000 },
    );
    await big.mouse.move(200, 200);
    await big.mouse.move(240, 260);
    await expect.poll(toolsOpacity).toBe('1');
    await big.waitForFunction(
      () =>
        getComputedStyle(document.querySelector('.projector__tools') as Element).opacity === '0',
      undefined,
      { timeout: 8000 },
    );
    await big.keyboard.press('Tab');
    await expect.poll(toolsOpacity).toBe('1');
    await big.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    // In French, the page indicator is French.
    const fr = await open(link, { width: 1920, height: 1080 }, 'fr-FR');
    // (Until the wall has measured every card it says "Page 1 sur …": wait for the count.)
    await expect
      .poll(() => fr.locator('.paged-wall > .paged-wall__foot').textContent(), { timeout: 10_000 })
      .toMatch(/^Page \d+ sur \d+$/);

    // 2. The facilitator's choice: the newest ideas that fit, and a count of the rest.
    const facPage = await open(w.links.facilitator, { width: 1440, height: 900 });
    await facPage
      .getByLabel('Projector wall, when ideas do not fit')
      .selectOption({ label: 'Newest ideas, and a count of the rest' });
    for (const [i, size] of SIZES.entries()) {
      const p = projectors[i] as Page;
      await expect
        .poll(async () => (await wallState(p, '.wall__idea', '.wall__idea')).more)
        .toBeGreaterThan(0);
      const s = await wallState(
        p,
        '.paged-wall__cols .wall__idea',
        '.paged-wall__cols .wall__idea',
      );
      console.info(`newest ${size.width}: ${s.texts.length} shown, “${s.foot}”`);
      expect(s.minFontPx).toBeGreaterThanOrEqual(size.floor);
      expect(s.outside).toEqual([]);
      expect(s.clipped).toBe(0);
      expect(s.texts.length + s.more).toBe(80);
      expect(s.foot).toBe(`+${s.more} more ideas — cluster them to see all`);
      // The newest are the ones shown, in order.
      expect(s.texts).toEqual(ideas.slice(80 - s.texts.length).map((i) => i.text));
      await screenshot(p, SUITE, `wall-newest-${size.width}`);
      violations.push(...(await seriousA11yViolations(p, `wall newest ${size.width}`)));
    }
    await facPage
      .getByLabel('Projector wall, when ideas do not fit')
      .selectOption({ label: 'Page through all ideas' });

    // 3. Clusters: the fixture's themes, a few ideas left unclustered; paged at the same floor.
    const facDoc = await connectDoc(server.url, w.id, w.facilitatorToken);
    // A question of 80 ideas sorted into 8 themes (the fixture's), a dozen or so left over.
    const themes = [...new Set(ideas.map((i) => i.cluster).filter((c) => c !== null))].slice(0, 8);
    // One update for the whole sorting, on the server before the phase moves: the wall then
    // lays out once, and does not re-page while the test walks its pages.
    facDoc.doc.transact(() => {
      themes.forEach((label, position) => {
        const members = ideas
          .filter((i) => i.cluster === label)
          .map((i) => idOf.get(i.text) as string);
        createCluster(facDoc.doc, { id: `t${position}`, questionId, label, position }, members);
      });
    });
    await expect
      .poll(() => server.app().rooms.with(w.id, (room) => room.doc.getMap('clusters').size))
      .toBe(themes.length);
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'cluster' })).ok).toBe(true);
    for (const [i, size] of SIZES.entries()) {
      const p = projectors[i] as Page;
      await expect
        .poll(() => p.locator('.paged-wall__cols .cluster-wall__group').count(), {
          timeout: 20_000,
        })
        .toBeGreaterThan(0);
      await p.locator('.paged-wall > .paged-wall__foot').waitFor();
      const walk = () =>
        everyPage(
          p,
          '.paged-wall__cols .wall__idea',
          '.paged-wall__cols .wall__idea',
          size.floor,
          `clusters ${size.width}`,
        );
      let wall = await walk();
      if ([...allTexts].some((t) => !wall.seen.has(t))) {
        // Once in CI, on a loaded machine, the first walk saw 9 of 80 ideas: the wall had
        // paged before this projector held the whole sorting. Every idea must still be on some
        // page once it has: one more full turn, after a second.
        console.info(`clusters ${size.width}: first turn saw ${wall.seen.size} ideas; again`);
        await p.waitForTimeout(1000);
        wall = await walk();
      }
      console.info(
        `clusters ${size.width}×${size.height}: ${themes.length} themes on ${wall.pages} pages at ${wall.first.minFontPx.toFixed(1)} px`,
      );
      expect([...allTexts].filter((t) => !wall.seen.has(t))).toEqual([]);
      expect([...themes, 'Not clustered yet'].filter((l) => !wall.labels.has(l))).toEqual([]);
      await screenshot(p, SUITE, `clusters-${size.width}`);
      violations.push(...(await seriousA11yViolations(p, `clusters ${size.width}`)));
    }

    // 4. Results of round 1: 16 people, 3 dots each.
    const openVote = async () =>
      expect((await emitAck(fac, 'phase:set', { questionId, phase: 'vote' })).ok).toBe(true);
    const voteRound = async (candidates: string[]) => {
      for (const [k, person] of people.entries()) {
        for (let d = 0; d < 3; d++) {
          const ideaId = candidates[(k * 7 + d * 11 + (k % 3)) % candidates.length] as string;
          const reply = await emitAck(person, 'vote:cast', { ideaId });
          expect(reply.ok, JSON.stringify(reply)).toBe(true);
        }
      }
      expect((await emitAck(fac, 'phase:set', { questionId, phase: 'results' })).ok).toBe(true);
    };
    const allIds = ideas.map((i) => idOf.get(i.text) as string);
    await openVote();
    await voteRound(allIds);
    const checkResults = async (round: number, heading: RegExp) => {
      const results = readRounds(facDoc.doc).filter((r) => r.questionId === questionId)[round - 1]
        ?.results;
      // The wall ranks the ideas that got votes and counts the others in one line.
      const ranked = new Set(results?.ideas.filter((r) => r.votes > 0).map((r) => r.ideaId));
      const unvoted = (results?.ideas.length ?? 0) - ranked.size;
      const rankedTexts = new Set(
        ideas.filter((i) => ranked.has(idOf.get(i.text) as string)).map((i) => i.text),
      );
      for (const [i, size] of SIZES.entries()) {
        const p = projectors[i] as Page;
        await p.locator('.projector__results-head', { hasText: heading }).waitFor();
        await p.locator('.results__ideas .results__item').first().waitFor();
        // Each side pages by itself only if it cannot fit; both are on the screen together.
        const side = async (scope: string) =>
          (await p.locator(`${scope} > .paged-wall__foot`).count()) > 0
            ? await everyPage(
                p,
                `${scope} .paged-wall__cols .results__text`,
                `${scope} .paged-wall__cols .results__text`,
                size.floor,
                `results ${round} ${size.width} ${scope}`,
                scope,
              )
            : null;
        const ideasSide = await side('.results__ideas');
        const themesSide = await side('.results__themes');
        const now = await wallState(
          p,
          '.paged-wall__cols .results__text',
          '.paged-wall__cols .results__text',
        );
        expect(now.minFontPx).toBeGreaterThanOrEqual(size.floor);
        expect(now.outside).toEqual([]);
        expect(now.clipped).toBe(0);
        const shownNow = async (scope: string) =>
          new Set(
            (
              await wallState(
                p,
                `${scope} .paged-wall__cols .results__text`,
                `${scope} .paged-wall__cols .results__text`,
              )
            ).texts,
          );
        const ideasSeen = ideasSide?.seen ?? (await shownNow('.results__ideas'));
        const themesSeen = themesSide?.seen ?? (await shownNow('.results__themes'));
        // Ranked ideas (or, on the last page, the count of those without votes) beside the themes.
        expect(
          await p.locator('.results__ideas .paged-wall__cols .results__item').count(),
        ).toBeGreaterThan(0);
        expect((await shownNow('.results__themes')).size).toBeGreaterThan(0);
        expect([...rankedTexts].filter((t) => !ideasSeen.has(t))).toEqual([]);
        if (unvoted > 0) {
          await p
            .locator('.results__ideas .paged-wall__cols .results__unvoted', {
              hasText: `+${unvoted} ideas without votes`,
            })
            .waitFor();
        }
        const themeCount = results?.clusters.length ?? 0;
        expect(themeCount).toBe(themes.length);
        expect(themes.filter((t) => !themesSeen.has(t))).toEqual([]);
        console.info(
          `results round ${round} ${size.width}×${size.height}: ${rankedTexts.size} ranked ideas (+${unvoted} without votes) on ${ideasSide?.pages ?? 1} pages, ${themeCount} themes on ${themesSide?.pages ?? 1}, smallest text ${now.minFontPx.toFixed(1)} px`,
        );
        await screenshot(p, SUITE, `results-round${round}-${size.width}`);
        violations.push(...(await seriousA11yViolations(p, `results ${round} ${size.width}`)));
      }
    };
    await checkResults(1, /^Results — Round 1$/);

    // 5. A second round on a shortlist of the top 10 (ties at the cut included): the wall says so.
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'cluster' })).ok).toBe(true);
    expect((await emitAck(fac, 'vote:configure', { questionId, topN: 10 })).ok).toBe(true);
    await openVote();
    const open2 = readRounds(facDoc.doc).find(
      (r) => r.questionId === questionId && r.status === 'open',
    );
    const shortlist = open2?.candidates ?? [];
    expect(shortlist.length).toBeGreaterThanOrEqual(10);
    expect(shortlist.length).toBeLessThan(80);
    await voteRound(shortlist);
    await checkResults(
      2,
      new RegExp(`^Results — Round 2 · on a shortlist of ${shortlist.length} ideas$`),
    );

    expect(violations).toEqual([]);
  });
});
