/// <reference lib="webworker" />

import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

/**
 * Convene's service worker: the app keeps loading when the venue's network drops.
 *
 * - The app shell (entry, shared chunk, styles, icon) is precached at install, one revision
 *   each; a new build's files replace them.
 * - A role's own screen chunk is not precached: a participant's phone needs the participant
 *   screen, not the facilitator's. Built files are named by their hash and never change, so
 *   each one is kept the first time it is fetched (cache first), and the page hands over the
 *   files it loaded before this worker controlled it (net/offline.ts). Old versions' files
 *   age out of that cache.
 * - A page (any role's URL) is fetched from the network first, so that a new version takes
 *   effect on the next load; only when the network fails or stalls is the cached page served.
 *   Every route is the same index.html, so one copy is kept, under one key: no workshop path
 *   or join code becomes a cache key, and a token (always in the URL fragment) never reaches a
 *   request at all.
 * - /api, /socket.io, /yjs and /healthz are never handled here: they go to the network as if
 *   there were no service worker.
 */
declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

const PAGE_CACHE = 'convene-page-v1';
const PAGE_KEY = '/index.html';
/** How long a page load waits for a stalled network before the cached page is shown. */
const NETWORK_WAIT_MS = 4000;
const ASSET_CACHE = 'convene-assets-v1';
const NOT_THE_APP = /^\/(api|socket\.io|yjs|healthz)(\/|$)/;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

async function networkFirstPage(request: Request): Promise<Response> {
  const cache = await caches.open(PAGE_CACHE);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_WAIT_MS);
  try {
    // `cache: 'no-store'`: the browser's HTTP cache must not answer for the network here.
    const response = await fetch(request.url, { signal: controller.signal, cache: 'no-store' });
    if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html')) {
      await cache.put(PAGE_KEY, response.clone());
    }
    return response;
  } catch (err) {
    const cached = await cache.match(PAGE_KEY);
    if (cached) return cached;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    url.pathname.startsWith('/assets/') &&
    request.method === 'GET',
  new CacheFirst({
    cacheName: ASSET_CACHE,
    plugins: [new ExpirationPlugin({ maxEntries: 60, purgeOnQuotaError: true })],
  }),
);

registerRoute(
  new NavigationRoute(({ request }) => networkFirstPage(request), { denylist: [NOT_THE_APP] }),
);

// A new version takes over as soon as it is installed, and its first act is to keep a copy of
// the page (every route is the same page), so that the very next reload works offline even if
// no page has been loaded through this worker yet. Pages already open keep running the code
// they loaded; the next load gets the new page from the network.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      try {
        const response = await fetch('/', { cache: 'no-store' });
        if (response.ok) await (await caches.open(PAGE_CACHE)).put(PAGE_KEY, response);
      } catch {
        // Offline while installing: the page is kept on the next load that reaches the network.
      }
      await self.skipWaiting();
    })(),
  );
});
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
