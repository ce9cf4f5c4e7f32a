import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type App, createApp } from '../../server/src/app.ts';
import { openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqliteStore.ts';

/**
 * The client's built files come from memory, ahead of the API (issue 18: a page's files came
 * back 15–20 ms later than from a bare file server). What a browser relies on must hold: types,
 * caching, compression, revalidation, a new build picked up, 404 for a chunk that is not there.
 */

const INDEX = `<!doctype html>
<html lang="en"><head><script type="module" crossorigin src="/assets/index-A.js"></script></head>
<body><div id="root"></div></body></html>
`;
// Large enough to be worth compressing.
const ENTRY = `console.log(${JSON.stringify('Convene '.repeat(400))});\n`;

let dir: string;
let app: App;
let db: ReturnType<typeof openDatabase>;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-files-'));
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'index-A.js'), ENTRY);
  fs.writeFileSync(path.join(dir, 'assets', 'tiny-B.css'), 'body{margin:0}');
  fs.writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});\n');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(path.join(dir, '.vite', 'manifest.json'), '{}');
  db = openDatabase(':memory:');
  app = createApp({
    store: openSqliteStore(db),
    clientDir: dir,
    log: { info() {}, warn() {}, error() {} },
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(app.httpServer.address() as { port: number }).port}`;
});

afterAll(async () => {
  await app.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw GET (fetch would decompress and hide what was sent). */
function get(
  pathname: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the built client, served from memory', () => {
  test('a hashed file: its type, cached for a year, gzip when the browser takes it', async () => {
    const plain = await get('/assets/index-A.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(ENTRY);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(ENTRY));
    // The security headers every answer carries.
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['content-security-policy']).toContain("script-src 'self'");

    const gz = await get('/assets/index-A.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toContain('Accept-Encoding');
    expect(gz.body.length).toBeLessThan(Buffer.byteLength(ENTRY) / 3);
    expect(zlib.gunzipSync(gz.body).toString()).toBe(ENTRY);
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);

    // Not worth compressing: sent as it is.
    const css = await get('/assets/tiny-B.css', { 'accept-encoding': 'gzip' });
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body.toString()).toBe('body{margin:0}');
  });

  test('HEAD: the headers without the body', async () => {
    const head = await get('/assets/index-A.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(ENTRY));
    expect(head.body.length).toBe(0);
  });

  test('the service worker and the icon are revalidated: ETag, then 304', async () => {
    const sw = await get('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(sw.headers['cache-control']).toBe('no-cache');
    const etag = sw.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/sw.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
  });

  test('a chunk that is not there is a 404, not the page; the build folder stays private', async () => {
    const missing = await get('/assets/ProjectorScreen-OLD.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/plain/);
    expect((await get('/assets/../index.html')).body.toString()).not.toContain('ProjectorScreen');
    const manifest = await get('/.vite/manifest.json');
    expect(manifest.body.toString()).not.toBe('{}');
    // Any other path is a client route: the page.
    const page = await get('/projector/abc');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body.toString()).toContain('/assets/index-A.js');
  });

  test("the API's requests do not look for a new build; a hashed file served does not either", async () => {
    const stat = vi.spyOn(fs, 'statSync');
    try {
      await get('/healthz');
      await get('/api/session');
      await get('/assets/index-A.js');
      const looked = stat.mock.calls.filter(([f]) => String(f).endsWith('index.html')).length;
      expect(looked).toBe(0);
      // Positive control: the service worker is checked against the build on disk.
      await get('/sw.js');
      expect(stat.mock.calls.filter(([f]) => String(f).endsWith('index.html')).length).toBe(1);
    } finally {
      stat.mockRestore();
    }
  });

  test('a new build while the server runs is served at once', async () => {
    fs.writeFileSync(path.join(dir, 'assets', 'index-N.js'), 'console.log("new");\n');
    fs.writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("install", () => {});\n');
    // index.html is written last by a build; its change is what says "new files".
    const later = new Date(Date.now() + 5000);
    fs.writeFileSync(path.join(dir, 'index.html'), INDEX.replace('index-A', 'index-N'));
    fs.utimesSync(path.join(dir, 'index.html'), later, later);
    const chunk = await get('/assets/index-N.js');
    expect(chunk.status).toBe(200);
    expect(chunk.body.toString()).toBe('console.log("new");\n');
    expect((await get('/sw.js')).body.toString()).toContain('install');
    expect((await get('/projector/abc')).body.toString()).toContain('/assets/index-N.js');
  });
});
