import { briefLabels } from './labels.ts';

/**
 * The sections of a meeting brief, in order. Each is one collaborative text in the doc, so two
 * rapporteurs can edit different sections (or the same one) at once, and regenerating from the
 * board is decided section by section.
 */

export const SECTION_HEADER = 'header';
export const SECTION_OPENING = 'opening';
export const SECTION_TAKEAWAYS = 'takeaways';
/** "Country examples" (issue 14): from the countries lens and countries named in ideas. */
export const SECTION_COUNTRIES = 'countries';
/** "The role of the Peacebuilding Commission" (issue 14). */
export const SECTION_COMMISSION = 'commission';
export const SECTION_RECOMMENDATIONS = 'recommendations';
export const SECTION_ANNEX = 'annex';
const QUESTION_PREFIX = 'question:';

/** Section keys are short and url-safe: they travel in HTTP bodies and doc keys. */
export const SECTION_KEY_PATTERN =
  /^(header|opening|takeaways|countries|commission|recommendations|annex|question:[A-Za-z0-9_-]{1,64})$/;

export function questionSectionKey(questionId: string): string {
  return `${QUESTION_PREFIX}${questionId}`;
}

/** The question id of a question section, or null. */
export function questionOfSection(key: string): string | null {
  return key.startsWith(QUESTION_PREFIX) ? key.slice(QUESTION_PREFIX.length) : null;
}

/**
 * Every section of a brief for these questions (in agenda order). The country and Commission
 * sections are always listed (an empty board gives them a short text), so the rapporteur's
 * screen and the server agree on the keys without knowing the board's lenses.
 */
export function briefSectionKeys(questionIds: readonly string[]): string[] {
  return [
    SECTION_HEADER,
    SECTION_OPENING,
    SECTION_TAKEAWAYS,
    ...questionIds.map(questionSectionKey),
    SECTION_COUNTRIES,
    SECTION_COMMISSION,
    SECTION_RECOMMENDATIONS,
    SECTION_ANNEX,
  ];
}

/** A section's name for people (editor labels, confirmations), in the brief's language. */
export function sectionTitle(key: string, questionNumber?: number, lang?: string): string {
  const n = briefLabels(lang).sectionNames;
  switch (key) {
    case SECTION_HEADER:
      return n.header;
    case SECTION_OPENING:
      return n.opening;
    case SECTION_TAKEAWAYS:
      return n.takeaways;
    case SECTION_COUNTRIES:
      return n.countries;
    case SECTION_COMMISSION:
      return n.commission;
    case SECTION_RECOMMENDATIONS:
      return n.recommendations;
    case SECTION_ANNEX:
      return n.annex;
    default:
      return questionNumber ? `${n.question} ${questionNumber}` : n.question;
  }
}
