import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type App, createApp } from '../../server/src/app.ts';
import type { ServerLimits } from '../../server/src/limits/limits.ts';
import { createLogger } from '../../server/src/log.ts';
import { type Db, openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore } from '../../server/src/store/store.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLIENT_DIR = path.join(root, 'client/dist');
export const ARTIFACTS_DIR = path.join(root, 'test-artifacts');

/** Debian's Chromium; never a downloaded browser (there is no network for that here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface WebServer {
  readonly url: string;
  /** The app now serving (a new one after each restart), e.g. to reach its room registry. */
  app(): App;
  /** Stops the server (clients see it go away) and starts a new one on the same port and data. */
  restart(): Promise<void>;
  /** Stops the server until `resume()` (to test what screens do while it is away). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server with the built client, in this process, on a fresh data folder. `clientDir`
 * serves another copy of the built client (a test that ships a "new version" edits its copy).
 */
export async function startWebServer({
  clientDir = CLIENT_DIR,
  limits,
}: {
  clientDir?: string;
  /** Other limits than the server's defaults (a test that creates many workshops). */
  limits?: Partial<ServerLimits>;
} = {}): Promise<WebServer> {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error('client/dist is missing: run `npm run build` first (npm test does)');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-'));
  const file = path.join(dataDir, 'convene.sqlite');
  let db: Db;
  let app: App;
  const start = async (port: number) => {
    db = openDatabase(file);
    app = createApp({ store: openSqliteStore(db), clientDir, log: createLogger(false), limits });
    // A port not yet free (the previous server still closing) fails the start instead of
    // leaving it waiting for ever.
    await new Promise<void>((resolve, reject) => {
      app.httpServer.once('error', reject);
      app.httpServer.listen(port, '127.0.0.1', () => {
        app.httpServer.off('error', reject);
        resolve();
      });
    });
    return (app.httpServer.address() as AddressInfo).port;
  };
  const port = await start(0);
  const stop = async () => {
    await app.close();
    db.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    app: () => app,
    async restart() {
      await stop();
      await start(port);
    },
    pause: stop,
    async resume() {
      await start(port);
    },
    async close() {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a full-page screenshot under test-artifacts/<suite>/<name>.png and returns its path.
 * Running animations (a card popping in) are finished first, so the picture shows the screen
 * as it settles rather than a frame of a fade.
 */
export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = path.join(ARTIFACTS_DIR, suite);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Collects page errors and console errors so a test can assert none happened. */
export function watchErrors(page: Page, label: string): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${label}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${label} console: ${m.text()}`);
  });
  return errors;
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One axe finding, reduced to what a failure message needs. */
export interface A11yViolation {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) in the page and returns serious and critical
 * violations. Evaluated through the DevTools protocol, so the page's CSP (no inline scripts)
 * stays on.
 */
export async function seriousA11yViolations(page: Page, label: string): Promise<A11yViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  // The screen as it settles, not a frame of a fade: a transition caught halfway (the
  // projector's controls fading out when the mouse is still) has the contrast of neither end.
  await page.evaluate(() => {
    for (const a of document.getAnimations()) {
      try {
        a.finish();
      } catch {
        // An endless animation (a spinner) has no end to jump to.
      }
    }
  });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<unknown> } }
    ).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => String(n.target.join(' '))),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, page: label }));
}
