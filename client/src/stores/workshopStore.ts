import type { BoardSnapshot, ErrorBody } from '@convene/shared';
import { readBoard } from '@convene/shared';
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
export function connectWorkshop(workshopId: string, token: string): WorkshopConnection {
  if (connection && useWorkshop.getState().workshopId === workshopId) return connection;
  connection?.destroy();
  useWorkshop.setState({
    workshopId,
    status: 'connecting',
    synced: false,
    board: null,
    rejected: null,
  });
  const conn = openWorkshopConnection(workshopId, token, {
    onStatus: (status) => {
      useWorkshop.setState({ status });
      if (status === 'online') void syncClock();
    },
    onSynced: () => useWorkshop.setState({ synced: true, board: readBoard(conn.doc) }),
    onPresence: (participants) => useWorkshop.setState({ participants }),
    onRejected: (rejected) => useWorkshop.setState({ rejected }),
    onReconnect: () => {
      for (const fn of reconnectListeners) fn();
    },
  });
  // Re-read the board at most every 30 ms, however many updates arrive in a burst.
  let scheduled = false;
  conn.doc.on('update', () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      useWorkshop.setState({ board: readBoard(conn.doc) });
    }, 30);
  });
  connection = conn;
  return conn;
}
