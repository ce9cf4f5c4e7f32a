import type { CreatedWorkshopWithSeries } from '@convene/shared';
import { STORAGE_KEYS } from '../net/storageKeys.ts';

/**
 * The workshops created in this browser, with their links, so the organiser's page survives
 * Back, a reload and a closed tab. The links carry their tokens: this list is as sensitive as
 * the browser's history, which already holds them (docs/security.md, issue 12 item 9).
 */
export interface MyWorkshop {
  id: string;
  title: string;
  host: string | null;
  date: string | null;
  joinCode: string;
  /** When this browser created it (ISO), newest first in the list. */
  createdAt: string;
  links: { facilitator: string; participant: string; projector: string; rapporteur: string };
  seriesLink: string | null;
}

const KEY = STORAGE_KEYS.myWorkshops;
/** Enough for years of workshops; past it the oldest are dropped rather than the page failing. */
const MAX_KEPT = 200;

const isText = (v: unknown, max = 4000): v is string => typeof v === 'string' && v.length <= max;
const isTextOrNull = (v: unknown): v is string | null => v === null || isText(v);

/** Reads one stored entry, or null when it is not one (an older format, a hand edit). */
function parseEntry(v: unknown): MyWorkshop | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const links = o.links as Record<string, unknown> | null | undefined;
  if (
    !isText(o.id, 64) ||
    !isText(o.title) ||
    !isTextOrNull(o.host) ||
    !isTextOrNull(o.date) ||
    !isText(o.joinCode, 16) ||
    !isText(o.createdAt, 40) ||
    !isTextOrNull(o.seriesLink) ||
    typeof links !== 'object' ||
    links === null ||
    !isText(links.facilitator) ||
    !isText(links.participant) ||
    !isText(links.projector) ||
    !isText(links.rapporteur)
  ) {
    return null;
  }
  return {
    id: o.id,
    title: o.title,
    host: o.host,
    date: o.date,
    joinCode: o.joinCode,
    createdAt: o.createdAt,
    seriesLink: o.seriesLink,
    links: {
      facilitator: links.facilitator,
      participant: links.participant,
      projector: links.projector,
      rapporteur: links.rapporteur,
    },
  };
}

export function myWorkshops(): MyWorkshop[] {
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.map(parseEntry).filter((w): w is MyWorkshop => w !== null);
}

export function myWorkshop(id: string): MyWorkshop | null {
  return myWorkshops().find((w) => w.id === id) ?? null;
}

/** Keeps a workshop just created here; returns the entry as stored. */
export function rememberMyWorkshop(
  created: CreatedWorkshopWithSeries,
  fields: { title: string; host: string | null; date: string | null },
): MyWorkshop {
  const entry: MyWorkshop = {
    id: created.id,
    title: fields.title,
    host: fields.host,
    date: fields.date,
    joinCode: created.joinCode,
    createdAt: new Date().toISOString(),
    links: created.links,
    seriesLink: created.series?.link ?? null,
  };
  const kept = [entry, ...myWorkshops().filter((w) => w.id !== created.id)].slice(0, MAX_KEPT);
  localStorage.setItem(KEY, JSON.stringify(kept));
  return entry;
}

/** Drops a workshop from this browser's list (the workshop itself is not touched). */
export function forgetMyWorkshop(id: string): void {
  localStorage.setItem(KEY, JSON.stringify(myWorkshops().filter((w) => w.id !== id)));
}
