/**
 * The first script a participant's or projector's page runs (issue 18). While the app's own
 * code is still being fetched and compiled, it
 *
 * - opens the Yjs connection and asks for the board, so that by the time the screen connects
 *   the board has already arrived, and
 * - asks the server for the board as JSON (`GET /api/workshops/:id/board`, the same readBoard
 *   the screen would compute), so that the screen can draw its first frame before its replica
 *   has applied the Yjs board (for 1,000 ideas, tens of milliseconds on a phone).
 *
 * It is its own tiny entry (vite.config.ts), loaded `async` ahead of the app
 * (server/src/http/clientPages.ts), and imports nothing: anything it shared with the app would
 * become a chunk it has to wait for. It keeps what arrives, unread; the page's Yjs provider takes
 * the socket over (client/src/net/earlySocket.ts) and reads it as if it had opened it itself.
 * The socket speaks the same y-websocket protocol, with the same URL and token, as the provider
 * would; the token goes in an Authorization header, as for every API call, never in a URL that
 * a cache could keep.
 */

/** Roles whose screens read the board without writing it: their first sync is one request. */
const EARLY_ROLES = new Set(['participant', 'projector']);

/**
 * The sync request (y-websocket sync step 1) of an empty doc: message type 0 (sync), step 1,
 * then the state vector of a doc with nothing in it (one byte, 0 clients) with its length.
 */
export const EMPTY_SYNC_REQUEST: readonly number[] = [0, 0, 1, 0];

/** How long an early socket waits to be taken over before it is closed. */
const KEEP_MS = 15_000;

/** The board as the server's JSON: its text (to compare with the replica's) and its value. */
export interface FirstBoard {
  json: string;
  board: unknown;
}

/** A Yjs socket opened before the app ran, and what it received until the app took it over. */
export interface EarlyYjsSocket {
  url: string;
  workshopId: string;
  token: string;
  socket: WebSocket;
  /** Its events (open, message, error, close), in order, until it is taken over. */
  events: Event[];
  /** Set when the page's provider takes the socket over: nothing else may take or close it. */
  taken: boolean;
  /** Once the provider has its handlers set: events go straight to it. */
  deliver: ((event: Event) => void) | null;
  /** Whether the empty doc's sync request went out when the socket opened. */
  requested: boolean;
  /** The board as JSON: undefined while it is on its way, null when there is none. */
  first: FirstBoard | null | undefined;
  /** Resolves with `first` once it is known. */
  firstArrived: Promise<FirstBoard | null>;
  /**
   * Set by the app before its provider takes the socket over: what arrived is replayed only once
   * it resolves (the first frame drawn from `first` goes before applying the same board).
   */
  hold: Promise<void> | null;
}

declare global {
  interface Window {
    /**
     * The early Yjs socket, until the page's provider takes it (net/earlySocket.ts); null once
     * the app has connected without one (this script came too late: it then opens nothing).
     */
    __conveneEarlyYjs?: EarlyYjsSocket | null;
  }
}

interface PageLocation {
  protocol: string;
  host: string;
  pathname: string;
  hash: string;
}

/** Which workshop a read-only screen's page opens, with which token; null for other pages. */
export function earlyTarget(
  page: PageLocation,
  stored: (key: string) => string | null,
): { url: string; workshopId: string; token: string } | null {
  const [, role = '', id = ''] = page.pathname.split('/');
  if (!EARLY_ROLES.has(role) || !id) return null;
  let workshopId: string;
  try {
    workshopId = decodeURIComponent(id);
  } catch {
    return null; // App.tsx's route() throws on it too: no screen will connect
  }
  const token =
    new URLSearchParams(page.hash.slice(1)).get('token') ||
    stored(`convene:token:${role}:${workshopId}`);
  if (!token) return null;
  const ws = page.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${ws}://${page.host}/yjs/${workshopId}?token=${encodeURIComponent(token)}`;
  return { url, workshopId, token };
}

/**
 * The Yjs URL the page's provider will open (net/workshopConnection.ts; y-websocket appends the
 * room and the encoded params), or null when the page is not a read-only role's screen or has
 * no token. The token is found as net/tokens.ts finds it: in the fragment, else kept on the
 * device under the same key (unit-tested against both).
 */
export function earlyYjsUrl(
  page: PageLocation,
  stored: (key: string) => string | null,
): string | null {
  return earlyTarget(page, stored)?.url ?? null;
}

/** A mark for the first-screen profile (tests/bench/profileScreen.ts). */
const mark = (name: string) => globalThis.performance?.mark?.(`convene:${name}`);

/** The board as JSON from the server, or null (none for this board, refused, offline). */
export async function fetchFirstBoard(
  workshopId: string,
  token: string,
  get: typeof fetch,
): Promise<FirstBoard | null> {
  try {
    const res = await get(`/api/workshops/${encodeURIComponent(workshopId)}/board`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    if (res.status !== 200) return null;
    const json = await res.text();
    const board: unknown = JSON.parse(json);
    mark('early-snapshot');
    return { json, board };
  } catch {
    return null;
  }
}

/** Opens the socket, asks for the board once open, and keeps every event until taken over. */
export function openEarlyYjs(
  target: { url: string; workshopId: string; token: string },
  Socket: new (url: string) => WebSocket,
  firstBoard: Promise<FirstBoard | null> = Promise.resolve(null),
  keepMs = KEEP_MS,
): EarlyYjsSocket {
  const socket = new Socket(target.url);
  socket.binaryType = 'arraybuffer';
  const early: EarlyYjsSocket = {
    ...target,
    socket,
    events: [],
    taken: false,
    deliver: null,
    requested: false,
    first: undefined,
    firstArrived: firstBoard.then((first) => {
      early.first = first;
      return first;
    }),
    hold: null,
  };
  const keep = (event: Event) => {
    if (early.deliver) early.deliver(event);
    else early.events.push(event);
  };
  socket.onopen = (event) => {
    socket.send(new Uint8Array(EMPTY_SYNC_REQUEST));
    early.requested = true;
    mark('early-open');
    keep(event);
  };
  socket.onmessage = (event: MessageEvent) => {
    // The board (sync step 2) is the mark the first-screen profile looks for.
    if (event.data instanceof ArrayBuffer && new Uint8Array(event.data, 0, 2).join() === '0,1')
      mark('early-board');
    keep(event);
  };
  socket.onerror = keep;
  socket.onclose = keep;
  // A page whose screen never connects (a broken chunk, a different screen) lets it go.
  setTimeout(() => {
    if (early.taken) return;
    socket.close();
    if (typeof window !== 'undefined' && window.__conveneEarlyYjs === early)
      delete window.__conveneEarlyYjs;
  }, keepMs);
  return early;
}

if (
  typeof window !== 'undefined' &&
  typeof WebSocket !== 'undefined' &&
  window.__conveneEarlyYjs !== null
) {
  let target: ReturnType<typeof earlyTarget> = null;
  try {
    target = earlyTarget(location, (key) => localStorage.getItem(key));
  } catch {
    target = null; // storage refused (a privacy mode): the screen connects as usual
  }
  if (target) {
    mark('early-start');
    const first = fetchFirstBoard(target.workshopId, target.token, fetch);
    window.__conveneEarlyYjs = openEarlyYjs(target, WebSocket, first);
  }
}
