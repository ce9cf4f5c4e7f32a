/**
 * Countries and territories for the "Country examples" lens: ISO 3166-1 alpha-2 codes, their
 * names in the reader's language (from `Intl.DisplayNames`, which Node and browsers carry, so
 * no name table ships here), type-ahead in English, French and Spanish, and detection of the
 * countries an idea's text names.
 *
 * Names from `Intl.DisplayNames` differ a little between ICU versions (Node's, Chromium's) and
 * are not always what people type ("Congo - Kinshasa", "Myanmar (Burma)"), so the short forms
 * and usual names people write are listed here as aliases: matching and detection accept both.
 */

/**
 * Every officially assigned ISO 3166-1 alpha-2 code, and XK (Kosovo): user-assigned in the
 * standard but the code the UN system, the EU and ICU use for it, and a place UN peacebuilding
 * workshops talk about (UNMIK).
 */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
  'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
  'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
  'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
  'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
  'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
  'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
  'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
  'VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

const CODE_SET: ReadonlySet<string> = new Set(COUNTRY_CODES);

/** Whether `code` is one of the codes above (upper case, as stored). */
export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && CODE_SET.has(code);
}

/** Sorted, unique, known codes: how a list of countries is stored and compared. */
export function normalizeCountries(codes: readonly unknown[]): string[] {
  return [...new Set(codes.filter(isCountryCode))].sort();
}

export type CountryLang = 'en' | 'fr' | 'es';
export const COUNTRY_LANGS: readonly CountryLang[] = ['en', 'fr', 'es'];

/**
 * Usual names and short forms, beside the `Intl.DisplayNames` ones. An alias written in capitals
 * of at most four letters ("DRC", "CAR", "UK") is an acronym: detection matches it only as
 * written in capitals, so the English word "car" names no country.
 */
const ALIASES: Record<string, readonly string[]> = {
  AE: ['UAE', 'United Arab Emirates', 'EAU', 'Emiratos Árabes Unidos'],
  BA: ['Bosnia', 'Bosnia and Herzegovina', 'Bosnia-Herzegovina', 'Bosnie-Herzégovine'],
  BO: ['Bolivia'],
  BS: ['Bahamas', 'The Bahamas'],
  CD: [
    'DRC',
    'DR Congo',
    'Democratic Republic of the Congo',
    'Democratic Republic of Congo',
    'Congo-Kinshasa',
    'Zaire',
    'RDC',
    'RD Congo',
    'République démocratique du Congo',
    'República Democrática del Congo',
  ],
  CF: ['CAR', 'Central African Republic', 'RCA', 'Centrafrique', 'República Centroafricana'],
  CG: ['Republic of the Congo', 'Congo-Brazzaville', 'Congo', 'République du Congo'],
  CI: ["Côte d'Ivoire", "Cote d'Ivoire", 'Ivory Coast', 'Costa de Marfil'],
  CV: ['Cabo Verde', 'Cape Verde', 'Cap-Vert'],
  CZ: ['Czech Republic', 'Czechia', 'République tchèque', 'República Checa'],
  FM: ['Micronesia'],
  GB: ['UK', 'United Kingdom', 'Great Britain', 'Britain', 'Royaume-Uni', 'Reino Unido'],
  GM: ['The Gambia', 'Gambia', 'Gambie'],
  IR: ['Iran'],
  KG: ['Kyrgyzstan', 'Kyrgyz Republic', 'Kirghizistan', 'Kirghizstan', 'Kirguistán'],
  KP: ['North Korea', 'DPRK', 'Corée du Nord', 'Corea del Norte'],
  KR: ['South Korea', 'Republic of Korea', 'Corée du Sud', 'Corea del Sur'],
  LA: ['Laos', 'Lao PDR'],
  MD: ['Moldova'],
  MK: ['North Macedonia', 'Macédoine du Nord', 'Macedonia del Norte'],
  MM: ['Myanmar', 'Burma', 'Birmanie', 'Birmania'],
  PS: ['Palestine', 'State of Palestine', 'État de Palestine', 'Estado de Palestina'],
  RU: ['Russia', 'Russian Federation', 'Russie', 'Rusia'],
  SS: ['South Sudan', 'Soudan du Sud', 'Sudán del Sur'],
  SD: ['Sudan', 'Soudan', 'Sudán'],
  SY: ['Syria', 'Syrie', 'Siria'],
  SZ: ['Eswatini', 'Swaziland'],
  TL: ['Timor-Leste', 'East Timor', 'Timor oriental'],
  TR: ['Turkey', 'Türkiye', 'Turquie', 'Turquía'],
  TZ: ['Tanzania', 'United Republic of Tanzania', 'Tanzanie'],
  US: [
    'USA',
    'US',
    'United States',
    'United States of America',
    'États-Unis',
    'Estados Unidos',
    'EEUU',
    'EE. UU.',
  ],
  VA: ['Holy See', 'Vatican', 'Saint-Siège', 'Santa Sede'],
  VE: ['Venezuela'],
  VN: ['Vietnam', 'Viet Nam'],
};

/**
 * Names that are also common words or given names in one of the three languages ("Réunion" is
 * a meeting, "Maurice" a man): type-ahead offers them, detection in running text does not.
 */
const NOT_DETECTED = new Set(['reunion', 'la reunion', 'maurice', 'jersey', 'man', 'georgia']);

/** Lower case, accents and punctuation gone, single spaces: how names and queries compare. */
export function foldCountryName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const displayNames = new Map<CountryLang, Intl.DisplayNames | null>();
function namesIn(lang: CountryLang): Intl.DisplayNames | null {
  if (!displayNames.has(lang)) {
    let d: Intl.DisplayNames | null = null;
    try {
      d = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    } catch {
      // A runtime without region names: codes are shown, aliases still match.
    }
    displayNames.set(lang, d);
  }
  return displayNames.get(lang) ?? null;
}

/**
 * Where CLDR's short name is not what a UN text says ("Congo - Kinshasa", "Myanmar (Burma)"):
 * the names shown instead. Both stay searchable.
 */
const SHOWN_AS: Partial<Record<CountryLang, Record<string, string>>> = {
  en: { CD: 'DR Congo', CG: 'Congo', MM: 'Myanmar' },
  fr: { CD: 'RD Congo', CG: 'Congo', MM: 'Myanmar' },
  es: { CD: 'RD del Congo', MM: 'Myanmar' },
};

/** The country's name in `lang` (the code itself when the runtime has no name for it). */
export function countryName(code: string, lang: CountryLang = 'en'): string {
  const shown = SHOWN_AS[lang]?.[code];
  if (shown) return shown;
  const d = namesIn(lang);
  try {
    return d?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The runtime's own name (CLDR), the code when it has none. */
function intlName(code: string, lang: CountryLang): string {
  try {
    return namesIn(lang)?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Myanmar (Burma)" is two names; "Congo - Kinshasa" one, written two ways. */
function variantsOf(name: string): string[] {
  const out = [name];
  const paren = /^(.*?)\s*\((.*)\)\s*$/.exec(name);
  if (paren?.[1] && paren[2]) out.push(paren[1], paren[2]);
  return out;
}

interface NameEntry {
  code: string;
  /** Folded name. */
  folded: string;
  /** An acronym alias: detected only when written in capitals. */
  acronym: boolean;
}

let entriesCache: NameEntry[] | null = null;
/** Every name of every country in the three languages, plus aliases (built once). */
function nameEntries(): NameEntry[] {
  if (entriesCache) return entriesCache;
  const seen = new Set<string>();
  const out: NameEntry[] = [];
  const add = (code: string, name: string, acronym: boolean) => {
    const folded = foldCountryName(name);
    const key = `${code}|${folded}`;
    if (!folded || seen.has(key)) return;
    seen.add(key);
    out.push({ code, folded, acronym });
  };
  for (const code of COUNTRY_CODES) {
    for (const alias of ALIASES[code] ?? []) {
      add(code, alias, /^[A-Z][A-Z. ]{1,5}$/.test(alias) && alias.replace(/[. ]/g, '').length <= 4);
    }
    for (const lang of COUNTRY_LANGS) {
      for (const name of [countryName(code, lang), intlName(code, lang)]) {
        if (name === code) continue;
        for (const v of variantsOf(name)) add(code, v, false);
      }
    }
  }
  entriesCache = out;
  return out;
}

/** Where a code came from in a search, best first. */
function matchRank(folded: string, query: string): number {
  if (folded === query) return 0;
  if (folded.startsWith(query)) return 1;
  if (folded.split(' ').some((w) => w.startsWith(query)) || folded.includes(` ${query}`)) return 2;
  return -1;
}

/**
 * Type-ahead: codes whose name in any of the three languages, or a usual short form, matches
 * what was typed (case and accents ignored), best first: exact names, then names that start so,
 * then names with a word that starts so; ties in the order of the reader's names.
 */
export function searchCountries(query: string, lang: CountryLang = 'en', limit = 8): string[] {
  const q = foldCountryName(query);
  if (!q) return [];
  const best = new Map<string, number>();
  for (const e of nameEntries()) {
    const rank = matchRank(e.folded, q);
    if (rank < 0) continue;
    const prev = best.get(e.code);
    if (prev === undefined || rank < prev) best.set(e.code, rank);
  }
  const collator = new Intl.Collator(lang);
  return [...best]
    .sort(
      (a, b) => a[1] - b[1] || collator.compare(countryName(a[0], lang), countryName(b[0], lang)),
    )
    .slice(0, limit)
    .map(([code]) => code);
}

/** A code from a name or short form in any of the three languages, or a code; else null. */
export function countryFromName(name: string): string | null {
  const trimmed = name.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && isCountryCode(trimmed.toUpperCase())) {
    // Two letters are a code only in capitals ("US" is also an alias of the same country).
    if (trimmed === trimmed.toUpperCase()) return trimmed;
  }
  const q = foldCountryName(trimmed);
  if (!q) return null;
  const exact = nameEntries().filter((e) => e.folded === q);
  const codes = [...new Set(exact.map((e) => e.code))];
  return codes.length === 1 ? (codes[0] ?? null) : null;
}

interface Token {
  folded: string;
  /** As written: to tell an acronym ("CAR") from a word ("car"), and a name from a word. */
  raw: string;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const raw = m[0];
    const folded = foldCountryName(raw);
    // One written word may fold into several ("Œ" → "oe" stays one; "ﬁ" too): keep each.
    for (const part of folded.split(' ')) if (part) out.push({ folded: part, raw });
  }
  return out;
}

interface DetectEntry {
  code: string;
  words: string[];
  acronym: boolean;
}

let detectIndex: Map<string, DetectEntry[]> | null = null;
/** Names by their first word, longest first, so "South Sudan" is tried before "Sudan". */
function detectEntries(): Map<string, DetectEntry[]> {
  if (detectIndex) return detectIndex;
  const index = new Map<string, DetectEntry[]>();
  for (const e of nameEntries()) {
    if (NOT_DETECTED.has(e.folded)) continue;
    const words = e.folded.split(' ');
    const first = words[0];
    if (!first) continue;
    const list = index.get(first) ?? [];
    list.push({ code: e.code, words, acronym: e.acronym });
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  detectIndex = index;
  return index;
}

const startsUpper = (s: string) => /^\p{Lu}/u.test(s);
const isAllUpper = (s: string) => s === s.toUpperCase() && /\p{Lu}/u.test(s);

/**
 * The countries a text names, in English, French or Spanish: whole words only ("Niger" is not
 * in "Nigeria"), the longest name first ("South Sudan" is not also Sudan, "Guinea-Bissau" not
 * also Guinea), a name only when one of its words is capitalised as names are, and a short form
 * like "DRC" only in capitals. Sorted codes, each once. A proposal to confirm, never a tag.
 */
export function detectCountries(text: string): string[] {
  const tokens = tokenize(text);
  const index = detectEntries();
  const found = new Set<string>();
  let i = 0;
  while (i < tokens.length) {
    const candidates = index.get(tokens[i]?.folded ?? '') ?? [];
    let matched = 0;
    for (const c of candidates) {
      if (i + c.words.length > tokens.length) continue;
      const span = tokens.slice(i, i + c.words.length);
      if (!c.words.every((w, k) => span[k]?.folded === w)) continue;
      if (c.acronym ? !span.every((t) => isAllUpper(t.raw)) : !span.some((t) => startsUpper(t.raw)))
        continue;
      found.add(c.code);
      matched = c.words.length;
      break;
    }
    i += matched > 0 ? matched : 1;
  }
  return [...found].sort();
}
