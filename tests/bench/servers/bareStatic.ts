import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { securityHeaders } from '../../../server/src/http/security.ts';
import { announce, serveIpc } from './ipc.ts';

/**
 * Baseline C: a bare static server for the built client (BENCH_CLIENT_DIR), written the way
 * the Node documentation's minimal file server is: node:http, each file read from disk as it
 * is asked for, `/assets/*` as they are, every other path the page (index.html). No framework,
 * no middleware, no headers beyond the content type and, for the hashed files, a year of cache.
 */

const root = process.env.BENCH_CLIENT_DIR ?? '';
/**
 * BENCH_SECURITY_HEADERS=1 adds the headers Convene sends on every answer
 * (server/src/http/security.ts): the empty page's budget is judged against C sending them, and
 * C without them is shown beside it (coldJoin.bench.ts).
 */
const withSecurityHeaders = process.env.BENCH_SECURITY_HEADERS === '1';
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const asset = url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg';
  const file = asset
    ? path.join(root, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''))
    : path.join(root, 'index.html');
  fs.readFile(file, (err, body) => {
    if (err) {
      res.writeHead(404).end();
      return;
    }
    if (withSecurityHeaders) {
      securityHeaders(req as never, res as never, () => {});
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      ...(asset ? { 'cache-control': 'public, max-age=31536000, immutable' } : {}),
    });
    res.end(body);
  });
});

serveIpc();
server.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
