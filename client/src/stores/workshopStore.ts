import type { BoardSnapshot, ErrorBody, Role } from '@convene/shared';
import { isDocWriter, readBoard } from '@convene/shared';
import { create } from 'zustand';
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
}

/** What every role screen renders from: the board as read from the Y.Doc, and the connection. */
export const useWorkshop = create<WorkshopState>(() => ({
  workshopId: null,
  status: 'connecting',
  synced: false,
  board: null,
  participants: 0,
  rejected: null,
}));

let connection: WorkshopConnection | null = null;
const reconnectListeners = new Set<() => void>();

/** The open connection (commands, and the doc for trusted writers' editors). */
export function currentConnection(): WorkshopConnection | null {
  return connection;
}

/** Runs `fn` after every reconnect of the command socket (used to flush queued commands). */
export function onReconnect(fn: () => void): () => void {
  reconnectListeners.add(fn);
  return () => reconnectListeners.delete(fn);
}

/** Opens the workshop's connection once for this page; safe to call again with the same id. */
export function connectWorkshop(workshopId: string, role: Role, token: string): WorkshopConnection {
  if (connection && useWorkshop.getState().workshopId === workshopId) return connection;
  connection?.destroy();
  useWorkshop.setState({
    workshopId,
    status: 'connecting',
    synced: false,
    board: null,
    rejected: null,
  });
  // The board is re-read at most every 30 ms, however many updates arrive in a burst, and not
  // at all when nothing changed since the last read (the first sync reads it at once; a second
  // read of a 1,000-idea board straight after would hold up the first frame).
  let dirty = false;
  let scheduled = false;
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
      onSynced: () => read({ synced: true }),
      onPresence: (participants) => useWorkshop.setState({ participants }),
      onRejected: (rejected) => useWorkshop.setState({ rejected }),
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
  });
  connection = conn;
  return conn;
}
