import { foldText, guessLanguage, isStopWord, type SenseLanguage } from './language.ts';
import { stemWord } from './stem.ts';

/** A content word of a text: its stem (what is compared) and the word as written (for names). */
export interface SenseToken {
  stem: string;
  surface: string;
  /** The word folded (lower case, no accents): what character n-grams are taken from. */
  folded: string;
  /** Index of the word in the text, stop words counted: tells which content words are adjacent. */
  position: number;
}

/** Words as written: letters and digits; apostrophes and hyphens split ("l'État", "co-chair"). */
function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * The content words of a text in its language (guessed from its function words, `fallback`
 * when it cannot tell). Words of one letter, numbers and stop words are dropped.
 */
export function senseTokens(
  text: string,
  fallback: SenseLanguage,
): { language: SenseLanguage; tokens: SenseToken[] } {
  const raw = words(text);
  const folded = raw.map(foldText);
  const language = guessLanguage(folded, fallback);
  const tokens: SenseToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const f = folded[i] as string;
    if (f.length < 2 || /^\d+$/.test(f) || isStopWord(f, language)) continue;
    tokens.push({ stem: stemWord(f, language), surface: raw[i] as string, folded: f, position: i });
  }
  return { language, tokens };
}
