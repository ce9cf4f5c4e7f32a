import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** Headers every response carries. The client has no inline scripts, so the CSP forbids them. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self' ws: wss:",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ].join('; '),
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  next();
}

/**
 * Browsers send Origin on WebSocket handshakes; a page on another site must not open a socket
 * with a token it stole or guessed. Clients that are not browsers send no Origin.
 */
export function createOriginCheck(publicUrl: string | undefined) {
  const allowed = publicUrl ? new URL(publicUrl).origin : null;
  return (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (allowed && origin === allowed) return true;
    const host = req.headers.host;
    if (!host) return false;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  };
}
