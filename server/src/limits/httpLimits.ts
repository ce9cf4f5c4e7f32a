import { errorBody } from '@convene/shared';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  type RateDecision,
  type RateLimiter,
  retryAfterSeconds,
  secondsText,
} from './rateLimiter.ts';

/**
 * The key for a client address. IPv6 hosts usually own a whole /64 and can pick any address in
 * it, so they are counted by that prefix; IPv4 (and IPv4-mapped) addresses count one by one.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4?.[1]) return v4[1];
  if (!ip.includes(':')) return ip;
  const [head = ''] = ip.split('::');
  const groups = head.split(':').filter(Boolean);
  while (groups.length < 4) groups.push('0');
  return `${groups.slice(0, 4).join(':')}::/64`;
}

export function clientAddress(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress);
}

/** Answers 429 `rate_limited` with `Retry-After` (seconds). */
export function sendRateLimited(res: Response, decision: RateDecision & { ok: false }): void {
  const seconds = retryAfterSeconds(decision.retryAfterMs);
  res.setHeader('Retry-After', String(seconds));
  res
    .status(429)
    .json(errorBody('rate_limited', `Too many attempts; try again in ${secondsText(seconds)}`));
}

/** Every request through this handler spends one token of its address. */
export function limitEveryRequest(limiter: RateLimiter): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const decision = limiter.take(clientAddress(req));
    if (!decision.ok) return sendRateLimited(res, decision);
    next();
  };
}

/**
 * Only requests that end with one of `statuses` spend a token (failed guesses), but once the
 * address has none left every request is refused until it refills: an address that guesses
 * join codes or the admin token is slowed down, a room of people typing the right code is not.
 */
export function limitFailures(limiter: RateLimiter, statuses: readonly number[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = clientAddress(req);
    const decision = limiter.peek(key);
    if (!decision.ok) return sendRateLimited(res, decision);
    res.on('finish', () => {
      if (statuses.includes(res.statusCode)) limiter.charge(key);
    });
    next();
  };
}
