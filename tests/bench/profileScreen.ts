import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLIENT_DIR, launchBrowser } from '../helpers/browser.ts';
import { conveneYjsUrl, RawYjsClient } from './lib/clients.ts';
import { participantsFor, seedWorkshops } from './lib/convene.ts';
import { summarizeProfile } from './lib/cpuProfile.ts';
import { newDataDir, startServer } from './lib/proc.ts';
import { ms } from './lib/report.ts';

/**
 * Where a screen's first render goes: `node --import tsx tests/bench/profileScreen.ts
 * [projector|participant] [ideas]`. Seeds a board, opens the screen in Chromium with the
 * JavaScript profiler on, and prints: when the page and each of its files arrived, when the
 * board was on screen, Chromium's own time split (script, style, layout), and the functions
 * with the most self time. The .cpuprofile stays in the printed folder.
 */

const role = (process.argv[2] ?? 'projector') as 'projector' | 'participant';
const size = Number(process.argv[3] ?? 1000);
const dataDir = newDataDir();
const [w] = seedWorkshops(dataDir, [
  { participants: participantsFor(size, 5), ideas: size, phase: 'submit' },
]);
if (!w) throw new Error('no workshop');
const server = await startServer('convene', {
  dataDir,
  removeDataDir: true,
  env: { BENCH_CLIENT_DIR: CLIENT_DIR },
});
const holder = new RawYjsClient(conveneYjsUrl(server.url, w.id, w.facilitatorToken));
await holder.synced;
let token = w.projectorToken;
if (role === 'participant') {
  const joined = (await (
    await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode: w.joinCode }),
    })
  ).json()) as { participantToken: string };
  token = joined.participantToken;
}
const url = `${server.url}/${role}/${w.id}#token=${token}`;
const selector =
  role === 'projector'
    ? '.paged-wall__cols .wall__idea'
    : 'section[aria-labelledby="room-h"] li.idea';

const browser = await launchBrowser();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-screen-prof-'));
try {
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction((s) => document.querySelectorAll(s).length > 0, selector, {
      timeout: 60_000,
      polling: 'raf',
    });
    const drawnAt = await page.evaluate(
      () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))),
    );
    const { profile } = await cdp.send('Profiler.stop');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const files = performance
        .getEntriesByType('resource')
        .map((e) => e as PerformanceResourceTiming)
        .filter((e) => e.name.includes('/assets/'))
        .map((e) => ({
          file: e.name.split('/').pop(),
          start: e.startTime,
          end: e.responseEnd,
        }));
      const marks = performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('convene:'))
        .map((m) => `${m.name.slice(8)} ${Math.round(m.startTime)}`);
      return {
        marks,
        pageEnd: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
        files,
      };
    });
    console.log(
      `\nrun ${run}: ${role}, ${size} ideas — drawn at ${ms(drawnAt)} ms; page arrived ${ms(timing.pageEnd)} ms, DOMContentLoaded ${ms(timing.domContentLoaded)} ms`,
    );
    console.log(`  marks: ${timing.marks.join(', ')}`);
    for (const f of timing.files)
      console.log(`  ${f.file}: ${ms(f.start)} → ${ms(f.end)} ms (${ms(f.end - f.start)})`);
    console.log(
      `  Chromium: script ${ms((m.ScriptDuration ?? 0) * 1000)} ms, style ${ms((m.RecalcStyleDuration ?? 0) * 1000)} ms, layout ${ms((m.LayoutDuration ?? 0) * 1000)} ms, tasks ${ms((m.TaskDuration ?? 0) * 1000)} ms, nodes ${m.Nodes}`,
    );
    if (run === 2) {
      const file = path.join(dir, `${role}-${size}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      const { lines } = summarizeProfile(file);
      console.log('  most self time:');
      for (const l of [...lines].sort((a, b) => b.selfMs - a.selfMs).slice(0, 18))
        console.log(
          `    ${ms(l.selfMs).padStart(6)} ms self, ${ms(l.totalMs).padStart(6)} total  ${l.name}`,
        );
      console.log(`  profile: ${file}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  holder.close();
  await server.stop();
}
