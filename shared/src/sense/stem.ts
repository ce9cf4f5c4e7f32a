import type { SenseLanguage } from './language.ts';

/**
 * Light stemmers for English, French and Spanish: plural and gender endings, then at most one
 * common derivational or verbal ending, so that "benchmarks"/"benchmark", "financing"/
 * "financed", "renforcer"/"renforcement", "financiación"/"financiar" meet. Deliberately light
 * (a Snowball stemmer per language would add tens of kilobytes to the participant's bundle):
 * what a light stemmer misses, the engine's character n-grams catch. Input is folded already
 * (lower case, no accents).
 */

function stripFirst(word: string, suffixes: readonly string[], minStem: number): string {
  for (const s of suffixes) {
    if (word.endsWith(s) && word.length - s.length >= minStem) return word.slice(0, -s.length);
  }
  return word;
}

const EN_SUFFIXES = [
  'ational',
  'ations',
  'ation',
  'ments',
  'ment',
  'nesses',
  'ness',
  'ities',
  'ity',
  'ings',
  'ing',
  'ised',
  'ized',
  'ise',
  'ize',
  'ers',
  'er',
  'edly',
  'ed',
  'ly',
  'ive',
  'ic',
  'al',
  'ist',
  'ism',
];

function stemEn(w: string): string {
  let s = w;
  if (s.length > 4 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (/(x|ch|sh)es$/.test(s) && s.length > 5) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
  const before = s;
  s = stripFirst(s, EN_SUFFIXES, 4);
  if (s !== before && /([^aeioulsz])\1$/.test(s)) s = s.slice(0, -1); // planning → plan
  if (s.length > 4 && s.endsWith('y')) s = `${s.slice(0, -1)}i`; // policy / policies
  if (s.length > 4 && s.endsWith('e')) s = s.slice(0, -1); // finance / financing
  return s;
}

const FR_SUFFIXES = [
  'issements',
  'issement',
  'ements',
  'ement',
  'ations',
  'ation',
  'atrices',
  'atrice',
  'ateurs',
  'ateur',
  'ments',
  'ment',
  'ites',
  'ite',
  'euses',
  'euse',
  'eux',
  'iques',
  'ique',
  'ives',
  'ive',
  'ifs',
  'if',
  'elles',
  'elle',
  'ennes',
  'enne',
  'aient',
  'ait',
  'ant',
  'ees',
  'ee',
  'es',
  'er',
  'ez',
  'e',
];

function stemFr(w: string): string {
  let s = w;
  if (s.length > 4 && s.endsWith('aux')) s = `${s.slice(0, -3)}al`;
  else if (s.length > 3 && /[sx]$/.test(s)) s = s.slice(0, -1);
  s = stripFirst(s, FR_SUFFIXES, 4);
  if (/([^aeiou])\1$/.test(s) && s.length > 4) s = s.slice(0, -1);
  return s;
}

const ES_SUFFIXES = [
  'amientos',
  'amiento',
  'imientos',
  'imiento',
  'aciones',
  'acion',
  'iciones',
  'icion',
  'amente',
  'mente',
  'idades',
  'idad',
  'ivos',
  'ivas',
  'ivo',
  'iva',
  'ados',
  'adas',
  'ado',
  'ada',
  'idos',
  'idas',
  'ido',
  'ida',
  'ando',
  'iendo',
  'ar',
  'er',
  'ir',
  'os',
  'as',
  'es',
  'o',
  'a',
  'e',
];

function stemEs(w: string): string {
  let s = w;
  if (s.length > 4 && s.endsWith('ces')) s = `${s.slice(0, -3)}z`;
  else if (s.length > 5 && s.endsWith('iones')) s = s.slice(0, -2);
  else if (s.length > 4 && /[^aeiou]es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s')) s = s.slice(0, -1);
  return stripFirst(s, ES_SUFFIXES, 4);
}

/** The stem of a folded word in a language. */
export function stemWord(word: string, language: SenseLanguage): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (language === 'fr') return stemFr(word);
  if (language === 'es') return stemEs(word);
  return stemEn(word);
}
