import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';

/**
 * The built client's files (client/dist: `/assets/*`, `/sw.js`, `/favicon.svg`, …), served from
 * memory, ahead of every other route.
 *
 * When 40 people scan the join code at once, each page asks for its six or so files at the same
 * moment. Read from disk and streamed by express.static behind the API's middleware, those came
 * back 15–20 ms later than from a bare file server (issue 18's baseline C, measured in Chromium's
 * resource timing). Here each file is read once, with its headers worked out in advance and a
 * gzip copy of the text files (JavaScript, CSS, SVG: a third of their size, for a venue's Wi-Fi),
 * and a request is one lookup and one write.
 *
 * - Files under `assets/` carry a content hash in their name: cached for a year, immutable.
 *   Others (the service worker, the icon) are revalidated on every use (ETag, 304).
 * - A path under `/assets/` that is not a file answers 404, never the page: a screen left open
 *   across an update that asks for a chunk of the old build gets a clear failure (and the
 *   service worker's network fallback an error), not HTML parsed as JavaScript.
 * - index.html is not served here (clientPages.ts builds each route's page from it), nor the
 *   build's dot folders (Vite's manifest).
 * - A new build while the server runs: the files are read again when index.html changes on disk
 *   (checked when an unknown `/assets/…` name is asked for and when a non-hashed file is served;
 *   a new build's first page asks for both).
 */

interface ClientFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
/** What is worth compressing (source maps are asked for by developers' tools only). */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.webmanifest', '.txt']);
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function createClientFiles(
  clientDir: string,
): (req: Request, res: Response, next: NextFunction) => void {
  const indexFile = path.join(clientDir, 'index.html');
  let loadedAt = -1;
  let files = new Map<string, ClientFile>();

  const refresh = () => {
    let mtime: number;
    try {
      mtime = fs.statSync(indexFile).mtimeMs;
    } catch {
      return; // mid-build: keep what is loaded
    }
    if (mtime === loadedAt) return;
    files = readClientFiles(clientDir);
    loadedAt = mtime;
  };
  refresh();

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const pathname = req.path;
    let file = files.get(pathname);
    const hashed = pathname.startsWith('/assets/');
    // A new build is looked for when an unknown chunk is asked for, or when a file that is not
    // hashed (the service worker, which every page checks) is served; never for the API's or
    // the pages' paths, which pass through here on every request.
    if (hashed ? !file : file) {
      refresh();
      file = files.get(pathname);
    }
    if (!file) {
      if (hashed) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      return next();
    }
    res.setHeader('Content-Type', file.type);
    res.setHeader('Cache-Control', file.cacheControl);
    res.setHeader('ETag', file.etag);
    if (file.gzip) res.setHeader('Vary', 'Accept-Encoding');
    if (!hashed && req.headers['if-none-match'] === file.etag) {
      res.status(304).end();
      return;
    }
    const body = file.gzip && req.acceptsEncodings('gzip') === 'gzip' ? file.gzip : file.body;
    if (body === file.gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', body.length);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  };
}

/** Every file under the build folder but index.html and dot entries, by URL path. */
function readClientFiles(clientDir: string): Map<string, ClientFile> {
  const out = new Map<string, ClientFile>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const url = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(full, url);
      else if (entry.isFile() && url !== '/index.html') out.set(url, clientFile(full, url));
    }
  };
  walk(clientDir, '');
  return out;
}

function clientFile(file: string, url: string): ClientFile {
  const body = fs.readFileSync(file);
  const ext = path.extname(file).toLowerCase();
  const gzipped = COMPRESSIBLE.has(ext) && body.length > 1024 ? zlib.gzipSync(body) : null;
  return {
    body,
    gzip: gzipped && gzipped.length < body.length * 0.9 ? gzipped : null,
    type: TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    cacheControl: url.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
  };
}
