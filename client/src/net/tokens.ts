import type { Role } from '@convene/shared';
import { STORAGE_KEYS } from './storageKeys.ts';

/** Where a role's token for a workshop is kept in localStorage. */
export const tokenKey = STORAGE_KEYS.token;

/**
 * Role links carry their token in the URL fragment (never sent to the server or in Referer).
 * It is kept in localStorage so that a reload or a reopened tab still works.
 */
export function tokenFor(role: Role, workshopId: string): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    localStorage.setItem(tokenKey(role, workshopId), fromHash);
    return fromHash;
  }
  return localStorage.getItem(tokenKey(role, workshopId));
}

export function rememberToken(role: Role, workshopId: string, token: string): void {
  localStorage.setItem(tokenKey(role, workshopId), token);
}

export function forgetToken(role: Role, workshopId: string): void {
  localStorage.removeItem(tokenKey(role, workshopId));
}
