/**
 * The languages a workshop's brief can be written in: those the interface speaks. A workshop
 * keeps its own (chosen by the organiser, by default the creator's interface language), since
 * the brief leaves the room in one language whoever exports it.
 */
export const LANGS = ['en', 'fr', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export const isLang = (v: unknown): v is Lang =>
  typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/** BCP 47 tags for documents (`lang` on HTML, `w:lang` in Word): the language with a region. */
export const LANG_TAGS: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };
