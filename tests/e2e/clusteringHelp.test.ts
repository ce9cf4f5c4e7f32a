import path from 'node:path';
import type { CreatedWorkshop, WorkshopArchive } from '@convene/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type A11yViolation,
  ARTIFACTS_DIR,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  watchErrors,
} from '../helpers/browser.ts';
import { fixtureArchive, loadFixture } from '../helpers/fixtureBoard.ts';

/**
 * Clustering help in the facilitator's browser (issue 13, section 2): "may belong here",
 * near-duplicates, suggested groups accepted whole or in part as one undoable step, name
 * suggestions; the participant's "similar ideas" hint on a phone; what the help saves, counted
 * in a person's actions.
 */

const SUITE = 'clustering-help';
const FULL_HD = { width: 1920, height: 1080 };
const LAPTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One question of ideas, every one unclustered, the question in its clustering phase. */
function boardOf(
  ideas: { text: string; actor: string | null; nextStep: string | null }[],
  phase: 'cluster' | 'submit' = 'cluster',
  mode: 'open' | 'hidden' = 'open',
): WorkshopArchive {
  const base = fixtureArchive(0);
  return {
    ...base,
    workshop: { ...base.workshop, title: 'Clustering help' },
    participantCount: 16,
    questions: [
      {
        id: 'qh',
        position: 0,
        prompt: 'What should the UN system do differently to sustain peace?',
        plannedMinutes: 40,
        actualMinutes: 0,
        phase,
        mode,
        notes: '',
        clusters: [],
        ideas: ideas.map((i, n) => ({
          id: `idea-${n}`,
          seq: n + 1,
          text: i.text,
          actor: i.actor,
          nextStep: i.nextStep,
          clusterId: null,
          status: 'visible' as const,
          mergedInto: null,
          createdAt: '2017-03-23T10:00:00.000Z',
        })),
        rounds: [],
      },
    ],
  };
}

/** 80 fixture ideas (the first questions of the series, whole, then part of the next). */
function eightyIdeas() {
  const fixture = loadFixture();
  const all = fixture.workshops.flatMap((w) => w.questions.flatMap((q) => q.ideas));
  return all.slice(0, 80);
}

/**
 * The ideas of fixture questions (`[workshop, question]` pairs; one question is ~15 ideas) on one
 * board, and the themes their rapporteurs recorded.
 */
function fixtureQuestions(pairs: readonly (readonly [number, number])[]) {
  const fixture = loadFixture();
  const ideas = pairs.flatMap(([w, q]) => {
    const question = fixture.workshops[w]?.questions[q];
    if (!question) throw new Error('no such fixture question');
    return question.ideas;
  });
  const themes = new Map<string, string[]>();
  for (const i of ideas) {
    if (i.cluster) themes.set(i.cluster, [...(themes.get(i.cluster) ?? []), i.text]);
  }
  return {
    ideas,
    themes: [...themes].map(([label, texts]) => ({ label, texts })),
    loose: ideas.filter((i) => !i.cluster).map((i) => i.text),
  };
}

describe('clustering help', () => {
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  beforeAll(async () => {
    // The all-questions variant (SOAK) imports 36 workshops from one address, past the
    // creation limit's burst of 20.
    server = await startWebServer({ limits: { createWorkshop: { burst: 100, perSecond: 1 } } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function importWorkshop(archive: WorkshopArchive): Promise<CreatedWorkshop> {
    const res = await fetch(`${server.url}/api/workshops/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(archive),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as CreatedWorkshop;
  }
  async function openPage(url: string, viewport: typeof FULL_HD, locale = 'en-GB') {
    const context = await browser.newContext({ viewport, locale, hasTouch: viewport === PHONE });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchErrors(page, `${url.split('/')[3]} ${locale}`));
    // Long tasks of the main thread, kept from the first script on (Chromium reports them).
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    return page;
  }
  async function openBoard(url: string, viewport = FULL_HD, locale = 'en-GB') {
    const page = await openPage(url, viewport, locale);
    await page.locator('.cluster-board').waitFor();
    await page.locator('section.facilitator__board').evaluate((el) => el.scrollIntoView());
    return page;
  }
  const cardOf = (page: Page, text: string) =>
    page.locator('.board-card').filter({
      has: page.locator('.idea__text', { hasText: new RegExp(`^${escapeRe(text)}$`) }),
    });
  const themeOf = (page: Page, label: string) =>
    page.getByRole('region', { name: new RegExp(`^${escapeRe(label)} \\(\\d+\\)$`) });
  const help = (page: Page) => page.locator('#sense-help');
  const groupsOf = (page: Page) => help(page).locator('.sense__group');
  const poolCount = (page: Page) => page.locator('.board__pool .board-card').count();

  /** The board's clusters as the server's JSON export has them: label → sorted texts. */
  async function exported(w: CreatedWorkshop) {
    const res = await fetch(`${server.url}/api/workshops/${w.id}/export?format=json`, {
      headers: { authorization: `Bearer ${w.facilitatorToken}` },
    });
    const body = (await res.json()) as WorkshopArchive;
    const q = body.questions[0];
    if (!q) return [];
    return q.clusters
      .map((c) => ({
        label: c.label,
        texts: q.ideas
          .filter((i) => i.clusterId === c.id)
          .map((i) => i.text)
          .sort(),
      }))
      .filter((c) => c.texts.length > 0)
      .sort((a, b) => a.label.localeCompare(b.label));
  }

  test('80 ideas: suggestions load without a long task, accept in part is one undo step, duplicates merge, may-belong adds, names apply; EN/FR/ES, axe, 1920 and 1280', {
    timeout: 240_000,
  }, async () => {
    const ideas = eightyIdeas();
    const w = await importWorkshop(boardOf(ideas));
    const fac = await openBoard(w.links.facilitator);
    await expect.poll(() => poolCount(fac)).toBe(80);
    await expect(help(fac).getByRole('heading', { name: 'Clustering help' }).count()).resolves.toBe(
      1,
    );

    // Suggestions on request; the page stays interactive while they load.
    const before = await fac.evaluate(() => performance.now());
    await help(fac).getByRole('button', { name: 'Suggest groups' }).click();
    await groupsOf(fac).first().waitFor();
    // A frame after the suggestions are on screen: their own render is part of the load.
    await fac.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    const longTasks = await fac.evaluate(
      (since) =>
        (
          window as unknown as { __longTasks: { start: number; duration: number }[] }
        ).__longTasks.filter((t) => t.start + t.duration >= since),
      before,
    );
    const worst = Math.max(0, ...longTasks.map((t) => t.duration));
    console.info(
      `suggestions for 80 ideas: ${await groupsOf(fac).count()} groups, longest main-thread task while loading ${worst.toFixed(0)} ms`,
    );
    expect(worst).toBeLessThan(100);
    // Positive control: the observer does see a 150 ms task of this page.
    await fac.evaluate(
      () =>
        new Promise<void>((done) =>
          setTimeout(() => {
            const end = performance.now() + 150;
            while (performance.now() < end) {
              // busy on purpose
            }
            done();
          }),
        ),
    );
    await expect
      .poll(() =>
        fac.evaluate(() =>
          Math.max(
            0,
            ...(window as unknown as { __longTasks: { duration: number }[] }).__longTasks.map(
              (t) => t.duration,
            ),
          ),
        ),
      )
      .toBeGreaterThanOrEqual(140);
    // Nothing moved by itself.
    expect(await poolCount(fac)).toBe(80);
    expect(await fac.locator('.board__themes .cluster').count()).toBe(0);
    await fac.screenshot({
      path: path.join(ARTIFACTS_DIR, 'facilitator-suggestions-1920.png'),
      animations: 'disabled',
    });
    await screenshot(fac, SUITE, '1-suggestions-1920');

    // Accept the first suggestion in part, from the keyboard: untick its last idea, Enter.
    const first = groupsOf(fac).first();
    const boxes = first.getByRole('checkbox');
    const n = await boxes.count();
    expect(n).toBeGreaterThanOrEqual(2);
    const name = await first.getByRole('textbox').inputValue();
    expect(name.length).toBeGreaterThan(0);
    const dropped = boxes.nth(n - 1);
    await dropped.focus();
    await fac.keyboard.press('Space');
    expect(await dropped.isChecked()).toBe(false);
    const accept = first.getByRole('button', { name: /^Accept \(/ });
    await accept.focus();
    await fac.keyboard.press('Enter');
    const made = themeOf(fac, name);
    await expect.poll(() => made.locator('.board-card').count()).toBe(n - 1);
    expect(await poolCount(fac)).toBe(80 - (n - 1));
    await expect
      .poll(() => fac.locator('.cluster-board > p[aria-live]').textContent())
      .toBe(`Cluster “${name}” made with ${n - 1} ideas`);
    // Focus has moved on to the next suggestion's name; one Ctrl+Z from there takes the whole
    // suggestion back: no cluster, every idea in the pool.
    await expect
      .poll(() => fac.evaluate(() => document.activeElement?.className ?? ''))
      .toContain('sense__group-name');
    await fac.keyboard.press('Control+z');
    await expect.poll(() => fac.locator('.board__themes .cluster').count()).toBe(0);
    expect(await poolCount(fac)).toBe(80);
    await fac.keyboard.press('Control+y');
    await expect.poll(() => made.locator('.board-card').count()).toBe(n - 1);

    // The accepted cluster is the one being worked on: ideas that may belong, one action each.
    const working = help(fac).locator('.sense__working');
    await expect.poll(() => working.getByRole('heading').textContent()).toBe(`Working on: ${name}`);
    const add = working.getByRole('button', { name: new RegExp(`^Add to ${escapeRe(name)}: `) });
    await expect.poll(() => add.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await add.first().click();
    await expect.poll(() => made.locator('.board-card').count()).toBe(n);
    expect(await poolCount(fac)).toBe(80 - n);
    // The keyboard keeps its place: the added idea's button is gone, the focus is on the next
    // candidate's (not back at the start of the page).
    await expect
      .poll(() => fac.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''))
      .toMatch(new RegExp(`^Add to ${escapeRe(name)}: `));

    // Dismissing a suggestion moves nothing.
    const groupsBefore = await groupsOf(fac).count();
    await groupsOf(fac)
      .first()
      .getByRole('button', { name: /^Dismiss the suggestion/ })
      .click();
    await expect.poll(() => groupsOf(fac).count()).toBe(groupsBefore - 1);
    expect(await poolCount(fac)).toBe(80 - n);

    // A suggestion that is more of the cluster worked on is added to it whole, in one step that
    // one Ctrl+Z takes back.
    const more = groupsOf(fac).first();
    const size = await more.getByRole('checkbox').count();
    const into = more.getByRole('button', {
      name: new RegExp(`^Add ${size} ideas to ${escapeRe(name)} \\(suggestion “`),
    });
    await into.scrollIntoViewIfNeeded();
    await screenshot(fac, SUITE, '2b-add-suggestion-to-cluster-1920');
    await into.click();
    await expect.poll(() => made.locator('.board-card').count()).toBe(n + size);
    expect(await poolCount(fac)).toBe(80 - n - size);
    await expect
      .poll(() => fac.locator('.cluster-board > p[aria-live]').textContent())
      .toBe(`${size} ideas added to “${name}”`);
    await expect
      .poll(() => fac.evaluate(() => document.activeElement?.className ?? ''))
      .toContain('sense__group-name');
    await fac.keyboard.press('Control+z');
    await expect.poll(() => made.locator('.board-card').count()).toBe(n);
    expect(await poolCount(fac)).toBe(80 - n);

    // A cluster made by hand gets a name suggestion, used in one action.
    const pool = fac.locator('.board__pool .board-card .idea__text');
    const [a, b] = [await pool.nth(0).textContent(), await pool.nth(1).textContent()];
    await fac.getByLabel(`Select: ${(a ?? '').slice(0, 60).trimEnd()}`).check();
    await fac.getByLabel(`Select: ${(b ?? '').slice(0, 60).trimEnd()}`).check();
    await fac.getByRole('button', { name: 'Make a cluster of the selection' }).click();
    await fac.keyboard.press('Enter');
    const useName = working.getByRole('button', { name: /^Use this name for Untitled cluster: / });
    await useName.waitFor();
    const suggested = (await working.locator('.sense__name strong').textContent()) ?? '';
    await useName.click();
    await expect.poll(() => themeOf(fac, suggested).count()).toBe(1);
    // Keyboard: tabbing into another cluster makes it the one worked on.
    await themeOf(fac, name).locator('.cluster__label').focus();
    await expect.poll(() => working.getByRole('heading').textContent()).toBe(`Working on: ${name}`);
    // While its first candidates are on their way the list says so, never shows nothing.
    expect(
      await working.evaluate(
        (el) =>
          el.querySelectorAll('.sense__candidate').length > 0 ||
          (el.textContent ?? '').includes('Looking for suggestions') ||
          (el.textContent ?? '').includes('No unclustered idea'),
      ),
    ).toBe(true);

    // Near-duplicates of the fixture are flagged; one action merges them (both texts kept).
    const pairs = help(fac).locator('.sense__pair');
    await expect.poll(() => pairs.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const cardsBefore = await fac.locator('.board-card').count();
    await pairs
      .first()
      .getByRole('button', { name: /^Merge “/ })
      .click();
    await expect.poll(() => fac.locator('.board-card').count()).toBe(cardsBefore - 1);
    // The merged pair is gone; the focus stays in the help (the next pair, or its title).
    await expect
      .poll(() => fac.evaluate(() => Boolean(document.activeElement?.closest('.board__help'))))
      .toBe(true);
    await screenshot(fac, SUITE, '2-after-actions-1920');

    const violations: A11yViolation[] = [];
    violations.push(...(await seriousA11yViolations(fac, 'help en 1920')));

    // The same board at 1280×720 and in French and Spanish, suggestions shown.
    for (const [locale, viewport, label] of [
      ['fr-FR', LAPTOP, 'Suggérer des groupes'],
      ['es-ES', LAPTOP, 'Sugerir grupos'],
      ['en-GB', LAPTOP, 'Suggest groups'],
    ] as const) {
      const other = await openBoard(w.links.facilitator, viewport, locale);
      await help(other).getByRole('button', { name: label }).click();
      await groupsOf(other).first().waitFor();
      // A cluster worked on: each suggestion also offers to add its ideas to it.
      await themeOf(other, name).locator('.cluster__label').focus();
      const into = groupsOf(other).first().locator('.sense__into');
      await into.waitFor();
      violations.push(...(await seriousA11yViolations(other, `help ${locale} 1280`)));
      await other.screenshot({
        path: path.join(ARTIFACTS_DIR, SUITE, `3-suggestions-1280-${locale}.png`),
        animations: 'disabled',
      });
      await into.scrollIntoViewIfNeeded();
      await other.screenshot({
        path: path.join(ARTIFACTS_DIR, SUITE, `3b-add-to-cluster-1280-${locale}.png`),
        animations: 'disabled',
      });
      // Three columns fit the laptop: nothing sticks out sideways, each area scrolls itself.
      const overflow = await other.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const box = await help(other).boundingBox();
      expect(box && box.x + box.width <= viewport.width).toBe(true);
    }
    expect(violations).toEqual([]);

    // Closing the help gives the board its two columns back.
    await fac.getByRole('button', { name: 'Clustering help', exact: true }).click();
    expect(await help(fac).count()).toBe(0);
    await fac.getByRole('button', { name: 'Clustering help', exact: true }).click();
    await help(fac).waitFor();
    expect(errors.flat().filter((e) => !/WebSocket connection|Failed to load/.test(e))).toEqual([]);
  });

  /**
   * Clusters one fixture question into its human themes through the facilitator's UI twice, by
   * hand and with the help, and counts a person's actions in each run.
   */
  async function measureSaving(questions: readonly (readonly [number, number])[], shot: boolean) {
    const { ideas, themes, loose } = fixtureQuestions(questions);
    const expected = themes
      .map((t) => ({ label: t.label, texts: [...t.texts].sort() }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const themeOfText = new Map(themes.flatMap((t) => t.texts.map((x) => [x, t.label] as const)));

    /** A person's actions: each click, key press, typed name and drag counts one. */
    const counter = () => {
      const log: string[] = [];
      return { log, act: (what: string) => log.push(what) };
    };
    /** Brings an element into view in its own scrolling area if it is not (one action). */
    const reveal = async (el: Locator, act: (w: string) => void) => {
      const hidden = await el.evaluate((node) => {
        const area = node.closest('.board__scroll');
        if (!area) return false;
        const a = area.getBoundingClientRect();
        const r = node.getBoundingClientRect();
        if (r.top >= a.top && r.bottom <= a.bottom && r.bottom <= window.innerHeight) return false;
        (area as HTMLElement).scrollTop += r.top - a.top - Math.max(0, (a.height - r.height) / 2);
        return true;
      });
      if (hidden) act('scroll an area');
    };
    const dragOnto = async (page: Page, act: (w: string) => void, from: Locator, to: Locator) => {
      await reveal(from, act);
      await reveal(to, act);
      const a = await from.locator('.idea__text').boundingBox();
      const b = await to.boundingBox();
      if (!a || !b) throw new Error('nothing to drag or nowhere to drop');
      await page.mouse.move(a.x + a.width / 2, a.y + Math.min(a.height / 2, 12));
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 14), { steps: 12 });
      await page.mouse.up();
    };
    /** Builds a theme by hand: a card dropped on a card, the name typed, the rest dragged. */
    const byHand = async (
      page: Page,
      act: (w: string) => void,
      label: string,
      texts: readonly string[],
    ) => {
      const [one, two, ...rest] = texts;
      if (!one) return;
      const region = themeOf(page, label);
      if (two) {
        await dragOnto(page, act, cardOf(page, two), cardOf(page, one));
        act('drag');
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.className ?? ''))
          .toContain('cluster__label');
        await page.keyboard.type(label);
        act('type the name');
        await page.keyboard.press('Enter');
        act('Enter');
        await expect.poll(() => region.locator('.board-card').count()).toBe(2);
      }
      for (const text of rest) {
        const had = await region.locator('.board-card').count();
        // A drop that misses (on a busy machine the area may still be settling from a scroll)
        // is made again, as a person would, and counted again.
        for (let attempt = 0; ; attempt++) {
          await dragOnto(page, act, cardOf(page, text), region.locator('.cluster__label'));
          act('drag');
          const landed = await expect
            .poll(() => region.locator('.board-card').count(), { timeout: 3_000 })
            .toBe(had + 1)
            .then(() => true)
            .catch(() => false);
          if (landed) break;
          if (attempt === 2) throw new Error(`three drags of “${text.slice(0, 40)}” missed`);
        }
      }
    };

    // 1. By hand, the help closed.
    // The board is read back through the JSON export; under the Chatham House Rule an idea
    // that names someone ("As Jonas said…", one fixture question) holds the export until the
    // name check is settled, which is not what this test measures.
    const board = () => {
      const b = boardOf(ideas);
      return { ...b, workshop: { ...b.workshop, chathamHouse: false } };
    };
    const handW = await importWorkshop(board());
    const hand = await openBoard(handW.links.facilitator);
    await hand.getByRole('button', { name: 'Clustering help', exact: true }).click();
    await expect.poll(() => help(hand).count()).toBe(0);
    const h = counter();
    for (const theme of themes) await byHand(hand, h.act, theme.label, theme.texts);
    await expect.poll(() => exported(handW), { timeout: 10_000 }).toEqual(expected);

    // 2. With the help: accept what the suggestions get right, fix the rest by hand.
    const helpW = await importWorkshop(board());
    // Opening the help again on this device (it remembers the facilitator's choice).
    const withHelp = await openBoard(helpW.links.facilitator);
    const toggle = withHelp.getByRole('button', { name: 'Clustering help', exact: true });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const s = counter();
    await help(withHelp).getByRole('button', { name: 'Suggest groups' }).click();
    s.act('click Suggest groups');
    await groupsOf(withHelp).first().waitFor();
    const made = new Set<string>();
    /**
     * Completes a theme being worked on: a suggestion holding two or more of its missing ideas
     * is added to it whole (its other ideas unticked), otherwise one idea at a time from "may
     * belong here", or by drag when it is not listed.
     */
    const complete = async (label: string) => {
      const all = themes.find((t) => t.label === label)?.texts ?? [];
      const region = themeOf(withHelp, label);
      for (let step = 0; step < 40; step++) {
        const inside = await region.locator('.idea__text').allTextContents();
        const want = all.filter((x) => !inside.includes(x));
        const [text] = want;
        if (!text) return;
        let used = false;
        const groups = groupsOf(withHelp);
        for (let g = 0, n = await groups.count(); g < n && !used; g++) {
          const group = groups.nth(g);
          const texts = await group.locator('.sense__idea .sense__text').allTextContents();
          if (texts.filter((x) => want.includes(x)).length < 2) continue;
          for (const [i, x] of texts.entries()) {
            if (want.includes(x)) continue;
            const box = group.getByRole('checkbox').nth(i);
            await reveal(box, s.act);
            await box.uncheck();
            s.act('untick');
          }
          const into = group.getByRole('button', { name: /^Add \d+ ideas? to .+ \(suggestion “/ });
          await reveal(into, s.act);
          await into.click();
          s.act('click Add to the cluster');
          used = true;
        }
        if (used) {
          await expect
            .poll(() => region.locator('.board-card').count())
            .toBeGreaterThan(inside.length + 1);
          continue;
        }
        const add = help(withHelp)
          .locator('.sense__working .sense__candidate')
          .filter({ has: withHelp.locator('.sense__text', { hasText: text }) })
          .getByRole('button');
        // The list follows the board a moment after each move.
        const listed = await add
          .waitFor({ timeout: 2_000 })
          .then(() => true)
          .catch(() => false);
        if (listed) await reveal(add, s.act);
        const added =
          listed &&
          (await add
            .click({ timeout: 2_000 })
            .then(() => true)
            .catch(() => false));
        if (added) {
          s.act('click Add');
        } else {
          await dragOnto(
            withHelp,
            s.act,
            cardOf(withHelp, text),
            region.locator('.cluster__label'),
          );
          s.act('drag');
        }
        await expect.poll(() => region.locator('.idea__text', { hasText: text }).count()).toBe(1);
      }
    };
    // Each suggestion in turn (the list shrinks as groups are accepted).
    for (let k = 0; k < 20; k++) {
      const groups = groupsOf(withHelp);
      const count = await groups.count();
      let acted = false;
      for (let g = 0; g < count && !acted; g++) {
        const group = groups.nth(g);
        const texts = await group.locator('.sense__idea .sense__text').allTextContents();
        const votes = new Map<string, number>();
        for (const x of texts) {
          const theme = themeOfText.get(x);
          if (theme && !made.has(theme)) votes.set(theme, (votes.get(theme) ?? 0) + 1);
        }
        const best = [...votes].sort((a, b) => b[1] - a[1])[0];
        if (!best || best[1] < 2) continue;
        // The facilitator takes each suggestion that starts one of the room's themes (two of
        // its ideas or more), unticking what belongs elsewhere.
        const [label] = best;
        // The name first (the suggestion's name field may have the focus already), then
        // untick what belongs elsewhere, then accept.
        const nameBox = group.getByRole('textbox');
        if ((await nameBox.inputValue()) !== label) {
          const focused = await nameBox.evaluate((el) => el === document.activeElement);
          if (!focused) {
            await reveal(nameBox, s.act);
            await nameBox.click();
            s.act('click the name');
          }
          await withHelp.keyboard.type(label);
          s.act('type the name');
        }
        const wrong = texts.flatMap((x, i) => (themeOfText.get(x) !== label ? [i] : []));
        for (const i of wrong) {
          const box = group.getByRole('checkbox').nth(i);
          await reveal(box, s.act);
          await box.uncheck();
          s.act('untick');
        }
        if (wrong.length === 0 && (await nameBox.evaluate((el) => el === document.activeElement))) {
          await withHelp.keyboard.press('Enter');
          s.act('Enter (accept)');
        } else {
          const accept = group.getByRole('button', { name: /^Accept \(/ });
          await reveal(accept, s.act);
          await accept.click();
          s.act('click Accept');
        }
        await themeOf(withHelp, label).waitFor();
        made.add(label);
        acted = true;
        // The new cluster is being worked on: the rest of its ideas from the help.
        await complete(label);
      }
      if (!acted) break;
    }
    // Themes no suggestion started: two ideas by hand and the name, then the help as above.
    for (const theme of themes) {
      if (made.has(theme.label)) continue;
      await byHand(withHelp, s.act, theme.label, theme.texts.slice(0, 2));
      await complete(theme.label);
    }
    await expect.poll(() => exported(helpW), { timeout: 10_000 }).toEqual(expected);
    expect(await poolCount(withHelp)).toBe(loose.length);

    const perHand = h.log.length / ideas.length;
    const perHelp = s.log.length / ideas.length;
    // Naming costs the same in both runs (the name typed, then Enter, or a click into a
    // suggestion's name); the rest is what it took to put the ideas in place.
    const naming = (l: string) => l === 'type the name' || l === 'Enter' || l === 'click the name';
    const placing = (log: string[]) => log.filter((l) => !naming(l)).length;
    console.info(
      `clustering ${ideas.length} ideas into ${themes.length} themes — by hand: ${h.log.length} actions (${perHand.toFixed(2)} per idea; ${placing(h.log)} placing ideas); with the help: ${s.log.length} actions (${perHelp.toFixed(2)} per idea; ${placing(s.log)} placing ideas; ${made.size} themes from suggestions) [${s.log.join(', ')}]`,
    );
    if (shot) await screenshot(withHelp, SUITE, `4-clustered-with-help-${ideas.length}-ideas`);
    await hand.context().close();
    await withHelp.context().close();
    return {
      ideas: ideas.length,
      hand: h.log.length,
      help: s.log.length,
      handPlacing: placing(h.log),
      helpPlacing: placing(s.log),
    };
  }

  test('what the help saves: one fixture question clustered into its themes, by hand and with the help', {
    timeout: 240_000,
  }, async () => {
    const { hand, help } = await measureSaving([[0, 0]], true);
    expect(help).toBeLessThan(hand);
  });

  // Every question of the series, once (SOAK=1: some eight minutes): the figure the first
  // question stands for. Each run must reach the rapporteurs' themes (measureSaving checks the
  // exported board); the comparison is a figure to report in docs/performance.md, not asserted:
  // over the series the help saves few actions (305 with it, 308 by hand; 314 before groups were capped at three).
  test.runIf(Boolean(process.env.SOAK))(
    'what the help saves over all 18 fixture questions',
    {
      timeout: 1_800_000,
    },
    async () => {
      const fixture = loadFixture();
      let hand = 0;
      let help = 0;
      let ideas = 0;
      for (const [wi, w] of fixture.workshops.entries()) {
        for (const qi of w.questions.keys()) {
          const r = await measureSaving([[wi, qi]], false);
          hand += r.hand;
          help += r.help;
          ideas += r.ideas;
        }
      }
      console.info(
        `all questions, ${ideas} ideas — by hand: ${hand} actions (${(hand / ideas).toFixed(2)} per idea); with the help: ${help} actions (${(help / ideas).toFixed(2)} per idea)`,
      );
      expect(ideas).toBe(270);
    },
  );

  // At room size (SOAK=1): a board of 90 ideas, two workshops' six questions in one list, their
  // rapporteurs' themes to rebuild. The pool no longer fits the screen, so finding a card costs
  // scrolls by hand; the figure to set beside the one-question runs above.
  test.runIf(Boolean(process.env.SOAK))(
    'what the help saves on a room-size board: two workshops, 90 ideas, in one list',
    { timeout: 1_800_000 },
    async () => {
      const pairs = [0, 1].flatMap((w) => [0, 1, 2].map((q) => [w, q] as const));
      const r = await measureSaving(pairs, true);
      console.info(
        `room size, ${r.ideas} ideas — by hand: ${r.hand} actions (${(r.hand / r.ideas).toFixed(2)} per idea; ${r.handPlacing} placing); with the help: ${r.help} actions (${(r.help / r.ideas).toFixed(2)} per idea; ${r.helpPlacing} placing)`,
      );
      expect(r.ideas).toBe(90);
    },
  );

  test('participant: up to two similar ideas under the box in open mode, none in hidden mode (390×844, EN/FR/ES)', {
    timeout: 120_000,
  }, async () => {
    const ideas = eightyIdeas();
    const target = ideas[1];
    if (!target) throw new Error('fixture too small');
    const violations: A11yViolation[] = [];
    for (const [locale, title] of [
      ['en-GB', 'Similar ideas on the board — add yours if it says something different'],
      ['fr-FR', 'Idées semblables déjà au tableau — ajoutez la vôtre si elle dit autre chose'],
      ['es-ES', 'Ideas parecidas ya en el tablero: añada la suya si dice algo distinto'],
    ] as const) {
      const w = await importWorkshop(boardOf(ideas, 'submit', 'open'));
      const p = await openPage(`${server.url}/join/${w.joinCode}`, PHONE, locale);
      await p.locator('form').getByRole('button').click();
      await p.waitForURL(/\/participant\//);
      const box = p.locator('textarea').first();
      await box.waitFor();
      // The room's ideas are in this phone's doc before the draft is compared with them.
      await expect.poll(() => p.locator('.idea-list .idea').count()).toBeGreaterThan(70);
      // A draft in other words than an idea already on the board.
      await box.fill(
        'Build a few transition benchmarks into every mandate renewal, agreed with the host government',
      );
      const hint = p.locator('.similar-ideas__box');
      await hint.waitFor();
      expect(await hint.locator('.similar-ideas__title').textContent()).toBe(title);
      const shown = await hint.locator('li').allTextContents();
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.length).toBeLessThanOrEqual(2);
      expect(shown).toContain(target.text);
      violations.push(...(await seriousA11yViolations(p, `participant hint ${locale}`)));
      await box.scrollIntoViewIfNeeded();
      await p.screenshot({
        path: path.join(ARTIFACTS_DIR, SUITE, `5-participant-hint-${locale}.png`),
        animations: 'disabled',
      });
      // Emptied, the draft shows nothing.
      await box.fill('');
      await expect.poll(() => hint.count()).toBe(0);
    }
    // Hidden mode: the hint is not even in the page, however close the draft.
    const hidden = await importWorkshop(boardOf(ideas, 'submit', 'hidden'));
    const p = await openPage(`${server.url}/join/${hidden.joinCode}`, PHONE);
    await p.locator('form').getByRole('button').click();
    await p.waitForURL(/\/participant\//);
    const box = p.getByLabel('Your idea', { exact: true });
    await box.waitFor();
    await box.fill(target.text);
    expect(await p.locator('.similar-ideas').count()).toBe(0);
    // Positive control: the same screen in open mode has the hint's live region from the start.
    const open = await importWorkshop(boardOf(ideas, 'submit', 'open'));
    const q = await openPage(`${server.url}/join/${open.joinCode}`, PHONE);
    await q.locator('form').getByRole('button').click();
    await q.waitForURL(/\/participant\//);
    await q.getByLabel('Your idea', { exact: true }).waitFor();
    expect(await q.locator('.similar-ideas').count()).toBe(1);
    expect(violations).toEqual([]);
  });
});
