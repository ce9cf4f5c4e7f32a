import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, CLIENT_DIR, launchBrowser } from '../helpers/browser.ts';
import { conveneYjsUrl, RawYjsClient, relayUrl } from './lib/clients.ts';
import {
  type BenchWorkshop,
  participantsFor,
  seedRelayBoard,
  seedWorkshops,
} from './lib/convene.ts';
import { newDataDir, SERVER_LABEL, type ServerProcess, startServer } from './lib/proc.ts';
import { type BenchOptions, ms, num, Report, ratio } from './lib/report.ts';
import {
  logLogSlope,
  percentile,
  type Summary,
  settleHarness,
  sleep,
  summarize,
} from './lib/stats.ts';

/**
 * 4. Cold join: boards of 1,000 / 4,000 / 10,000 ideas. (a) Server path: a new client opens its
 * Yjs connection and receives the whole board (synced = the answer to its sync step 1, with every
 * idea in its doc), while the room is loaded — a latecomer — and for the first client of an
 * unloaded room. (b) Chromium: navigation to the projector and the participant page until every
 * idea is accounted for on screen and a frame has been drawn after it: on the participant page
 * every idea is in the list; on the projector the wall's first page is drawn and its footer
 * counts every idea (a wall of one page has no footer: every idea is a card). Baseline B serves
 * the same ideas from a bare relay's memory. (c) Page load of an empty board's projector, to the
 * load event, against baseline C: a bare static server serving the same built files.
 */

export const SIZES = [1000, 4000, 10_000] as const;
const UNLOAD_DELAY_MS = 1500;

export interface JoinTimes {
  size: number;
  /** First client of an unloaded room (the doc is read from SQLite). */
  roomLoad: number;
  joins: Summary;
}

/** Joins applied so far: ms the new clients spent decoding and applying the board. */
const applyTimes = new Map<string, number[]>();

/** Median ms the new clients of a Convene board of `size` ideas spent applying it themselves. */
export const conveneApplyP50 = (size: number) => percentile(applyTimes.get(`c${size}`) ?? [], 50);

async function timedJoin(url: string, expected: number, key = ''): Promise<number> {
  const t0 = performance.now();
  const c = new RawYjsClient(url);
  await c.synced;
  const t = performance.now() - t0;
  const got = c.doc.getMap('ideas').size;
  if (key) applyTimes.set(key, [...(applyTimes.get(key) ?? []), c.busyMs]);
  c.close();
  if (got < expected) throw new Error(`joined with ${got} of ${expected} ideas`);
  return t;
}

async function waitUnloaded(server: ServerProcess): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    const { loaded } = await server.request<{ loaded: number }>('rooms');
    if (loaded === 0) return;
    await sleep(200);
  }
  throw new Error('rooms did not unload');
}

/** Seeds boards of the given sizes into a fresh Convene data folder, and starts the server. */
export async function seededConvene(
  sizes: readonly number[],
  env: Record<string, string> = {},
): Promise<{ server: ServerProcess; workshops: BenchWorkshop[] }> {
  const dataDir = newDataDir();
  const workshops = seedWorkshops(
    dataDir,
    sizes.map((ideas) => ({ participants: participantsFor(ideas, 60), ideas, phase: 'submit' })),
  );
  const started = await startServer('convene', {
    dataDir,
    removeDataDir: true,
    env: { BENCH_UNLOAD_DELAY_MS: String(UNLOAD_DELAY_MS), ...env },
  });
  // First load of a seeded board projects its rows into the doc (the crash-repair path) and
  // stores a snapshot when the room unloads; measure from the state a real room is in.
  for (const w of workshops) {
    const c = new RawYjsClient(conveneYjsUrl(started.url, w.id, w.facilitatorToken));
    await c.synced;
    c.close();
  }
  await waitUnloaded(started);
  return { server: started, workshops };
}

export async function conveneJoins(
  server: ServerProcess,
  workshops: readonly BenchWorkshop[],
  sizes: readonly number[],
  joins: number,
): Promise<JoinTimes[]> {
  const out: JoinTimes[] = [];
  for (const [i, w] of workshops.entries()) {
    const size = sizes[i] as number;
    const holderUrl = conveneYjsUrl(server.url, w.id, w.projectorToken);
    const t0 = performance.now();
    const holder = new RawYjsClient(holderUrl);
    await holder.synced;
    const roomLoad = performance.now() - t0;
    await timedJoin(holderUrl, size); // warm-up
    await settleHarness();
    const times: number[] = [];
    for (let j = 0; j < joins; j++) {
      const p = w.participants[j % w.participants.length] as { token: string };
      times.push(await timedJoin(conveneYjsUrl(server.url, w.id, p.token), size, `c${size}`));
      await sleep(20);
    }
    holder.close();
    out.push({ size, roomLoad, joins: summarize(times) });
  }
  return out;
}

export async function relayJoins(server: ServerProcess, sizes: readonly number[], joins: number) {
  const out: JoinTimes[] = [];
  for (const size of sizes) {
    const url = relayUrl(server.url, `board-${size}`);
    const writer = await seedRelayBoard(server.url, `board-${size}`, size);
    await timedJoin(url, size); // the relay has the board once a new client gets it
    await settleHarness();
    const times: number[] = [];
    for (let j = 0; j < joins; j++) {
      times.push(await timedJoin(url, size, `b${size}`));
      await sleep(20);
    }
    writer.close();
    out.push({ size, roomLoad: Number.NaN, joins: summarize(times) });
  }
  return out;
}

/**
 * ms from navigation start to the first frame drawn with the board on screen, and to the first
 * frame with it complete. On screen: elements matching `selector` are drawn and the element
 * `accounted` (if given) holds every one of the `target` ideas in its `data-items` (the
 * projector's wall footer; the participant's list, which draws its first screenful before the
 * rest). Complete: every idea is an element (participant), or the wall has measured every card
 * and counted its pages, `data-pages` (projector). Without an `accounted` element in the page
 * (a wall of one page has no footer), on screen means every idea is an element.
 */
export async function renderTime(
  browser: Browser,
  url: string,
  selector: string,
  target: number,
  accounted?: string,
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(
    ({ selector, target, accounted }) => {
      const state = {
        renderedAt: null as number | null,
        completeAt: null as number | null,
        shown: 0,
      };
      (window as unknown as { __bench: typeof state }).__bench = state;
      // (No named functions in here: tsx would wrap them in a helper the page does not have.)
      const observer = new MutationObserver(() => {
        const shown = document.querySelectorAll(selector).length;
        if (shown === 0) return;
        const holder = accounted ? document.querySelector<HTMLElement>(accounted) : null;
        const onScreen = holder ? Number(holder.dataset.items ?? 0) >= target : shown >= target;
        const complete = holder?.dataset.pages !== undefined || shown >= target;
        if (onScreen && state.renderedAt === null && state.shown === 0) {
          state.shown = shown;
          requestAnimationFrame(() => {
            state.renderedAt = performance.now();
          });
        }
        if (onScreen && complete) {
          observer.disconnect();
          requestAnimationFrame(() => {
            state.completeAt = performance.now();
          });
        }
      });
      observer.observe(document, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ['data-items', 'data-pages'],
      });
    },
    { selector, target, accounted },
  );
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(
      () =>
        (window as unknown as { __bench: { completeAt: number | null } }).__bench.completeAt !==
        null,
      undefined,
      { timeout: 120_000, polling: 100 },
    );
    const state = await page.evaluate(
      () =>
        (
          window as unknown as {
            __bench: { renderedAt: number; completeAt: number; shown: number };
          }
        ).__bench,
    );
    return { at: state.renderedAt, shown: state.shown, completeAt: state.completeAt };
  } finally {
    await context.close();
  }
}

export interface RenderTimes {
  size: number;
  projector: Summary;
  participant: Summary;
  /** Idea cards on the projector's wall (fewest over the runs); its note counts the rest. */
  projectorCards: number;
  /** The projector's wall with every card measured and its pages counted. */
  projectorCounted: Summary;
  /** The participant's list with every idea in it. */
  participantComplete: Summary;
}

export async function browserRenders(
  server: ServerProcess,
  workshops: readonly BenchWorkshop[],
  sizes: readonly number[],
  runs: (size: number) => number,
): Promise<RenderTimes[]> {
  const browser = await launchBrowser();
  const out: RenderTimes[] = [];
  try {
    for (const [i, w] of workshops.entries()) {
      const size = sizes[i] as number;
      // Keep the room loaded: a screen joins a running workshop.
      const holder = new RawYjsClient(conveneYjsUrl(server.url, w.id, w.facilitatorToken));
      await holder.synced;
      const projectorUrl = `${server.url}/projector/${w.id}#token=${w.projectorToken}`;
      // A participant who wrote nothing: a screen lists its own ideas apart from the room's.
      const viewer = (await (
        await fetch(`${server.url}/api/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ joinCode: w.joinCode }),
        })
      ).json()) as { participantToken: string };
      const participantUrl = `${server.url}/participant/${w.id}#token=${viewer.participantToken}`;
      const projector: number[] = [];
      const projectorCounted: number[] = [];
      const participant: number[] = [];
      const participantComplete: number[] = [];
      let projectorCards = size;
      // Warm-up (the browser's first page pays for starting its renderer and compiling).
      const wall = [
        '.paged-wall__cols .wall__idea',
        size,
        '.paged-wall > .paged-wall__foot',
      ] as const;
      if (i === 0) await renderTime(browser, projectorUrl, ...wall);
      for (let r = 0; r < runs(size); r++) {
        const wallRender = await renderTime(browser, projectorUrl, ...wall);
        projector.push(wallRender.at);
        projectorCounted.push(wallRender.completeAt);
        projectorCards = Math.min(projectorCards, wallRender.shown);
        const listRender = await renderTime(
          browser,
          participantUrl,
          'section[aria-labelledby="room-h"] li.idea',
          size,
          'section[aria-labelledby="room-h"]',
        );
        participant.push(listRender.at);
        participantComplete.push(listRender.completeAt);
      }
      holder.close();
      out.push({
        size,
        projector: summarize(projector),
        participant: summarize(participant),
        projectorCards,
        projectorCounted: summarize(projectorCounted),
        participantComplete: summarize(participantComplete),
      });
    }
  } finally {
    await browser.close();
  }
  return out;
}

export interface PageLoads {
  convene: Summary;
  bare: Summary;
  /** DOMContentLoaded, p50, both. */
  conveneDcl: number;
  bareDcl: number;
  /** C sending Convene's response headers (when measured): the budget's baseline then. */
  bareHeaders?: Summary;
  bareHeadersDcl?: number;
}

/**
 * Page load (navigation start to the end of the load event) of the projector of an empty board,
 * on Convene and on baseline C serving the same built files at the same path; alternating, a
 * new browser context each time (nothing cached, no service worker yet).
 */
export async function pageLoads(
  conveneUrl: string,
  bareUrl: string,
  runs: number,
  bareHeadersUrl?: string,
) {
  const browser = await launchBrowser();
  const times = { convene: [] as number[], bare: [] as number[], bareHeaders: [] as number[] };
  const dcl = { convene: [] as number[], bare: [] as number[], bareHeaders: [] as number[] };
  const urlOf = { convene: conveneUrl, bare: bareUrl, bareHeaders: bareHeadersUrl ?? '' };
  const once = async (url: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd };
      });
    } finally {
      await context.close();
    }
  };
  try {
    await once(conveneUrl); // warm-up: the renderer's start and the first compile
    await once(bareUrl);
    const kinds = bareHeadersUrl
      ? (['convene', 'bare', 'bareHeaders'] as const)
      : (['convene', 'bare'] as const);
    for (let r = 0; r < runs; r++) {
      for (const kind of r % 2 === 0 ? kinds : [...kinds].reverse()) {
        const t = await once(urlOf[kind]);
        times[kind].push(t.load);
        dcl[kind].push(t.dcl);
      }
    }
  } finally {
    await browser.close();
  }
  return {
    convene: summarize(times.convene),
    bare: summarize(times.bare),
    conveneDcl: percentile(dcl.convene, 50),
    bareDcl: percentile(dcl.bare, 50),
    ...(bareHeadersUrl
      ? {
          bareHeaders: summarize(times.bareHeaders),
          bareHeadersDcl: percentile(dcl.bareHeaders, 50),
        }
      : {}),
  } satisfies PageLoads;
}

export async function run(opts: BenchOptions): Promise<Report> {
  const report = new Report('4. Cold join: new client to synced, and to a complete render');
  const joins = opts.full ? 100 : 20;
  // Quick mode renders the large boards once each (a 10,000-idea page takes seconds).
  const runs = (size: number) => (opts.full ? 10 : size <= 1000 ? 5 : 1);
  const relay = await startServer('yjs');
  // The boards, and an empty one (last) for the page-load comparison.
  const { server, workshops } = await seededConvene([...SIZES, 0], {
    BENCH_CLIENT_DIR: CLIENT_DIR,
  });
  const boards = workshops.slice(0, SIZES.length);
  const empty = workshops[SIZES.length] as BenchWorkshop;
  let c: JoinTimes[];
  let b: JoinTimes[];
  let renders: RenderTimes[] | null = null;
  let loads: PageLoads | null = null;
  let browserNote = '';
  try {
    b = await relayJoins(relay, SIZES, joins);
    await relay.stop();
    c = await conveneJoins(server, boards, SIZES, joins);
    if (!fs.existsSync(CHROMIUM))
      browserNote = `Chromium not found at ${CHROMIUM}: render times not measured.`;
    else if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html')))
      browserNote = 'client/dist is missing (npm run build): render times not measured.';
    else {
      renders = await browserRenders(server, boards, SIZES, runs);
      const bare = await startServer('static', { env: { BENCH_CLIENT_DIR: CLIENT_DIR } });
      // C with the response headers Convene sends (the budget's baseline; see the table's note).
      const bareHeaders = await startServer('static', {
        env: { BENCH_CLIENT_DIR: CLIENT_DIR, BENCH_SECURITY_HEADERS: '1' },
      });
      try {
        const path = `/projector/${empty.id}#token=${empty.projectorToken}`;
        loads = await pageLoads(
          `${server.url}${path}`,
          `${bare.url}${path}`,
          opts.full ? 30 : 10,
          `${bareHeaders.url}${path}`,
        );
      } finally {
        await bare.stop();
        await bareHeaders.stop();
      }
    }
  } finally {
    await relay.stop();
    await server.stop();
  }
  report.table(
    [
      'ideas',
      'Convene p50',
      'p99',
      'B p50',
      'B p99',
      'p99 ratio',
      'client apply p50 (C / B)',
      'unloaded room: first client',
    ],
    SIZES.map((size, i) => {
      const cj = c[i] as JoinTimes;
      const bj = b[i] as JoinTimes;
      return [
        size,
        ms(cj.joins.p50),
        ms(cj.joins.p99),
        ms(bj.joins.p50),
        ms(bj.joins.p99),
        ratio(cj.joins.p99, bj.joins.p99),
        `${ms(percentile(applyTimes.get(`c${size}`) ?? [], 50))} / ${ms(percentile(applyTimes.get(`b${size}`) ?? [], 50))}`,
        ms(cj.roomLoad),
      ];
    }),
    `Server path: ms from opening the Yjs connection to the synced doc with every idea, ${joins} joins per board while the room is loaded; baseline B = ${SERVER_LABEL.yjs} holding the same ideas. Client apply: of that, the time the new client (in the load process) spent decoding and applying the board.`,
  );
  const c1000 = c[0] as JoinTimes;
  report.check(
    'synced p99 ≤ 100 ms at 1,000 ideas',
    `${ms(c1000.joins.p99)} ms`,
    c1000.joins.p99 <= 100,
  );
  const joinSlope = logLogSlope(c.map((j) => ({ x: j.size, y: j.joins.p50 })));
  const joinSlopeB = logLogSlope(b.map((j) => ({ x: j.size, y: j.joins.p50 })));
  // The same slope without the new client's own decode and apply (what the server does).
  const serverSlope = logLogSlope(
    c.map((j) => ({
      x: j.size,
      y: j.joins.p50 - percentile(applyTimes.get(`c${j.size}`) ?? [], 50),
    })),
  );
  report.check(
    'synced time grows linearly (log-log slope of p50 ≤ 1.2)',
    `slope ${num(joinSlope)} (B ${num(joinSlopeB)}; without the client's own apply ${num(serverSlope)})`,
    joinSlope <= 1.2,
  );
  if (renders) {
    report.table(
      [
        'ideas',
        'projector p50',
        'projector max',
        'participant p50',
        'participant max',
        'projector, all pages counted: p50 / max',
        'participant, whole list: p50 / max',
      ],
      renders.map((r) => [
        r.size,
        ms(r.projector.p50),
        ms(r.projector.max),
        ms(r.participant.p50),
        ms(r.participant.max),
        `${ms(r.projectorCounted.p50)} / ${ms(r.projectorCounted.max)}`,
        `${ms(r.participantComplete.p50)} / ${ms(r.participantComplete.max)}`,
      ]),
      `Chromium (${CHROMIUM}, headless, new context each run): ms from navigation start to the first frame with the board on screen: participant, its list's first screenful drawn, the list holding every idea (data-items); projector, the wall's first page drawn, its footer holding every idea; the last two columns: the projector once its wall has measured every card and counted its pages, the participant once every idea is in its list; runs per page: ${SIZES.map((s) => `${runs(s)} at ${s}`).join(', ')} (max shown, not p99).`,
    );
    report.note(
      `Projector wall (1280×800): ${renders.map((r) => `${r.projectorCards} of ${r.size}`).join(', ')} ideas as cards on its first page, the rest on the pages it turns to by itself (its footer counts them all).`,
    );
    const r1000 = renders[0] as RenderTimes;
    report.check(
      'on screen ≤ 300 ms p50 at 1,000 ideas (both pages)',
      `projector ${ms(r1000.projector.p50)} ms, participant ${ms(r1000.participant.p50)} ms`,
      Math.max(r1000.projector.p50, r1000.participant.p50) <= 300,
    );
    report.check(
      'on screen ≤ 500 ms at 1,000 ideas (worst run, both pages)',
      `projector ${ms(r1000.projector.max)} ms, participant ${ms(r1000.participant.max)} ms`,
      Math.max(r1000.projector.max, r1000.participant.max) <= 500,
    );
    const r10k = renders.find((r) => r.size === 10_000);
    if (r10k) {
      report.check(
        'on screen ≤ 1 s at 10,000 ideas (worst run, both pages)',
        `projector ${ms(r10k.projector.max)} ms, participant ${ms(r10k.participant.max)} ms`,
        Math.max(r10k.projector.max, r10k.participant.max) <= 1000,
      );
    }
    for (const page of ['projector', 'participant'] as const) {
      const slope = logLogSlope(renders.map((r) => ({ x: r.size, y: r[page].p50 })));
      report.check(
        `${page} render grows linearly (slope ≤ 1.2)`,
        `slope ${num(slope)}`,
        slope <= 1.2,
      );
    }
  } else {
    report.note(browserNote);
    report.check('on screen ≤ 500 ms at 1,000 ideas', browserNote, null);
  }
  if (loads) {
    // The budget's baseline is C sending the response headers Convene sends on every answer
    // (server/src/http/security.ts): Cross-Origin-Opener-Policy: same-origin makes the browser
    // open the page in a browsing context group of its own (a new renderer process) on a fresh
    // navigation, 6–49 ms measured, which a static server serving Convene's client as it must be
    // served pays too (docs/performance.md, issue 18). C without them is shown beside it.
    const baseline = loads.bareHeaders ?? loads.bare;
    const baselineDcl = loads.bareHeaders ? (loads.bareHeadersDcl ?? Number.NaN) : loads.bareDcl;
    report.table(
      ['server', 'load p50', 'load max', 'DOMContentLoaded p50'],
      [
        ['Convene', ms(loads.convene.p50), ms(loads.convene.max), ms(loads.conveneDcl)],
        ...(loads.bareHeaders
          ? [
              [
                "C: bare static file server, with Convene's response headers (the baseline)",
                ms(baseline.p50),
                ms(baseline.max),
                ms(baselineDcl),
              ],
              [
                'diagnostic: C without those headers',
                ms(loads.bare.p50),
                ms(loads.bare.max),
                ms(loads.bareDcl),
              ],
            ]
          : [[SERVER_LABEL.static, ms(loads.bare.p50), ms(loads.bare.max), ms(loads.bareDcl)]]),
      ],
      `Page load of an empty board's projector page (navigation start to the end of the load event), ${loads.convene.n} runs each, alternating, a new browser context each run; baseline C serves the same built files with the headers Convene sends on every answer (server/src/http/security.ts). Cross-Origin-Opener-Policy: same-origin among them makes the browser open the page in a new browsing context group (a new renderer process) on a fresh navigation; the diagnostic row is C without the headers.`,
    );
    report.check(
      'empty board page load within 1.3× of C (p50; C sends the same response headers)',
      `${ms(loads.convene.p50)} ms vs ${ms(baseline.p50)} ms: ${ratio(loads.convene.p50, baseline.p50)} (C without the headers: ${ms(loads.bare.p50)} ms, ${ratio(loads.convene.p50, loads.bare.p50)})`,
      loads.convene.p50 <= 1.3 * baseline.p50,
    );
  }
  const errors = server.errors().trim();
  if (errors) report.note(`Server warnings/errors:\n${errors.slice(0, 2000)}`);
  report.finish();
  return report;
}
