import { createRequire } from 'node:module';
import type { NameLexicon } from '@convene/shared';

/**
 * The Unicode data of the name check, from packages rather than hand-made tables:
 * - confusable prototypes from `unhomoglyph`, which ships Unicode's confusables.txt (the data
 *   of Unicode TS #39) as a JSON map of code point → prototype;
 * - function words of English, French and Spanish from `stopword` (modest lists, 60–170 words
 *   each: articles, prepositions, pronouns, auxiliaries).
 * Loaded once per thread (the main thread and the export worker each have their own).
 */

const require = createRequire(import.meta.url);

const LANGUAGES = ['eng', 'fra', 'spa'] as const;

let lexicon: NameLexicon | null = null;

export function nameLexicon(): NameLexicon {
  if (lexicon) return lexicon;
  const prototypes = require('unhomoglyph/data.json') as Record<string, string>;
  const lists = require('stopword') as Record<(typeof LANGUAGES)[number], string[]>;
  const stopWords = new Set<string>();
  for (const lang of LANGUAGES) for (const w of lists[lang] ?? []) stopWords.add(w);
  lexicon = { confusables: new Map(Object.entries(prototypes)), stopWords };
  return lexicon;
}
