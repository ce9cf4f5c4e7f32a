import type { BriefLanguage } from './snapshot.ts';
import { fold } from './text.ts';

/**
 * Countries for the brief's "Country examples" (issue 14): the names of ISO 3166-1 alpha-2
 * codes in the brief's language (through Intl, with the few names Intl shortens for menus
 * written out), and the countries named in an idea nobody tagged, found by name in any of the
 * brief's languages. Only current ISO codes are known; anything else is ignored.
 */

const CODES =
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC
EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI
LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE
NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC
SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW
TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK`
    .split(/\s+/)
    .filter(Boolean);

export const COUNTRY_CODES: ReadonlySet<string> = new Set(CODES);

/** Names Intl gives in a menu's short form, written out as a brief would. */
const OVERRIDES: Record<BriefLanguage, Record<string, string>> = {
  en: {
    CD: 'the Democratic Republic of the Congo',
    CG: 'the Republic of the Congo',
    MM: 'Myanmar',
    GM: 'the Gambia',
    CF: 'the Central African Republic',
    PS: 'Palestine',
    HK: 'Hong Kong',
    MO: 'Macao',
  },
  fr: {
    CD: 'la République démocratique du Congo',
    CG: 'la République du Congo',
    MM: 'le Myanmar',
    PS: 'la Palestine',
  },
  es: {
    CD: 'la República Democrática del Congo',
    CG: 'la República del Congo',
    MM: 'Myanmar',
    PS: 'Palestina',
  },
};

/** Other names people type ("DRC", "Ivory Coast", "Burma"), all languages at once. */
const ALIASES: Record<string, string[]> = {
  CD: ['DRC', 'DR Congo', 'RDC', 'RD Congo', 'Democratic Republic of Congo', 'Congo-Kinshasa'],
  CG: ['Congo-Brazzaville'],
  CF: ['CAR', 'Central African Republic', 'RCA'],
  CI: ["Cote d'Ivoire", 'Ivory Coast'],
  GM: ['The Gambia', 'Gambia'],
  MM: ['Burma'],
  TL: ['East Timor', 'Timor-Leste', 'Timor Leste'],
  SS: ['South Sudan'],
  GB: ['UK', 'Britain', 'Great Britain'],
  US: ['USA', 'United States'],
  XK: ['Kosovo'],
};

const displayNames = new Map<BriefLanguage, Intl.DisplayNames>();

function display(lang: BriefLanguage): Intl.DisplayNames {
  let d = displayNames.get(lang);
  if (!d) {
    d = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    displayNames.set(lang, d);
  }
  return d;
}

/** A country's name in the brief's language ("the Gambia", "la Côte d’Ivoire" stays bare). */
export function countryName(code: string, lang: BriefLanguage): string {
  const c = code.toUpperCase();
  const name = OVERRIDES[lang][c] ?? display(lang).of(c) ?? c;
  // Intl writes "&" in compound names ("Trinidad & Tobago"); a brief spells the word.
  const and = lang === 'fr' ? 'et' : lang === 'es' ? 'y' : 'and';
  return name.replace(/\s&\s/g, ` ${and} `);
}

/** The name without a leading article, to open a line ("Gambia", not "the Gambia"). */
export function countryHeading(code: string, lang: BriefLanguage): string {
  const n = countryName(code, lang);
  const bare = n.replace(/^(the|la|le|les|l’|l')\s*/i, '');
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

interface Matcher {
  /** Folded name → code. */
  names: Map<string, string>;
  /** The most words a name has. */
  longest: number;
}

let matcher: Matcher | null = null;

const foldName = (s: string) =>
  fold(s)
    .replace(/[’ʼ]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();

function buildMatcher(): Matcher {
  const map = new Map<string, string>();
  for (const code of CODES) {
    for (const lang of ['en', 'fr', 'es'] as const) {
      const name = display(lang).of(code);
      if (name && name !== code) map.set(foldName(name), code);
      const over = OVERRIDES[lang][code];
      if (over) map.set(foldName(over.replace(/^(the|la|le|l')\s+/i, '')), code);
    }
    for (const a of ALIASES[code] ?? []) map.set(foldName(a), code);
  }
  // Names that are also ordinary words or people's names would tag ideas by accident
  // ("Jordan's point", "Chad said"); those countries are found through explicit tags only.
  for (const w of [
    'jordan',
    'georgia',
    'jersey',
    'chad',
    'turkey',
    'guernsey',
    'man',
    'dominica',
  ]) {
    map.delete(w);
  }
  for (const n of [...map.keys()]) if (n.length < 3 && n !== 'uk') map.delete(n);
  let longest = 1;
  for (const n of map.keys()) longest = Math.max(longest, n.split(' ').length);
  return { names: map, longest };
}

/**
 * The countries a text names, as codes in order of first mention. The text's words are read
 * once, trying the longest name first at each word, so "South Sudan" is not also "Sudan" and
 * "Guinea-Bissau" not "Guinea"; linear in the text (a scan per name was the brief's slowest
 * step on a 1,000-idea board).
 */
export function countriesNamedIn(text: string): string[] {
  matcher ??= buildMatcher();
  const words = foldName(text).split(' ');
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(matcher.longest, words.length - i); n >= 1; n--) {
      const key = n === 1 ? (words[i] as string) : words.slice(i, i + n).join(' ');
      const code = matcher.names.get(key);
      if (!code) continue;
      // Abbreviations count only as written in capitals ("CAR", not "car").
      if (
        key.length <= 3 &&
        !new RegExp(`(^|[^\\p{L}])${key.toUpperCase()}([^\\p{L}]|$)`, 'u').test(text)
      ) {
        continue;
      }
      if (!found.includes(code)) found.push(code);
      i += n - 1;
      break;
    }
  }
  return found;
}

/** The code of a country typed as a name (fixtures, imports), or null. */
export function countryCode(name: string): string | null {
  const up = name.trim().toUpperCase();
  if (COUNTRY_CODES.has(up)) return up;
  return countriesNamedIn(name)[0] ?? null;
}
