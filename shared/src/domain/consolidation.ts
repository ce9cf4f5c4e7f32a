import type { Lang } from './language.ts';
import { LIMITS } from './limits.ts';

/**
 * The consolidation session's fixed words (issue 15), in the series' language: the question
 * asked about each held workshop's topic and the session's default title. Pure, so that the
 * server writes them and tests read them from one place.
 */

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

const PROMPTS: Record<Lang, (topic: string) => string> = {
  en: (t) => `What should the UN do differently on: ${t}?`,
  fr: (t) => `Que devrait faire l'ONU autrement sur le thème : ${t} ?`,
  es: (t) => `¿Qué debería hacer la ONU de otra manera en: ${t}?`,
};

const TITLES: Record<Lang, (series: string) => string> = {
  en: (s) => `${s}: consolidation session`,
  fr: (s) => `${s} : séance de consolidation`,
  es: (s) => `${s}: sesión de consolidación`,
};

/** The question a consolidation session asks about one held workshop's topic. */
export function consolidationPrompt(lang: Lang, topic: string): string {
  // The prompt's frame is under 60 characters; the topic (a title, up to 200) always fits.
  return cut(PROMPTS[lang](topic.replace(/[?？]\s*$/, '')), LIMITS.questionPrompt);
}

/** The session's title when the organiser gives none. */
export function consolidationTitle(lang: Lang, series: string): string {
  return cut(TITLES[lang](series), LIMITS.title);
}
