import type { EarlyYjsSocket } from '../boot/earlyYjs.ts';

/**
 * The WebSocket class the Yjs provider opens its connections with: the first time, it takes
 * over the socket the page opened before the app ran (boot/earlyYjs.ts) when that socket is for
 * the same URL; every other time (a reconnect, another workshop, no early socket) it is a plain
 * WebSocket.
 */
export function earlyAwareWebSocket(
  take: () => EarlyYjsSocket | undefined = takeEarlyYjs,
  Socket: typeof WebSocket = WebSocket,
): typeof WebSocket {
  // A constructor that returns an object gives `new` that object: the provider gets either the
  // adopted socket or a new one, through the one `new provider._WS(url)` it calls.
  function EarlyAwareWebSocket(url: string | URL, protocols?: string | string[]): WebSocket {
    const early = take();
    if (early && early.url === String(url) && !early.taken) {
      return new AdoptedSocket(early) as unknown as WebSocket;
    }
    early?.socket.close(); // opened for something else: not needed
    return new Socket(url, protocols);
  }
  return EarlyAwareWebSocket as unknown as typeof WebSocket;
}

/** The page's early socket when it was opened for this workshop and token, not taken yet. */
export function earlyYjsFor(workshopId: string, token: string): EarlyYjsSocket | null {
  if (typeof window === 'undefined') return null;
  const early = window.__conveneEarlyYjs;
  // The app connects without one: a boot script that runs after this opens nothing.
  if (early === undefined) window.__conveneEarlyYjs = null;
  return early && !early.taken && early.workshopId === workshopId && early.token === token
    ? early
    : null;
}

function takeEarlyYjs(): EarlyYjsSocket | undefined {
  if (typeof window === 'undefined') return undefined;
  const early = window.__conveneEarlyYjs;
  window.__conveneEarlyYjs = null; // taken, or too late for one: none is opened after this
  return early ?? undefined;
}

const sameBytes = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

/**
 * The early socket as the provider sees it: what arrived before is replayed in order once the
 * provider has set its handlers (it does so right after `new`) and the app's hold, if any, is
 * over; then events pass straight through. The provider's own first sync request is not sent again when the early socket sent
 * the same one on opening (the board would otherwise come twice).
 */
class AdoptedSocket {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  private firstSend = true;

  constructor(private readonly early: EarlyYjsSocket) {
    early.taken = true;
    const replay = () => {
      const waiting = early.events.splice(0);
      early.deliver = (event) => this.dispatch(event);
      for (const event of waiting) this.dispatch(event);
    };
    queueMicrotask(() => {
      if (early.hold) early.hold.then(replay, replay);
      else replay();
    });
  }

  get url(): string {
    return this.early.url;
  }
  get readyState(): number {
    return this.early.socket.readyState;
  }
  get bufferedAmount(): number {
    return this.early.socket.bufferedAmount;
  }
  get binaryType(): BinaryType {
    return this.early.socket.binaryType;
  }
  set binaryType(type: BinaryType) {
    this.early.socket.binaryType = type;
  }

  send(data: Uint8Array | ArrayBuffer | string): void {
    const first = this.firstSend;
    this.firstSend = false;
    if (
      first &&
      this.early.requested &&
      typeof data !== 'string' &&
      sameBytes(new Uint8Array(data), EARLY_REQUEST)
    ) {
      return;
    }
    this.early.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.early.socket.close(code, reason);
  }

  private dispatch(event: Event): void {
    if (event.type === 'open') this.onopen?.(event);
    else if (event.type === 'message') this.onmessage?.(event as MessageEvent);
    else if (event.type === 'error') this.onerror?.(event);
    else if (event.type === 'close') this.onclose?.(event as CloseEvent);
  }
}

/** boot/earlyYjs.ts's EMPTY_SYNC_REQUEST (not imported: that would tie the boot entry to this chunk). */
const EARLY_REQUEST = [0, 0, 1, 0];
