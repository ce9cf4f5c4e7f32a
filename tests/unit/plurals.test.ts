import { describe, expect, test } from 'vitest';
import { es } from '../../client/src/i18n/es.ts';
import { fr } from '../../client/src/i18n/fr.ts';
import { en } from '../../client/src/i18n/messages.ts';

// Issue 12 item 8: "try again in 1 seconds" — every string with a count agrees with it.
// Each message that takes arguments is called with every argument set to 1 in turn (the others
// 3); a count of one followed by a plural noun is the mistake looked for.
const PLURAL_NOUNS: Record<string, RegExp> = {
  en: /(?:^|[^\d.,])1 (?:more )?(?:seconds|minutes|sections|characters|ideas|participants|votes|dots|places|names|clusters|duplicates|people|workshops|questions|themes|pages|have)\b/,
  fr: /(?:^|[^\d.,])1 (?:secondes|minutes|sections|caractères|idées|participants|votes|points|passages|noms|groupes|doublons|personnes|ateliers|questions|thèmes|pages|laissés|ont)\b/,
  es: /(?:^|[^\d.,])1 (?:segundos|minutos|secciones|caracteres|ideas|participantes|votos|puntos|pasajes|nombres|grupos|duplicados|personas|talleres|preguntas|temas|páginas|quedan|han)\b/,
};

/** Argument combinations that cannot occur (a part larger than its whole) are not tried. */
const POSSIBLE: Record<string, (args: number[]) => boolean> = {
  nameCheckMore: ([shown = 0, total = 0]) => shown < total,
  voteProgress: ([done = 0, total = 0]) => done <= total,
  seriesStateRunning: ([done = 0, total = 0]) => done <= total,
  seriesDraft: ([sections = 0, edited = 0]) => edited <= sections,
};

function calls(key: string, fn: (...args: number[]) => string): string[] {
  const arity = Math.max(fn.length, 1);
  const combos = Array.from({ length: arity }, (_, one) =>
    Array.from({ length: arity }, (_, i) => (i === one ? 1 : 3)),
  );
  combos.push(Array.from({ length: arity }, () => 1));
  return combos.filter((args) => POSSIBLE[key]?.(args) ?? true).map((args) => fn(...args));
}

describe.each([
  ['en', en],
  ['fr', fr],
  ['es', es],
] as const)('%s: counts of one', (lang, dict) => {
  test('no message says "1" with a plural noun', () => {
    const wrong: string[] = [];
    for (const [key, value] of Object.entries(dict)) {
      if (typeof value !== 'function') continue;
      let texts: string[];
      try {
        texts = calls(key, value as (...args: number[]) => string);
      } catch {
        // Takes text (a label, a title) where a number cannot stand in: no count to agree with.
        continue;
      }
      for (const text of texts) {
        if (PLURAL_NOUNS[lang]?.test(text)) wrong.push(`${key}: ${text}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('positive control: the join wait says one second in the singular', () => {
    expect(PLURAL_NOUNS[lang]?.test(dict.joinTryAgainIn(3).replace('3', '1 '))).toBe(false);
    expect(dict.joinTryAgainIn(1)).not.toBe(dict.joinTryAgainIn(2).replace('2', '1'));
  });
});
