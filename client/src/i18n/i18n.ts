import { useSyncExternalStore } from 'react';
import { STORAGE_KEYS } from '../net/storageKeys.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { en, type Messages } from './messages.ts';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const DICTIONARIES: Record<Language, Messages> = { en, fr, es };
const STORAGE_KEY = STORAGE_KEYS.language;

function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'fr' || stored === 'es') return stored;
  const preferred = (globalThis.navigator?.languages ?? []).map((l) => l.slice(0, 2));
  return (preferred.find((l) => l in DICTIONARIES) as Language | undefined) ?? 'en';
}

let language: Language = initialLanguage();
/** The active dictionary. Read it at render time (never cache strings at module level). */
export let t: Messages = DICTIONARIES[language];
const listeners = new Set<() => void>();

if (typeof document !== 'undefined') document.documentElement.lang = language;

/** Each person picks their own language; it is remembered on this device. */
export function setLanguage(next: Language): void {
  if (next === language) return;
  language = next;
  t = DICTIONARIES[next];
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const l of listeners) l();
}

export function currentLanguage(): Language {
  return language;
}

/** Re-renders the caller when the language changes; returns the active language. */
export function useLanguage(): Language {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => language,
  );
}

/** Dates in the reader's language. */
export function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

/** A time of day on this device's clock, in the reader's language (hours and minutes). */
export function formatTime(epochMs: number): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(new Date(epochMs));
}

/** Numbers in the reader's language. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(language).format(n);
}
