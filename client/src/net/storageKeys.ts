import type { Role } from '@convene/shared';

/**
 * Every key this app keeps on the device, in one place (localStorage unless said): what a
 * device remembers, and what "forget this device" has to clear, can be read here. The boot
 * script (client/src/boot/earlyYjs.ts) imports nothing by design and spells the token key out
 * again; tests/unit/storageKeys.test.ts checks that the two agree.
 */
export const STORAGE_KEYS = {
  /** A role's token for a workshop (from its link's fragment), so a reload still opens it. */
  token: (role: Role, workshopId: string) => `convene:token:${role}:${workshopId}`,
  /** A series link's token, by series id. */
  seriesToken: (seriesId: string) => `convene:series:${seriesId}`,
  /** The series link a creator got, by series name (the home page's create form). */
  seriesTokenByName: (name: string) => `convene:series-token:${name.trim().toLowerCase()}`,
  /** The workshop a join code led to on this device. */
  joined: (joinCode: string) => `convene:joined:${joinCode}`,
  /** A participant's unsent draft for a question. */
  draft: (questionId: string) => `convene:draft:${questionId}`,
  /** A participant's outbox and own ideas (client/src/net/outbox.ts). */
  myIdeas: (workshopId: string) => `convene:my-ideas:${workshopId}`,
  /** The workshops this device created or opened (the home page's list). */
  myWorkshops: 'convene:my-workshops',
  /** The reader's interface language. */
  language: 'convene:language',
  /** Whether the facilitator's clustering help column is open. */
  clusteringHelp: 'convene:clusteringHelp',
  /** IndexedDB (idb-keyval): the last board a screen had, for an offline reload. */
  board: (role: Role, workshopId: string) => `convene:board:${role}:${workshopId}`,
} as const;
