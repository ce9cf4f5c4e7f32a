import type { CommandMap, CommandName } from './commandSpecs.ts';
import type { ErrorBody } from './errors.ts';

/** Roles a token can carry. */
export const ROLES = ['facilitator', 'rapporteur', 'projector', 'participant'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may write to the workshop's Y.Doc directly. */
export function isDocWriter(role: Role): boolean {
  return role === 'facilitator' || role === 'rapporteur';
}

/** A failed acknowledgement. */
export interface AckError {
  ok: false;
  error: ErrorBody;
}

/** Every acknowledgement: success with a payload, or an error. */
export type Ack<T extends object = Record<never, never>> = ({ ok: true } & T) | AckError;

/** What the server tells a socket about itself right after it connects. */
export interface SessionInfo {
  workshopId: string;
  role: Role;
  participantId: string | null;
}

/** Facts the server pushes to sockets (past tense). */
export interface ServerEvents {
  'session:ready': (info: SessionInfo) => void;
  'presence:changed': (presence: { participants: number }) => void;
}

/** socket.io's view of client → server events. */
export type ClientEvents = {
  [K in CommandName]: (
    payload: CommandMap[K]['payload'],
    ack: (reply: Ack<CommandMap[K]['reply']>) => void,
  ) => void;
};
