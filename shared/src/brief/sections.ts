/**
 * The sections of a meeting brief, in order. Each is one collaborative text in the doc, so two
 * rapporteurs can edit different sections (or the same one) at once, and regenerating from the
 * board is decided section by section.
 */

export const SECTION_HEADER = 'header';
export const SECTION_OPENING = 'opening';
export const SECTION_TAKEAWAYS = 'takeaways';
export const SECTION_RECOMMENDATIONS = 'recommendations';
export const SECTION_ANNEX = 'annex';
const QUESTION_PREFIX = 'question:';

/** Section keys are short and url-safe: they travel in HTTP bodies and doc keys. */
export const SECTION_KEY_PATTERN =
  /^(header|opening|takeaways|recommendations|annex|question:[A-Za-z0-9_-]{1,64})$/;

export function questionSectionKey(questionId: string): string {
  return `${QUESTION_PREFIX}${questionId}`;
}

/** The question id of a question section, or null. */
export function questionOfSection(key: string): string | null {
  return key.startsWith(QUESTION_PREFIX) ? key.slice(QUESTION_PREFIX.length) : null;
}

/** Every section of a brief for these questions (in agenda order). */
export function briefSectionKeys(questionIds: readonly string[]): string[] {
  return [
    SECTION_HEADER,
    SECTION_OPENING,
    SECTION_TAKEAWAYS,
    ...questionIds.map(questionSectionKey),
    SECTION_RECOMMENDATIONS,
    SECTION_ANNEX,
  ];
}

/** A section's name for people (editor labels, confirmations). */
export function sectionTitle(key: string, questionNumber?: number): string {
  switch (key) {
    case SECTION_HEADER:
      return 'Title and conveners';
    case SECTION_OPENING:
      return 'Opening';
    case SECTION_TAKEAWAYS:
      return 'Key takeaways';
    case SECTION_RECOMMENDATIONS:
      return 'Recommendations';
    case SECTION_ANNEX:
      return 'Annex';
    default:
      return questionNumber ? `Question ${questionNumber}` : 'Question';
  }
}
