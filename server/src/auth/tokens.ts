import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@convene/shared';

/** A capability token: 256 random bits, url-safe. Only its hash is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of the token; lookups by hash keep the secret itself out of timing and out of the db. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Whether a value could be a token at all (checked before any look-up of it). */
export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && token.length >= 20 && token.length <= 200;
}

/** Opaque identifiers: 96 random bits, url-safe. */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** A short join code; uniqueness is checked by the caller. */
export function newJoinCode(): string {
  const bytes = randomBytes(JOIN_CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length];
  return code;
}

/** The longest bearer token read; longer ones are refused unread (see config: ADMIN_TOKEN). */
export const MAX_TOKEN_LENGTH = 200;
const BEARER = new RegExp(`^Bearer\\s+(\\S{1,${MAX_TOKEN_LENGTH}})$`, 'i');

/** Reads `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = BEARER.exec(header);
  return m?.[1] ?? null;
}
