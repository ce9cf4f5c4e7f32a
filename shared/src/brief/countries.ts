import {
  countryFromName,
  detectCountries,
  isCountryCode,
  countryName as menuName,
} from '../domain/countries.ts';
import type { BriefLanguage } from './snapshot.ts';

/**
 * Countries as the brief writes them (issue 14): the names of ISO 3166-1 alpha-2 codes in prose
 * ("the Democratic Republic of the Congo", where a menu says "DR Congo"), and the countries named
 * in an idea nobody tagged. The table, the names in each language and the detection are the
 * lenses' (domain/countries.ts); what is the brief's own is the prose and a stricter detection:
 * nobody confirms what the brief finds, so countries whose names are also people's names or
 * ordinary words are left to explicit tags.
 */

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

/** A country's name in the brief's language, as prose ("the Gambia"; "&" spelled out). */
export function countryName(code: string, lang: BriefLanguage): string {
  const c = code.toUpperCase();
  const name = OVERRIDES[lang][c] ?? menuName(c, lang);
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

/** Whether a tag is a country code the brief can name. */
export const isBriefCountry = isCountryCode;

/**
 * Countries whose names people also bear or use as words ("as Jordan said", "Chad's point",
 * "Turkey", "Georgia", "Jersey", "Guernsey", "Dominica", the Isle of Man): never found in
 * untagged text, only through tags.
 */
const AMBIGUOUS = new Set(['JO', 'TD', 'TR', 'GE', 'JE', 'GG', 'DM', 'IM']);

/** The countries an untagged text names (codes, sorted, each once). */
export function countriesNamedIn(text: string): string[] {
  return detectCountries(text).filter((c) => !AMBIGUOUS.has(c));
}

/** The code of a country typed as a name (fixtures, imports), or null. */
export function countryCode(name: string): string | null {
  return countryFromName(name);
}
