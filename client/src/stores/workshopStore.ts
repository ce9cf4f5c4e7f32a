import type { BoardSnapshot, ErrorBody, Role } from '@convene/shared';
import { isDocWriter, readBoard } from '@convene/shared';
import * as Y from 'yjs';
import { create } from 'zustand';
import { currentConnection, setCurrentConnection } from '../net/currentConnection.ts';
import { earlyYjsFor } from '../net/earlySocket.ts';
import { forgetCachedBoard, loadCachedBoard, saveCachedBoard } from '../net/offline.ts';
import {
  type ConnectionStatus,
  openWorkshopConnection,
  type WorkshopConnection,
} from '../net/workshopConnection.ts';
import { syncClock } from './clock.ts';

interface WorkshopState {
  workshopId: string | null;
  status: ConnectionStatus;
  synced: boolean;
  board: BoardSnapshot | null;
  participants: number;
  rejected: ErrorBody | null;
  /**
   * When the board shown is the one this device kept from an earlier visit (reloaded while
   * offline): when it was kept. Null once the live board has arrived.
   */
  cachedAt: number | null;
}

/** What every role screen renders from: the board as read from the Y.Doc, and the connection. */
export const useWorkshop = create<WorkshopState>(() => ({
  workshopId: null,
  status: 'connecting',
  synced: false,
  board: null,
  participants: 0,
  rejected: null,
  cachedAt: null,
}));

/** How long after a change the board is kept for offline reloads. */
const KEEP_AFTER_MS = 3000;
const reconnectListeners = new Set<() => void>();

/** The open connection: held by the network layer (net/currentConnection.ts), set here. */
export { currentConnection };

/** Runs `fn` after every reconnect of the command socket (used to flush queued commands). */
export function onReconnect(fn: () => void): () => void {
  reconnectListeners.add(fn);
  return () => reconnectListeners.delete(fn);
}

/** Opens the workshop's connection once for this page; safe to call again with the same id. */
export function connectWorkshop(workshopId: string, role: Role, token: string): WorkshopConnection {
  const open = currentConnection();
  if (open && useWorkshop.getState().workshopId === workshopId) return open;
  open?.destroy();
  // Marks for the first-screen profile (tests/bench/profileScreen.ts); a few bytes, no cost.
  performance.mark('convene:connect');
  // Issue 18: the board as the server's JSON, fetched by the page's boot script while the app
  // loaded (boot/earlyYjs.ts). When it is here, the screen's first frame is drawn from it and
  // the replica applies the same board from the Yjs sync only after that frame; its first read
  // keeps this board object when it reads the same (no second render of the whole screen).
  const early = earlyYjsFor(workshopId, token);
  const first = early?.first && isBoardSnapshot(early.first.board) ? early.first : null;
  let firstJson = first?.json ?? null;
  useWorkshop.setState({
    workshopId,
    status: 'connecting',
    synced: false,
    board: first ? (first.board as BoardSnapshot) : null,
    rejected: null,
    cachedAt: null,
  });
  if (early && first) early.hold = afterNextFrame();
  else if (early) {
    // Still on its way: shown if it comes before the replica has read the board.
    void early.firstArrived.then((late) => {
      const state = useWorkshop.getState();
      if (!late || !isBoardSnapshot(late.board)) return;
      if (currentConnection() !== conn || state.synced || state.rejected) return;
      firstJson = late.json;
      useWorkshop.setState({ board: late.board, cachedAt: null });
    });
  }
  // The board is re-read at most every 30 ms, however many updates arrive in a burst, and not
  // at all when nothing changed since the last read (the first sync reads it at once; a second
  // read of a 1,000-idea board straight after would hold up the first frame).
  let dirty = false;
  let scheduled = false;
  let keepTimer: ReturnType<typeof setTimeout> | null = null;
  let kept = false; // true once the link was refused: nothing more is kept
  const read = (also: Partial<WorkshopState> = {}) => {
    dirty = false;
    let board: BoardSnapshot;
    try {
      board = readBoard(conn.doc);
    } catch (err) {
      // The readers are total (tested so); should one ever throw, the screen keeps the last
      // board it had and carries on with the next change, rather than freezing on this one.
      console.error('Convene: the board could not be read', err);
      useWorkshop.setState(also);
      return;
    }
    if (firstJson !== null) {
      // The first read after a first frame drawn from the server's JSON: the same board (the
      // same readBoard, serialised the same way) keeps the object on screen.
      const same = JSON.stringify(board) === firstJson;
      firstJson = null;
      if (same) {
        useWorkshop.setState(also);
        return;
      }
    }
    useWorkshop.setState({ ...also, board });
  };
  const conn = openWorkshopConnection(
    workshopId,
    token,
    {
      onStatus: (status) => {
        useWorkshop.setState({ status });
        if (status === 'online') void syncClock();
      },
      onSynced: () => {
        performance.mark('convene:synced');
        read({ synced: true, cachedAt: null });
        performance.mark('convene:board-read');
        keepSoon();
      },
      onPresence: (participants) => useWorkshop.setState({ participants }),
      onRejected: (rejected) => {
        useWorkshop.setState({ rejected });
        // A refused link keeps nothing on this device.
        if (rejected.code === 'unauthorized' || rejected.code === 'forbidden') {
          kept = true;
          void forgetCachedBoard(role, workshopId);
        }
      },
      onReconnect: () => {
        for (const fn of reconnectListeners) fn();
      },
    },
    { writer: isDocWriter(role) },
  );
  // (afterTransaction, not 'update': see openWorkshopConnection.)
  conn.doc.on('afterTransaction', (tr) => {
    if (tr.changed.size === 0 && tr.deleteSet.clients.size === 0) return;
    dirty = true;
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      if (dirty) read();
    }, 30);
    if (useWorkshop.getState().synced) keepSoon();
  });

  // The last board this device had, for a reload without the network: kept a few seconds after
  // changes (encoding a big board takes tens of milliseconds, so not on every change), and shown
  // only until the live board arrives.
  const keepNow = () => {
    if (keepTimer) clearTimeout(keepTimer);
    keepTimer = null;
    if (kept || currentConnection() !== conn || !useWorkshop.getState().synced) return;
    void saveCachedBoard(role, workshopId, Y.encodeStateAsUpdate(conn.doc));
  };
  function keepSoon() {
    if (keepTimer || kept) return;
    keepTimer = setTimeout(keepNow, KEEP_AFTER_MS);
  }
  addEventListener('pagehide', keepNow);
  void loadCachedBoard(role, workshopId).then((cached) => {
    const state = useWorkshop.getState();
    if (!cached || currentConnection() !== conn || state.synced || state.rejected) return;
    if (state.board && state.cachedAt === null) return; // the server's board is on screen
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, cached.state);
      useWorkshop.setState({ board: readBoard(doc), cachedAt: cached.savedAt });
    } catch (err) {
      console.warn('Convene: the board kept on this device could not be read', err);
      void forgetCachedBoard(role, workshopId); // unreadable: start without it
    } finally {
      doc.destroy();
    }
  });
  setCurrentConnection(conn);
  return conn;
}

/** Resolves once the next frame has been drawn (or soon, where frames are paused: a hidden tab). */
function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 500);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

/**
 * The shape of a board snapshot, checked before the server's JSON is drawn (issue 18). It
 * comes from this page's own server, built by the same readBoard as the replica's; this only
 * keeps a broken answer (a proxy's error page, a truncated body) from reaching the screens,
 * which then wait for the replica instead.
 */
function isBoardSnapshot(value: unknown): value is BoardSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Record<string, unknown>;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return (
    isObject(b.workshop) &&
    isObject(b.timer) &&
    typeof b.wallMode === 'string' &&
    Array.isArray(b.questions) &&
    Array.isArray(b.ideas) &&
    Array.isArray(b.clusters) &&
    Array.isArray(b.rounds)
  );
}
