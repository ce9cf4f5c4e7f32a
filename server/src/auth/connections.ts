import type { Session } from './authenticator.ts';

/** Why the server is ending a live connection. */
/**
 * `moved`: cluster mode (issue 17), this node no longer holds the workshop; the client
 * reconnects and the proxy takes it to the node that does.
 */
export type CutReason = 'revoked' | 'deleted' | 'moved';

/** Which endpoint a connection came through (the metrics count each; issue 17). */
export type ConnectionKind = 'socketio' | 'yjs';

/** A socket.io socket or a Yjs WebSocket, as revocation sees it. */
export interface LiveConnection {
  session: Session;
  kind: ConnectionKind;
  /** Ends the connection now; the client learns why from the close code or event. */
  cut(reason: CutReason): void;
}

/**
 * Every live connection by workshop, so that revoking a token or deleting a workshop takes
 * effect at once: a token is checked when a connection opens, and a connection that outlives
 * its token would otherwise keep working.
 */
export class ConnectionRegistry {
  private readonly byWorkshop = new Map<string, Set<LiveConnection>>();

  /** Registers a connection; call the returned function when it closes. */
  add(conn: LiveConnection): () => void {
    const id = conn.session.workshopId;
    let set = this.byWorkshop.get(id);
    if (!set) {
      set = new Set();
      this.byWorkshop.set(id, set);
    }
    set.add(conn);
    return () => {
      const s = this.byWorkshop.get(id);
      if (!s) return;
      s.delete(conn);
      if (s.size === 0) this.byWorkshop.delete(id);
    };
  }

  /** Cuts the workshop's connections whose session matches; returns how many. */
  cut(workshopId: string, reason: CutReason, matches: (s: Session) => boolean = () => true) {
    const set = this.byWorkshop.get(workshopId);
    if (!set) return 0;
    let n = 0;
    for (const conn of [...set]) {
      if (!matches(conn.session)) continue;
      set.delete(conn);
      n++;
      conn.cut(reason);
    }
    if (set.size === 0) this.byWorkshop.delete(workshopId);
    return n;
  }

  count(workshopId: string): number {
    return this.byWorkshop.get(workshopId)?.size ?? 0;
  }

  /** Live connections of one kind on this node, across workshops (read when /metrics is scraped). */
  countKind(kind: ConnectionKind): number {
    let n = 0;
    for (const set of this.byWorkshop.values()) {
      for (const conn of set) if (conn.kind === kind) n++;
    }
    return n;
  }
}
