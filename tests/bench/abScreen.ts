import path from 'node:path';
import { launchBrowser } from '../helpers/browser.ts';
import { renderTime } from './coldJoin.bench.ts';
import { percentile } from './lib/stats.ts';

/**
 * Before/after for the first screen on a shared, noisy machine: `node --import tsx
 * tests/bench/abScreen.ts <other tree> [ideas] [runs]` seeds the same board in this tree's
 * server and in another checkout's (its own server code and its own client/dist, built there),
 * then alternates runs of the projector and the participant page on both, as the cold-join
 * bench measures them, printing the load average with each round. Alternating rounds puts both
 * builds under the same load; the bench proper (`npm run bench -- --only coldjoin`) gives the
 * figures that count.
 */

const other = path.resolve(process.argv[2] ?? '');
const size = Number(process.argv[3] ?? 1000);
const runs = Number(process.argv[4] ?? 8);
const here = path.resolve(import.meta.dirname, '../..');

interface Tree {
  name: string;
  url: string;
  projector: string;
  participant: string;
  stop: () => Promise<void>;
  times: { projector: number[]; participant: number[] };
}

async function start(root: string, name: string): Promise<Tree> {
  const lib = (p: string) => import(path.join(root, 'tests/bench/lib', p));
  const { newDataDir, startServer } = await lib('proc.ts');
  const { participantsFor, seedWorkshops } = await lib('convene.ts');
  const { conveneYjsUrl, RawYjsClient } = await lib('clients.ts');
  const dataDir = newDataDir();
  const [w] = seedWorkshops(dataDir, [
    { participants: participantsFor(size, 60), ideas: size, phase: 'submit' },
  ]);
  const server = await startServer('convene', {
    dataDir,
    removeDataDir: true,
    env: { BENCH_CLIENT_DIR: path.join(root, 'client/dist') },
  });
  const holder = new RawYjsClient(conveneYjsUrl(server.url, w.id, w.facilitatorToken));
  await holder.synced;
  const joined = (await (
    await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode: w.joinCode }),
    })
  ).json()) as { participantToken: string };
  return {
    name,
    url: server.url,
    projector: `${server.url}/projector/${w.id}#token=${w.projectorToken}`,
    participant: `${server.url}/participant/${w.id}#token=${joined.participantToken}`,
    stop: async () => {
      holder.close();
      await server.stop();
    },
    times: { projector: [], participant: [] },
  };
}

const trees = [await start(other, `other (${other})`), await start(here, 'this tree')];
const browser = await launchBrowser();
const loads: string[] = [];
try {
  for (const t of trees)
    await renderTime(
      browser,
      t.projector,
      '.paged-wall__cols .wall__idea',
      size,
      '.paged-wall > .paged-wall__foot',
    ); // warm-up
  for (let r = 0; r < runs; r++) {
    loads.push((await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '');
    for (const t of r % 2 === 0 ? trees : [...trees].reverse()) {
      const wall = await renderTime(
        browser,
        t.projector,
        '.paged-wall__cols .wall__idea',
        size,
        '.paged-wall > .paged-wall__foot',
      );
      t.times.projector.push(wall.at);
      const list = await renderTime(
        browser,
        t.participant,
        'section[aria-labelledby="room-h"] li.idea',
        size,
        'section[aria-labelledby="room-h"]',
      );
      t.times.participant.push(list.at);
    }
  }
} finally {
  await browser.close();
  for (const t of trees) await t.stop();
}
console.log(
  `${size} ideas, ${runs} rounds; load average (1 min) at each round: ${loads.join(' ')}`,
);
for (const t of trees) {
  const f = (xs: number[]) =>
    `p50 ${Math.round(percentile(xs, 50))} max ${Math.round(Math.max(...xs))} [${xs.map(Math.round).join(' ')}]`;
  console.log(
    `${t.name}\n  projector   ${f(t.times.projector)}\n  participant ${f(t.times.participant)}`,
  );
}
