import path from 'node:path';
import {
  type CreatedWorkshop,
  createCluster,
  readClusters,
  readDebate,
  readIdeas,
} from '@convene/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
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
  emitAck,
  yjsRoundTrip,
} from '../helpers/testServer.ts';

/**
 * Points of debate (issue 13, section 3) in Chromium, at room size (16 people, 80 ideas of the
 * "Applying Sustaining Peace" fixture): the facilitator marks an idea and a cluster contested
 * from the keyboard, the rapporteur sees both marks, marks another idea and writes the
 * question's "Points of debate" note, and the projector shows none of it until the facilitator
 * spotlights the idea, then the cluster. Screenshots at 1920×1080 and 1280×720; axe clean.
 */

const SUITE = 'points-of-debate';
const BIG = { width: 1920, height: 1080 };
const SMALL = { width: 1280, height: 720 };

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

/** Polls as a person waits for a screen: long enough for a loaded machine to render 80 cards. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

async function open(url: string, viewport: { width: number; height: number }, locale = 'en-GB') {
  const context = await browser.newContext({ viewport, locale });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Tabs to `target` (at most `max` presses): the keyboard path, not a click. */
async function tabTo(page: Page, selector: string, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const there = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    if (there) return;
  }
  throw new Error(`${selector} not reached by Tab`);
}

describe('points of debate at room size', () => {
  test('facilitator marks, rapporteur writes, projector shows only what is spotlit', async () => {
    const fixture = loadFixture();
    const ideas = fixture.workshops
      .flatMap((w) => w.questions.flatMap((q) => q.ideas))
      .slice(0, 80);
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
    const ids: string[] = [];
    for (const [k, idea] of ideas.entries()) {
      const reply = await emitAck<{ ok: boolean; ideaId: string }>(
        people[k % 16] as (typeof people)[number],
        'idea:submit',
        { questionId, text: idea.text, ...(idea.actor ? { actor: idea.actor } : {}) },
      );
      expect(reply.ok).toBe(true);
      ids.push(reply.ideaId);
    }
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'cluster' })).ok).toBe(true);
    // The room's themes, as a facilitator made them; the first idea stays unclustered.
    const writer = await connectDoc(server.url, w.id, w.facilitatorToken);
    const labels = [...new Set(ideas.slice(1).map((i) => i.cluster ?? 'Other'))].slice(0, 8);
    writer.doc.transact(() => {
      labels.forEach((label, position) => {
        createCluster(
          writer.doc,
          { id: `theme${position}`, questionId, label: label.slice(0, 100), position },
          ideas.flatMap((i, k) =>
            k > 0 && (i.cluster ?? 'Other') === label ? [ids[k] as string] : [],
          ),
        );
      });
    });
    await yjsRoundTrip(writer.provider);
    const themeLabel = labels[0]?.slice(0, 100) as string;
    const contestedIdea = ideas[0]?.text as string;
    const contestedId = ids[0] as string;
    const live = <T>(read: (doc: import('yjs').Doc) => T) =>
      server.app().rooms.with(w.id, (r) => read(r.doc));

    const facPage = await open(w.links.facilitator, BIG);
    const errors = watchErrors(facPage, 'facilitator');
    const projectors = await Promise.all([
      open(w.links.projector, BIG),
      open(w.links.projector, SMALL),
    ]);
    const violations: unknown[] = [];

    // 1. The facilitator marks the idea, from the keyboard: More actions → Views differed… →
    //    the note → Enter.
    const card = facPage.locator(`li[data-idea-id="${contestedId}"]`);
    await card.waitFor();
    await card.getByRole('button', { name: /^More actions:/ }).focus();
    await facPage.keyboard.press('Enter');
    await tabTo(facPage, `button[aria-label^="Views differed: "]`);
    await facPage.keyboard.press('Enter');
    await facPage.keyboard.type('Some wanted one pooled fund, others country funds');
    await facPage.keyboard.press('Enter');
    await poll(() => live((d) => readIdeas(d).find((i) => i.id === contestedId)?.contested)).toBe(
      true,
    );
    await poll(() => card.locator('.contest').textContent()).toContain('Views differed');
    expect(await card.locator('.contest__note').textContent()).toBe(
      'Some wanted one pooled fund, others country funds',
    );

    // 2. …and a cluster: its ⇄ button opens the same form.
    const theme = facPage.getByRole('button', { name: `Views differed: ${themeLabel}` });
    await theme.focus();
    await facPage.keyboard.press('Enter');
    await facPage.keyboard.type('Pooled or bilateral: the room split');
    await facPage.keyboard.press('Enter');
    await poll(() => live((d) => readClusters(d).find((c) => c.id === 'theme0')?.contestNote)).toBe(
      'Pooled or bilateral: the room split',
    );
    await poll(() => facPage.locator('.cluster .contest').count()).toBeGreaterThan(0);
    for (const size of [BIG, SMALL]) {
      await facPage.setViewportSize(size);
      await screenshot(facPage, SUITE, `facilitator-${size.width}`);
    }
    await facPage.setViewportSize(BIG);
    violations.push(...(await seriousA11yViolations(facPage, 'facilitator')));

    // 3. The projector shows no mark while nothing is spotlit.
    for (const p of projectors) {
      await poll(() => p.locator('.cluster-wall__label, .wall__idea').count()).toBeGreaterThan(0);
      expect(await p.locator('.contest').count()).toBe(0);
      expect(await p.content()).not.toContain('pooled fund, others');
    }

    // 4. The rapporteur sees both marks, marks another idea and writes the points of debate.
    const rap = await open(w.links.rapporteur, SMALL);
    const rapErrors = watchErrors(rap, 'rapporteur');
    await rap.getByLabel('Points of debate').waitFor();
    await poll(() => rap.locator('.contest').count()).toBe(2);
    expect(await rap.getByText('2 items where views differed').count()).toBe(1);
    const other = ideas[1]?.text as string;
    await rap.getByRole('button', { name: `Views differed: ${other.slice(0, 60)}` }).click();
    await rap.getByLabel('Positions, in one line (no names)').fill('Timing of the reform');
    await rap.getByRole('button', { name: 'Mark: views differed' }).click();
    await poll(() => live((d) => readIdeas(d).find((i) => i.id === ids[1])?.contestNote)).toBe(
      'Timing of the reform',
    );
    const debate = rap.getByLabel('Points of debate');
    await debate.click();
    await rap.keyboard.type('Whether prevention money should be pooled or earmarked by country.');
    await poll(() => live((d) => readDebate(d, questionId))).toBe(
      'Whether prevention money should be pooled or earmarked by country.',
    );
    for (const size of [SMALL, BIG]) {
      await rap.setViewportSize(size);
      await screenshot(rap, SUITE, `rapporteur-${size.width}`);
      // What the rapporteur sees of the question at a glance (the full page is 80 cards long).
      await rap.locator('h2').first().scrollIntoViewIfNeeded();
      await rap.screenshot({
        path: path.join(ARTIFACTS_DIR, SUITE, `rapporteur-${size.width}-view.png`),
      });
    }
    violations.push(...(await seriousA11yViolations(rap, 'rapporteur')));
    // The rapporteur unmarks it again: the mark and its note go.
    await rap.getByRole('button', { name: `Views differed: ${other.slice(0, 60)}` }).click();
    await rap.getByRole('button', { name: 'Remove the mark' }).click();
    await poll(() => live((d) => readIdeas(d).find((i) => i.id === ids[1])?.contested)).toBe(false);

    // 5. Spotlit, the idea shows its mark and note on the projector; then the cluster.
    await card.getByRole('button', { name: `Spotlight: ${contestedIdea.slice(0, 60)}` }).click();
    for (const [k, p] of projectors.entries()) {
      await p.locator('.spotlight .contest').waitFor();
      expect(await p.locator('.spotlight .contest__note').textContent()).toBe(
        'Some wanted one pooled fund, others country funds',
      );
      await screenshot(p, SUITE, `projector-idea-${k === 0 ? BIG.width : SMALL.width}`);
      violations.push(...(await seriousA11yViolations(p, `projector ${k}`)));
    }
    await facPage.getByRole('button', { name: `Spotlight: ${themeLabel}` }).click();
    for (const [k, p] of projectors.entries()) {
      await poll(() => p.locator('.spotlight__title').textContent()).toBe(themeLabel);
      expect(await p.locator('.spotlight .contest__note').textContent()).toBe(
        'Pooled or bilateral: the room split',
      );
      // Nothing spills off the screen at either size.
      const spill = await p.evaluate(
        () =>
          [...document.querySelectorAll('.spotlight *')].filter(
            (e) => e.getBoundingClientRect().right > innerWidth + 0.5,
          ).length,
      );
      expect(spill).toBe(0);
      await screenshot(p, SUITE, `projector-cluster-${k === 0 ? BIG.width : SMALL.width}`);
    }
    // Spotlight off: the mark leaves the wall again.
    await facPage.getByRole('button', { name: `Spotlight: ${themeLabel}` }).click();
    for (const p of projectors) await poll(() => p.locator('.contest').count()).toBe(0);

    // The collecting view (before clustering) shows the mark on its cards too, one line of
    // actions per card.
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'submit' })).ok).toBe(true);
    const collected = facPage.locator('.idea-list--grid .idea').first();
    await collected.locator('.contest').waitFor();
    // Every card not marked keeps its actions on one line (the marked one also offers ⇄).
    const rows = await facPage.evaluate(() =>
      [...document.querySelectorAll('.idea-list--grid .idea-actions__row')]
        .filter((r) => !r.closest('.idea')?.querySelector('.contest'))
        .map((r) => {
          const tops = new Set(
            [...r.children].map((c) => Math.round(c.getBoundingClientRect().top)),
          );
          return tops.size;
        }),
    );
    for (const size of [BIG, SMALL]) {
      await facPage.setViewportSize(size);
      await screenshot(facPage, SUITE, `facilitator-collecting-${size.width}`);
    }
    expect(rows).toHaveLength(79);
    expect(Math.max(...rows)).toBe(1);
    expect(await collected.getByRole('button', { name: /^Views differed: / }).count()).toBe(1);
    violations.push(...(await seriousA11yViolations(facPage, 'facilitator collecting')));
    expect((await emitAck(fac, 'phase:set', { questionId, phase: 'cluster' })).ok).toBe(true);

    // 6. In French and Spanish.
    const fr = await open(w.links.rapporteur, SMALL, 'fr-FR');
    await fr.getByLabel('Points de débat').waitFor();
    await poll(() => fr.locator('.contest__mark').first().textContent()).toContain('Avis partagés');
    expect(await fr.getByText('2 éléments sur lesquels les avis ont divergé').count()).toBe(1);
    violations.push(...(await seriousA11yViolations(fr, 'rapporteur fr')));
    const es = await open(w.links.facilitator, SMALL, 'es-ES');
    await poll(() => es.locator('.contest__mark').first().textContent()).toContain(
      'Opiniones divididas',
    );
    await screenshot(es, SUITE, 'facilitator-es-1280');
    violations.push(...(await seriousA11yViolations(es, 'facilitator es')));

    expect(violations).toEqual([]);
    expect([...errors, ...rapErrors]).toEqual([]);
  }, 180_000);
});
