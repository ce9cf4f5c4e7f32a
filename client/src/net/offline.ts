import type { Role } from '@convene/shared';
import { del, get, set } from 'idb-keyval';
import { STORAGE_KEYS } from './storageKeys.ts';

/**
 * What lets a screen come back without the network (docs/offline.md):
 *
 * - the service worker (client/sw/sw.ts), registered here, which serves the app's files and
 *   page when the network is gone;
 * - the last board this screen had, kept in IndexedDB as the Yjs state it was read from, so
 *   that a reload while offline shows it (marked offline) instead of an empty page.
 *
 * Service workers exist only in secure contexts (https, or http on localhost): a server
 * reached by plain http on a LAN address gets neither, and works as before.
 */

/** The asset cache the service worker serves /assets/ from (same name as in sw.ts). */
const ASSET_CACHE = 'convene-assets-v1';

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(
    () => {
      // The files this page loaded before the worker controlled it (the first visit) are not
      // in its cache yet: hand them over, so that the first reload offline finds its screen.
      void navigator.serviceWorker.ready.then(keepLoadedAssets);
    },
    (err: unknown) => console.warn('Convene: offline support is not available here', err),
  );
}

async function keepLoadedAssets(): Promise<void> {
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/'))
    .map((u) => u.pathname);
  if (urls.length === 0) return;
  try {
    const cache = await caches.open(ASSET_CACHE);
    const missing: string[] = [];
    for (const url of new Set(urls)) if (!(await cache.match(url))) missing.push(url);
    // Hashed files are immutable: these come from the browser's HTTP cache, not the network.
    await cache.addAll(missing);
  } catch {
    // A full quota or a file gone with a new version: the worker keeps what it fetches itself.
  }
}

const boardKey = STORAGE_KEYS.board;

export interface CachedBoard {
  /** Y.encodeStateAsUpdate of the screen's replica. */
  state: Uint8Array;
  /** When it was kept (this device's clock). */
  savedAt: number;
}

export async function loadCachedBoard(role: Role, workshopId: string): Promise<CachedBoard | null> {
  try {
    const value = (await get(boardKey(role, workshopId))) as Partial<CachedBoard> | undefined;
    if (!value || !(value.state instanceof Uint8Array) || typeof value.savedAt !== 'number') {
      return null;
    }
    return { state: value.state, savedAt: value.savedAt };
  } catch {
    return null; // IndexedDB unavailable (private mode, quota): no cached board, no harm.
  }
}

export async function saveCachedBoard(role: Role, workshopId: string, state: Uint8Array) {
  try {
    await set(boardKey(role, workshopId), { state, savedAt: Date.now() } satisfies CachedBoard);
  } catch {
    // Same: a screen without a cached board still works online.
  }
}

export async function forgetCachedBoard(role: Role, workshopId: string): Promise<void> {
  try {
    await del(boardKey(role, workshopId));
  } catch {
    // Nothing to forget.
  }
}
