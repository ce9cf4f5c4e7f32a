/**
 * Finding an idea on the phone ballot. A voter types a word or two they remember ("medi",
 * "sécurité", "securite"); accents and case must not matter, since a phone keyboard in one
 * language rarely has the accents of another, and every typed word must appear somewhere in
 * the idea (its text, who should act, first step, or the theme it sits in).
 */

/**
 * Lower case without diacritics: "Sécurité" and "securite" compare equal. Curly apostrophes
 * become straight ones, as phones type "Côte d’Ivoire" where the idea has "Côte d'Ivoire".
 */
export function foldForSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u02bc]/gu, "'")
    .toLocaleLowerCase('und');
}

/** The words of a query, folded; an empty list means "no filter". */
export function queryWords(query: string): string[] {
  return foldForSearch(query)
    .split(/\s+/u)
    .filter((w) => w.length > 0);
}

/** True when every word of the query appears in one of the fields. */
export function matchesQuery(
  words: readonly string[],
  fields: readonly (string | null)[],
): boolean {
  if (words.length === 0) return true;
  const hay = foldForSearch(fields.filter((f): f is string => !!f).join('\n'));
  return words.every((w) => hay.includes(w));
}
