import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createClientPages } from '../../server/src/http/clientPages.ts';
import { CLIENT_DIR } from '../helpers/browser.ts';

/** Each route's page preloads its screen's chunk (issue 18, item 1). */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <script type="module" crossorigin src="/assets/index-A.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/shared-B.js">
  </head>
  <body><div id="root"></div></body>
</html>
`;

function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-pages-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(
    path.join(dir, '.vite', 'manifest.json'),
    JSON.stringify({
      // The boot script is an entry too (listed first, as Vite may): the app's is index.html's.
      'src/boot/earlyYjs.ts': { file: 'assets/boot-H.js', isEntry: true, name: 'boot' },
      '_shared-B.js': { file: 'assets/shared-B.js' },
      '_qr-C.js': { file: 'assets/qr-C.js', imports: ['_shared-B.js'] },
      'index.html': {
        file: 'assets/index-A.js',
        isEntry: true,
        imports: ['_shared-B.js'],
        dynamicImports: [
          'src/roles/projector/ProjectorScreen.tsx',
          'src/roles/home/HomeScreen.tsx',
          'src/roles/rapporteur/RapporteurScreen.tsx',
        ],
      },
      'src/roles/projector/ProjectorScreen.tsx': {
        file: 'assets/ProjectorScreen-D.js',
        imports: ['_shared-B.js', '_qr-C.js'],
      },
      'src/roles/home/HomeScreen.tsx': { file: 'assets/HomeScreen-E.js', imports: [] },
      'src/roles/rapporteur/RapporteurScreen.tsx': {
        file: 'assets/RapporteurScreen-F.js',
        css: ['assets/brief-G.css'],
      },
    }),
  );
  return dir;
}

const preloads = (html: string) =>
  [...html.matchAll(/<link rel="(?:modulepreload|preload)"[^>]*href="([^"]+)"/g)].map((m) => m[1]);

describe('client pages', () => {
  test("a route's page preloads its screen and the screen's own imports, not what index.html has", () => {
    const pages = createClientPages(fakeBuild());
    expect(preloads(pages.page('/projector/abc'))).toEqual([
      '/assets/shared-B.js',
      '/assets/ProjectorScreen-D.js',
      '/assets/qr-C.js',
    ]);
    expect(preloads(pages.page('/rapporteur/abc'))).toEqual([
      '/assets/shared-B.js',
      '/assets/RapporteurScreen-F.js',
      '/assets/brief-G.css',
    ]);
    // The home page, and any path that is not a screen, preload the home screen.
    for (const p of ['/', '/nothing-here', '/../etc', '/Projector/x']) {
      expect(preloads(pages.page(p))).toEqual(['/assets/shared-B.js', '/assets/HomeScreen-E.js']);
    }
  });

  test('every page starts with the boot script, async, ahead of the app (issue 18)', () => {
    const pages = createClientPages(fakeBuild());
    for (const p of ['/participant/w1', '/projector/w1', '/', '/join/ABC']) {
      const html = pages.page(p);
      const boot = html.indexOf(
        '<script type="module" async fetchpriority="high" crossorigin src="/assets/boot-H.js"></script>',
      );
      expect(boot, p).toBeGreaterThan(html.indexOf('<head>'));
      expect(boot, p).toBeLessThan(html.indexOf('/assets/index-A.js'));
      expect(html.split('boot-H.js').length, p).toBe(2); // once
    }
  });

  test('a new build on disk is served from the next request', () => {
    const dir = fakeBuild();
    const pages = createClientPages(dir);
    expect(pages.page('/projector/x')).not.toContain('convene-version');
    const file = path.join(dir, 'index.html');
    fs.writeFileSync(file, INDEX.replace('<head>', '<head><meta name="convene-version">'));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(pages.page('/projector/x')).toContain('convene-version');
    expect(pages.page('/projector/x')).toContain('ProjectorScreen-D.js');
  });

  test('without a build manifest the page is served as built', () => {
    const dir = fakeBuild();
    fs.rmSync(path.join(dir, '.vite'), { recursive: true });
    expect(createClientPages(dir).page('/projector/x')).toBe(INDEX);
  });

  test('the real build: every route of App.tsx finds its screen', () => {
    const app = fs.readFileSync(path.join(CLIENT_DIR, '../src/App.tsx'), 'utf8');
    const sections = [...app.matchAll(/^ {2}([a-z]+): \(\) =>/gm)].map((m) => m[1] as string);
    expect(sections.length).toBeGreaterThanOrEqual(6);
    const pages = createClientPages(CLIENT_DIR);
    for (const section of sections) {
      const screen = `${section[0]?.toUpperCase()}${section.slice(1)}Screen-`;
      expect(pages.page(`/${section}/x`), section).toMatch(
        new RegExp(`rel="modulepreload"[^>]*/assets/${screen}`),
      );
    }
    expect(pages.page('/')).toMatch(/rel="modulepreload"[^>]*\/assets\/HomeScreen-/);
    expect(pages.page('/participant/x')).toMatch(/<script type="module" async[^>]*\/assets\/boot-/);
  });
});
