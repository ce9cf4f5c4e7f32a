import type { RateRule } from './rateLimiter.ts';

/**
 * Every limit the server enforces on its doors, in one place. The defaults are sized for a
 * room of 10–60 people behind one venue NAT (so per-address limits are generous for honest
 * use and tight only for failures), and for one process serving several such rooms.
 */
export interface ServerLimits {
  /** Every `POST /api/join` per client address (a whole room may share one address). */
  join: RateRule;
  /**
   * Wrong join codes per address answered 404; past them, 429. A correct code never counts
   * and is never refused for the wrong ones (see joinGuard.ts).
   */
  joinFailures: RateRule;
  /** Wrong codes an address may still have checked past `joinFailures` before none are. */
  joinGuessGrace: number;
  /** Wrong join codes from all addresses together (a campaign from many addresses). */
  joinFailuresGlobal: RateRule;
  /** `POST /api/workshops` per address. */
  createWorkshop: RateRule;
  /** Requests refused for a missing or wrong ADMIN_TOKEN, per address: guessing it. */
  adminFailures: RateRule;
  /** Facilitator actions over HTTP (delete, purge, revoke, new links) per address. */
  adminActions: RateRule;
  /** Socket commands per participant (or per role token), across all their sockets. */
  commands: RateRule;
  /** Participants one workshop accepts (a flood of joins must not grow the store forever). */
  participantsPerWorkshop: number;
  /** Yjs endpoint: the largest frame (ws closes bigger ones with 1009). */
  yjsMaxFrame: number;
  /** Yjs endpoint: most fragments one message may come in (browsers send one). */
  yjsMaxFragments: number;
  /** Yjs endpoint: the largest awareness message (presence is not relayed; it is answered). */
  yjsMaxAwareness: number;
  /**
   * Yjs endpoint: the largest state vector in a sync request. Each entry is a client that ever
   * wrote the doc (~8 bytes): a workshop's writers over its whole life stay far below.
   */
  yjsMaxStateVector: number;
  /** Yjs endpoint: unsent bytes a peer may have before it counts as stalled and is dropped. */
  yjsMaxBuffered: number;
  /**
   * The largest a workshop's stored doc may grow by writers' updates. A 10,000-idea board with
   * its notes and brief is ~3 MB.
   */
  yjsMaxDoc: number;
  /** Live (unrevoked) projector or rapporteur links one workshop may have, per role. */
  linksPerRole: number;
  /** Yjs frames per token (all its connections together). */
  yjsFrames: RateRule;
  /** Yjs bytes received and sync replies sent, per token. */
  yjsBytes: RateRule;
  /**
   * Bytes of writers' updates per workshop, all writers together: each costs the server a
   * staged apply, a flushed commit and a relay to every screen, so five rapporteur links
   * pushing at once must not take the machine.
   */
  yjsRoomWrites: RateRule;
  /** Refused writer updates per token; past it, the token's Yjs connections are turned away. */
  yjsRefusals: RateRule;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ServerLimits = {
  join: { burst: 120, perSecond: 2 },
  joinFailures: { burst: 10, perSecond: 0.2 },
  // A venue of 60 with a typo each stays far below; 60 wrong codes in a few minutes is guessing.
  joinGuessGrace: 50,
  // 86,400 wrong codes a day server-wide: the guessing arithmetic is in docs/security.md.
  joinFailuresGlobal: { burst: 600, perSecond: 1 },
  createWorkshop: { burst: 20, perSecond: 1 / 30 },
  adminFailures: { burst: 10, perSecond: 0.1 },
  adminActions: { burst: 60, perSecond: 1 },
  commands: { burst: 60, perSecond: 10 },
  participantsPerWorkshop: 2000,
  // A 1,000-idea board is ~230 KB; a writer's catch-up after a long disconnect stays far below.
  yjsMaxFrame: 8 * MiB,
  yjsMaxFragments: 64,
  yjsMaxAwareness: 64 * 1024,
  yjsMaxStateVector: 256 * 1024,
  yjsMaxBuffered: 16 * MiB,
  yjsMaxDoc: 16 * MiB,
  linksPerRole: 20,
  // A rapporteur typing fast sends ~20 frames a second; a reconnect sends three.
  yjsFrames: { burst: 500, perSecond: 100 },
  yjsBytes: { burst: 24 * MiB, perSecond: 2 * MiB },
  // A rapporteur pasting a day's notes sends ~100 KB; a writer back from an hour offline, less
  // than a megabyte.
  yjsRoomWrites: { burst: 4 * MiB, perSecond: 512 * 1024 },
  yjsRefusals: { burst: 3, perSecond: 1 / 30 },
};

export function resolveLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}
