import { idOrNull, list, record, safely, text } from '../doc/coerce.ts';
import { normalizeCountries } from './countries.ts';

/**
 * Lenses: labelled ways to tag ideas (issue 13). Two are built in — "Country examples" (ISO
 * codes) and "Role of the Peacebuilding Commission" (yes/no) — and on unless the organiser
 * switches them off; custom lenses are a name and a short list of values.
 */

/** Bounds of a lens configuration and of one idea's tags. */
export const LENS_LIMITS = {
  customLenses: 8,
  valuesPerLens: 12,
  lensName: 60,
  lensValue: 40,
  countriesPerIdea: 12,
  /** Ideas one `idea:tag` may change at once. */
  ideasPerTag: 200,
} as const;

/** A lens the organiser added: its id (client-made), its name and the values ideas can take. */
export interface CustomLens {
  id: string;
  name: string;
  values: string[];
}

/** Which lenses a workshop (or series) uses. */
export interface LensConfig {
  countries: boolean;
  pbc: boolean;
  custom: CustomLens[];
}

export const DEFAULT_LENSES: LensConfig = { countries: true, pbc: true, custom: [] };

/** The lens names `idea:tag` takes besides a custom lens's id. */
export const BUILT_IN_LENSES = ['countries', 'pbc'] as const;

/** An idea's tags as stored and projected. */
export interface IdeaLensTags {
  /** ISO 3166-1 alpha-2 codes, upper case, sorted, each once. */
  countries: string[];
  /** Whether the idea concerns the role of the Peacebuilding Commission. */
  pbc: boolean;
  /** Custom lens id → the values it has, in the lens's order. */
  tags: Record<string, string[]>;
}

export const NO_TAGS: IdeaLensTags = { countries: [], pbc: false, tags: {} };

/**
 * A lens configuration from whatever a doc, a column or an archive holds: total, never throws.
 * Anything unreadable falls back to the defaults field by field; a malformed custom lens is
 * dropped; values and lenses are capped and deduplicated.
 */
export function readLensConfig(v: unknown): LensConfig {
  return safely(
    () => {
      const r = record(v);
      if (!r) return { ...DEFAULT_LENSES, custom: [] };
      const custom: CustomLens[] = [];
      const ids = new Set<string>();
      for (const item of list(r.custom, LENS_LIMITS.customLenses) ?? []) {
        const c = record(item);
        const id = c ? idOrNull(c.id) : null;
        if (!c || !id || ids.has(id) || (BUILT_IN_LENSES as readonly string[]).includes(id))
          continue;
        const name = text(c.name, LENS_LIMITS.lensName * 4).trim();
        const values = [
          ...new Set(
            (list(c.values, LENS_LIMITS.valuesPerLens) ?? [])
              .map((x) => text(x, LENS_LIMITS.lensValue * 4).trim())
              .filter((x) => x !== ''),
          ),
        ];
        if (!name || values.length === 0) continue;
        ids.add(id);
        custom.push({ id, name, values });
      }
      return { countries: r.countries !== false, pbc: r.pbc !== false, custom };
    },
    { ...DEFAULT_LENSES, custom: [] },
  );
}

/** Custom tags from whatever is stored: lens ids well formed, values strings, each once. */
export function readCustomTags(v: unknown): Record<string, string[]> {
  return safely(() => {
    const r = record(v);
    if (!r) return {};
    const out: Record<string, string[]> = {};
    for (const [id, values] of Object.entries(r).slice(0, LENS_LIMITS.customLenses * 4)) {
      if (!idOrNull(id)) continue;
      const vs = [
        ...new Set(
          (list(values, LENS_LIMITS.valuesPerLens) ?? [])
            .map((x) => text(x, LENS_LIMITS.lensValue * 4))
            .filter((x) => x !== ''),
        ),
      ];
      if (vs.length > 0) out[id] = vs;
    }
    return out;
  }, {});
}

/** An idea's tags from stored or doc values (unknown codes dropped). */
export function readIdeaTags(countries: unknown, pbc: unknown, tags: unknown): IdeaLensTags {
  return {
    countries: normalizeCountries(list(countries, 300) ?? []),
    pbc: pbc === true || pbc === 1,
    tags: readCustomTags(tags),
  };
}

/** The values of a custom lens an idea has, in the lens's order. */
export function orderedValues(lens: CustomLens, values: readonly string[]): string[] {
  const has = new Set(values);
  return lens.values.filter((v) => has.has(v));
}

/** One tag change, as `idea:tag` carries it (already checked against the lens). */
export interface TagChange {
  lens: string;
  add?: readonly string[] | undefined;
  remove?: readonly string[] | undefined;
  value?: boolean | undefined;
}

/**
 * An idea's tags after a change: countries sorted, custom values in the lens's order, a custom
 * lens left without values removed. Pure; the caller has validated the change.
 */
export function applyTagChange(
  current: IdeaLensTags,
  change: TagChange,
  lenses: LensConfig,
): IdeaLensTags {
  const edit = (values: readonly string[]) => {
    const next = new Set(values);
    for (const v of change.add ?? []) next.add(v);
    for (const v of change.remove ?? []) next.delete(v);
    return next;
  };
  if (change.lens === 'countries') {
    return { ...current, countries: normalizeCountries([...edit(current.countries)]) };
  }
  if (change.lens === 'pbc') return { ...current, pbc: change.value ?? current.pbc };
  const lens = lenses.custom.find((l) => l.id === change.lens);
  if (!lens) return current;
  const values = orderedValues(lens, [...edit(current.tags[lens.id] ?? [])]);
  const tags = { ...current.tags };
  if (values.length > 0) tags[lens.id] = values;
  else delete tags[lens.id];
  return { ...current, tags };
}

/** Whether two tag sets say the same (to skip a write that changes nothing). */
export function sameTags(a: IdeaLensTags, b: IdeaLensTags): boolean {
  return (
    a.pbc === b.pbc &&
    a.countries.join(',') === b.countries.join(',') &&
    JSON.stringify(a.tags) === JSON.stringify(b.tags)
  );
}
