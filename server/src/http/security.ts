import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import { errorBody } from '@convene/shared';
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
      // 'self' covers ws:/wss: to this same host and port (CSP Level 3); no other host.
      "connect-src 'self'",
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

export interface HostPolicy {
  /** PUBLIC_URL: links are built on it, so its host is always allowed. */
  publicUrl?: string | undefined;
  /** HOST the server listens on (an address or a name); 0.0.0.0 and :: add nothing. */
  listenHost?: string | undefined;
  /** ALLOWED_HOSTS: more names browsers may use (a venue DNS name); `*` turns the check off. */
  allowedHosts?: readonly string[];
}

/** The host name of a Host header or URL host, lower case, without port or IPv6 brackets. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * Whether a request's Host names this server. A page on another site can point its own name at
 * this server's address (DNS rebinding); the browser then sends that name as Host and as
 * Origin, so "Origin equals Host" proves nothing. The names a browser legitimately uses are the
 * server's own: localhost, the addresses it prints (read afresh, Wi-Fi addresses change), its
 * machine name, HOST, PUBLIC_URL and ALLOWED_HOSTS.
 */
export function createHostCheck(policy: HostPolicy = {}): (req: IncomingMessage) => boolean {
  const extra = (policy.allowedHosts ?? []).map(hostName);
  if (extra.includes('*')) return () => true;
  const fixed = new Set<string>(['localhost', '127.0.0.1', '::1', ...extra]);
  if (policy.publicUrl) fixed.add(hostName(new URL(policy.publicUrl).host));
  if (policy.listenHost && !['0.0.0.0', '::'].includes(policy.listenHost)) {
    fixed.add(hostName(policy.listenHost));
  }
  const machine = os.hostname().toLowerCase();
  fixed.add(machine);
  fixed.add(`${machine}.local`);
  let addresses = new Set<string>();
  let readAt = -Infinity;
  const ownAddresses = (): Set<string> => {
    if (performance.now() - readAt > 10_000) {
      addresses = new Set(
        Object.values(os.networkInterfaces())
          .flatMap((list) => list ?? [])
          .map((a) => a.address.toLowerCase()),
      );
      readAt = performance.now();
    }
    return addresses;
  };
  return (req) => {
    const host = req.headers.host;
    if (!host) return false;
    const name = hostName(host);
    return fixed.has(name) || name.endsWith('.localhost') || ownAddresses().has(name);
  };
}

/**
 * Browsers send Origin on WebSocket handshakes; a page on another site must not open a socket
 * with a token it stole or guessed. Clients that are not browsers send no Origin.
 */
export function createOriginCheck(
  publicUrl: string | undefined,
  isOwnHost: (req: IncomingMessage) => boolean = createHostCheck({ publicUrl }),
) {
  const allowed = publicUrl ? new URL(publicUrl).origin : null;
  return (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (allowed && origin === allowed) return true;
    const host = req.headers.host;
    if (!host || !isOwnHost(req)) return false;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  };
}

/** Refuses API requests addressed to a host name that is not this server's (DNS rebinding). */
export function requireOwnHost(isOwnHost: (req: IncomingMessage) => boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isOwnHost(req)) {
      next();
      return;
    }
    res
      .status(421)
      .json(
        errorBody(
          'misdirected_request',
          'This server does not answer for that host name; its operator can add it with PUBLIC_URL or ALLOWED_HOSTS',
        ),
      );
  };
}

/**
 * Requests Node refuses before express sees them (headers over 16 KB, a request line that is not
 * HTTP) get the same JSON error envelope as everything else instead of a bare status line.
 */
export function answerClientErrors(httpServer: Server): void {
  httpServer.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify(
      tooLarge
        ? errorBody('payload_too_large', 'The request headers are too large')
        : errorBody('invalid_payload', 'The request could not be read'),
    );
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
