import type { ErrorBody } from '@convene/shared';

/** A refusal from the server, with its code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from `Retry-After` on a 429, to say when to try again in the reader's language. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/** Attempts at a request that a cluster's node refused with `not_owner` (see fetchOwner). */
const NOT_OWNER_ATTEMPTS = 12;

/**
 * fetch, retried while a server of a cluster answers `503 not_owner` (issue 17: another node
 * holds the workshop now). That refusal comes before the request did anything, so even a POST
 * is safe to send again; the proxy takes the retry to another node — the owner, or one that can
 * take the workshop once its lease is free (a few seconds after a node died). One server, no
 * cluster: never answered, never retried.
 */
export async function fetchOwner(path: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(path, init);
    if (res.status !== 503 || attempt >= NOT_OWNER_ATTEMPTS) return res;
    const body = (await res
      .clone()
      .json()
      .catch(() => null)) as { error?: ErrorBody } | null;
    if (body?.error?.code !== 'not_owner') return res;
    const seconds = Number(res.headers.get('retry-after'));
    const wait = (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
    await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
  }
}

/** JSON request to the Convene API; errors come back as ApiError with the server's code. */
export async function apiFetch<T>(
  path: string,
  options: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetchOwner(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server cannot be reached.');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data as { error?: ErrorBody } | null)?.error;
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiError(
      res.status,
      err?.code ?? 'http_error',
      err?.message ?? res.statusText,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return data as T;
}

/** Downloads a file from an authenticated route (the browser cannot add headers to a link). */
export async function downloadFile(path: string, token: string, fallbackName: string) {
  const res = await fetchOwner(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new ApiError(res.status, 'download_failed', 'The export failed.');
  await saveResponse(res, fallbackName);
}

/** Saves a fetched file under the name its `Content-Disposition` gives. */
export async function saveResponse(res: Response, fallbackName: string) {
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A random id that works on plain-http LAN addresses too (randomUUID needs a secure context). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
