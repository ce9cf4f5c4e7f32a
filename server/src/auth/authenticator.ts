import type { Role } from '@convene/shared';
import type { Store } from '../store/store.ts';
import { hashToken, isTokenShaped } from './tokens.ts';

/** What a valid token opens: one workshop, in one role. */
export interface Session {
  workshopId: string;
  role: Role;
  participantId: string | null;
  /** Hash of the token, a stable key for the holder that reveals nothing. */
  tokenHash: string;
}

export interface Authenticator {
  fromToken(token: unknown): Session | null;
}

export function createAuthenticator(store: Store): Authenticator {
  return {
    fromToken(token) {
      if (!isTokenShaped(token)) return null;
      const row = store.tokenByHash(hashToken(token));
      if (!row) return null;
      return {
        workshopId: row.workshopId,
        role: row.role,
        participantId: row.participantId,
        tokenHash: row.hash,
      };
    },
  };
}
