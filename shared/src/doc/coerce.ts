/**
 * Coercions the doc readers use to turn whatever a replica holds into well-typed values.
 *
 * The doc is written by the server and by trusted writers (facilitators, rapporteurs), and a
 * writer's bug or a hostile writer can put anything into any key: null in an array, a Y.Map
 * where a string belongs, NaN, a megabyte of text, nested junk. Every screen renders from the
 * readers, so a reader that throws or passes a wrong type through blanks every screen in the
 * room. These helpers never throw and return either a value of the promised type or the
 * caller's default; entries that cannot be made sense of are dropped by the readers.
 *
 * They know nothing of the doc's layout (boardDoc.ts and briefDoc.ts do).
 */

/** Server and client ids are url-safe and short (IdSchema in protocol/schemas.ts). */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An id as every server- and client-made id looks, else null. */
export function idOrNull(v: unknown): string | null {
  return typeof v === 'string' && ID.test(v) ? v : null;
}

/**
 * A string of at most `max` UTF-16 units. Longer ones are cut (at a character boundary): no
 * command or import writes anything near `max`, and a screen handed a megabyte-long title
 * would spend its time laying it out.
 */
export function text(v: unknown, max: number, fallback = ''): string {
  if (typeof v !== 'string') return fallback;
  if (v.length <= max) return v;
  // Never leave half a surrogate pair at the end.
  const cut = /[\uD800-\uDBFF]/.test(v.charAt(max - 1)) ? max - 1 : max;
  return v.slice(0, cut);
}

/** Like `text`, with null for a missing or empty value. */
export function textOrNull(v: unknown, max: number): string | null {
  const s = text(v, max);
  return s === '' ? null : s;
}

/**
 * A whole number in [min, max], else the fallback. Out-of-range values fall back rather than
 * being clamped: they are not something any command writes, so there is nothing to be near.
 */
export function int(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
}

/** Like `int`, with null as the fallback. */
export function intOrNull(v: unknown, min: number, max: number): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : null;
}

/** A count, a position, a sequence number or an epoch time: a safe whole number ≥ 0, else 0. */
export function count(v: unknown, fallback = 0): number {
  return int(v, 0, Number.MAX_SAFE_INTEGER, fallback);
}

/** Like `count`, with null as the fallback. */
export function countOrNull(v: unknown): number | null {
  return intOrNull(v, 0, Number.MAX_SAFE_INTEGER);
}

/**
 * A plain JSON object (what Yjs decodes an object value into), else null: never a Y type, an
 * array, binary content or a subdocument. Reading its fields can still throw on a replica where
 * a local bug stored an object with a throwing getter; callers read through `safely`.
 */
export function record(v: unknown): Record<string, unknown> | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  return Object.getPrototypeOf(v) === Object.prototype ? (v as Record<string, unknown>) : null;
}

/** The first `max` items of an array, else null. */
export function list(v: unknown, max: number): unknown[] | null {
  return Array.isArray(v) ? (v.length > max ? v.slice(0, max) : v) : null;
}

/** Runs a reader of one value; anything it throws becomes the fallback. */
export function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
