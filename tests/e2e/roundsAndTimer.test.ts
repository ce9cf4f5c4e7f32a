import type { CreatedWorkshop, Joined } from '@convene/shared';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type A11yViolation,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  startWebServer,
  watchErrors,
} from '../helpers/browser.ts';
import { type AckReply, closeClients, connectSocket, emitAck } from '../helpers/testServer.ts';

const SUITE = 'rounds';

const IDEAS = [
  'Reserve seats for women-led civil society in every mediation track, with a budget line.',
  'Fund local peace committees directly, not through capital-based NGOs.',
  'Hold mission consultations in local languages outside the capital, twice a year.',
  'Let young people co-chair the national dialogue working groups.',
  'Publish a yearly list of who was consulted, by region, so gaps are visible.',
];

const ok = (r: AckReply) => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r;
};

describe('issue 12, items 5–7 in the browser: the clock of a phase, a second round, ranks', () => {
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

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

  async function open(label: string, url: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchErrors(page, label));
    await page.goto(url);
    return page;
  }

  test('the projector drops the collecting clock at clustering and says "Round 2 — shortlist of 2"', async () => {
    const res = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Inclusivity and Community Participation',
        questions: [
          { prompt: 'Who is missing from peace processes?', plannedMinutes: 12 },
          { prompt: 'What should missions ask of donors?', plannedMinutes: 20 },
        ],
      }),
    });
    const w = (await res.json()) as CreatedWorkshop;
    const q = w.questions[0]?.id ?? '';
    const fac = await open('facilitator', w.links.facilitator, { width: 1440, height: 900 });
    const projector = await open('projector', w.links.projector, { width: 1920, height: 1080 });
    const phone = await open('phone', w.links.participant, { width: 390, height: 844 });
    await phone.getByRole('button', { name: 'Join' }).click();
    await phone.getByRole('heading', { name: /Who is missing/ }).waitFor();
    // Three more voters on sockets: the subject here is the screens, not the ballot.
    const voters: Socket[] = [];
    for (const name of ['alice', 'bob', 'carol']) {
      const j = (await (
        await fetch(`${server.url}/api/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ joinCode: w.joinCode, name }),
        })
      ).json()) as Joined;
      voters.push(await connectSocket(server.url, j.participantToken));
    }
    const [alice, bob, carol] = voters as [Socket, Socket, Socket];

    // The agenda's planned minutes prefill the timer; the clock runs while collecting.
    await fac.getByRole('button', { name: 'Collecting ideas' }).click();
    await expect.poll(() => fac.getByLabel('Minutes', { exact: true }).inputValue()).toBe('12');
    await fac.getByRole('button', { name: 'Start', exact: true }).click();
    await projector.getByRole('timer').waitFor();
    await projector.getByText('Time left').waitFor();
    const ids: string[] = [];
    for (const [i, text] of IDEAS.entries()) {
      const r = ok(await emitAck(voters[i % 3] as Socket, 'idea:submit', { questionId: q, text }));
      ids.push(String(r.ideaId));
    }
    await expect.poll(() => projector.locator('.wall__idea').count()).toBe(IDEAS.length);

    // Clustering: the collecting clock is gone from every screen, not just paused or hidden.
    await fac.getByRole('button', { name: 'Clustering', exact: true }).click();
    await projector.locator('.projector__phase .badge', { hasText: 'Clustering' }).waitFor();
    await expect.poll(() => projector.getByRole('timer').count()).toBe(0);
    expect(await projector.getByText('Time left').count()).toBe(0);
    await expect.poll(() => phone.getByRole('timer').count()).toBe(0);
    await expect.poll(() => fac.getByRole('timer').count()).toBe(0);
    await screenshot(projector, SUITE, '1-cluster-no-clock-1920');

    // Round 1: ideas 0 and 1 lead; ideas 2 and 3 tie on votes and supporters.
    await fac.getByRole('button', { name: 'Voting', exact: true }).click();
    await projector.locator('.projector__phase .badge', { hasText: 'Voting' }).waitFor();
    for (const [s, i] of [
      [alice, 0],
      [bob, 0],
      [carol, 0],
      [alice, 1],
      [bob, 1],
      [carol, 2],
      [alice, 3],
    ] as const) {
      ok(await emitAck(s, 'vote:cast', { ideaId: ids[i] }));
    }
    await fac.getByRole('button', { name: 'Results', exact: true }).click();
    await projector.locator('.results__item').first().waitFor();
    // Ranks 3 and 3 share their place; the label says so instead of "earlier idea first".
    await projector
      .getByText(/tied with 1 other idea: same votes and supporters/)
      .first()
      .waitFor();
    expect(await projector.getByText('tie on votes and supporters').count()).toBe(0);
    // The projector lays its results out in pages (PagedWall); these four fit on one.
    const ranks = await projector
      .locator('.results__ideas .paged-wall__cols .results__rank')
      .allTextContents();
    expect(ranks.slice(0, 4)).toEqual(['1', '2', '3', '3']);

    // Round 2 on the top 2, straight from Results.
    const violations: A11yViolation[] = [];
    violations.push(...(await seriousA11yViolations(fac, 'facilitator results')));
    await fac.getByLabel('Ideas on the next ballot (top N of this round)').fill('2');
    await screenshot(fac, SUITE, '2-facilitator-round-again');
    await fac.getByRole('button', { name: 'Another round on the top 2' }).click();
    await projector.getByText('Round 2 — shortlist of 2').waitFor();
    await phone.getByText('Round 2 — shortlist of 2').waitFor();
    // Only the shortlist is on the phone's ballot.
    await expect.poll(() => phone.getByRole('button', { name: /^Add a dot/ }).count()).toBe(2);
    await screenshot(projector, SUITE, '3-round2-vote-1920');
    await screenshot(phone, SUITE, '3-round2-phone');
    violations.push(...(await seriousA11yViolations(projector, 'projector round 2')));
    violations.push(...(await seriousA11yViolations(phone, 'phone round 2')));
    await projector.setViewportSize({ width: 1280, height: 720 });
    await screenshot(projector, SUITE, '3-round2-vote-1280');

    ok(await emitAck(bob, 'vote:cast', { ideaId: ids[1] }));
    await fac.getByRole('button', { name: 'Results', exact: true }).click();
    await projector
      .locator('.projector__phase .badge', { hasText: 'Round 2 — shortlist of 2' })
      .waitFor();
    await expect.poll(() => projector.locator('.results__item').count()).toBe(2);
    await phone.getByText('Round 2 — shortlist of 2').waitFor();
    await screenshot(projector, SUITE, '4-round2-results-1280');
    await projector.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(projector, SUITE, '4-round2-results-1920');

    // Round 3 on ideas the facilitator picks from round 2's results.
    await fac.getByText('Or pick the ideas for the next round').click();
    for (const i of [0, 1]) {
      // The pick list names each idea with its rank ("2. …"); the board's own "Select: …"
      // boxes are another control.
      await fac
        .getByRole('checkbox', { name: new RegExp(`^\\d+\\. ${IDEAS[i]?.slice(0, 30) ?? ''}`) })
        .check();
    }
    violations.push(...(await seriousA11yViolations(fac, 'facilitator pick ideas')));
    await screenshot(fac, SUITE, '5-facilitator-pick');
    await fac.getByRole('button', { name: 'Another round on 2 picked ideas' }).click();
    await projector.getByText('Round 3 — shortlist of 2').waitFor();
    await phone.getByText('Round 3 — shortlist of 2').waitFor();
    // The same labels in French and Spanish (projector, phone, and the facilitator's control).
    await projector.getByLabel('Language').selectOption('fr');
    await projector.getByText('Tour 3 — présélection de 2').waitFor();
    await phone.getByLabel('Language').selectOption('es');
    await phone.getByText('Ronda 3 — preselección de 2').waitFor();
    violations.push(...(await seriousA11yViolations(projector, 'projector fr')));
    violations.push(...(await seriousA11yViolations(phone, 'phone es')));
    await screenshot(projector, SUITE, '6-round3-fr-1920');
    expect(violations).toEqual([]);

    const unexpected = errors
      .flat()
      .filter(
        (e) => !/WebSocket connection|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e),
      );
    expect(unexpected).toEqual([]);
  });
});
