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
  /** Where the word is in the text (UTF-16 offsets): a phrase is shown as written. */
  start: number;
  end: number;
  /** It opens the text or a sentence, so a capital letter says nothing about it. */
  initial: boolean;
}

/** Words as written: letters and digits; apostrophes and hyphens split ("l'État", "co-chair"). */
function words(text: string): { word: string; start: number; initial: boolean }[] {
  const out: { word: string; start: number; initial: boolean }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    let k = m.index - 1;
    while (k >= 0 && /\s/.test(text.charAt(k))) k--;
    out.push({ word: m[0], start: m.index, initial: k < 0 || '.!?:;¡¿'.includes(text.charAt(k)) });
  }
  return out;
}

/**
 * The content words of a text in its language (guessed from its function words, `fallback`
 * when it cannot tell). Words of one letter, numbers and stop words are dropped.
 */
export function senseTokens(
  text: string,
  fallback: SenseLanguage,
): { language: SenseLanguage; tokens: SenseToken[] } {
  const found = words(text);
  const raw = found.map((w) => w.word);
  const folded = raw.map(foldText);
  const language = guessLanguage(folded, fallback);
  const tokens: SenseToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const f = folded[i] as string;
    if (f.length < 2 || /^\d+$/.test(f) || isStopWord(f, language)) continue;
    const at = found[i] as { word: string; start: number; initial: boolean };
    tokens.push({
      stem: stemWord(f, language),
      surface: at.word,
      folded: f,
      position: i,
      start: at.start,
      end: at.start + at.word.length,
      initial: at.initial,
    });
  }
  return { language, tokens };
}
