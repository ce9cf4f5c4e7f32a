import type { WorkshopConnection } from './workshopConnection.ts';

/**
 * The page's open workshop connection, held by the network layer: commands and queries
 * (commands.ts, senseQueries.ts) reach it here without importing a store. The workshop store
 * (stores/workshopStore.ts) opens it and sets it; nothing else does.
 */
let connection: WorkshopConnection | null = null;

/** The open connection (commands, and the doc for trusted writers' editors). */
export function currentConnection(): WorkshopConnection | null {
  return connection;
}

export function setCurrentConnection(next: WorkshopConnection | null): void {
  connection = next;
}
