import type { GeneratedSection } from './briefModel.ts';
import type { BriefDraft } from './snapshot.ts';

/**
 * What regenerating the draft from the board does to each section. A section nobody edited
 * since it was generated is simply brought up to date; an edited one is kept unless the
 * rapporteur confirmed, for that section, that the regenerated text should replace it.
 */
export type SectionOutcome =
  /** First generation of this section. */
  | 'created'
  /** Not edited since the last generation; now brought up to date. */
  | 'updated'
  /** Nothing to do: the board says what the section already says. */
  | 'unchanged'
  /** Edited by a rapporteur and different from the regenerated text: kept, needs a decision. */
  | 'kept'
  /** Edited, and replaced because the rapporteur confirmed it. */
  | 'replaced';

export interface SectionPlan {
  key: string;
  title: string;
  outcome: SectionOutcome;
  /** Whether the section's text and its generation record are written. */
  write: boolean;
  /** The regenerated text. */
  generated: string;
  /**
   * Whether the board now says something other than what the section was last generated
   * from (its generation record). An edited section regenerated from an unchanged board would
   * only lose its edits: the rapporteur is told so, not that the board changed.
   */
  boardChanged: boolean;
}

export function planRegeneration(
  draft: BriefDraft,
  generated: readonly GeneratedSection[],
  opts: { replace?: ReadonlySet<string>; only?: ReadonlySet<string> } = {},
): SectionPlan[] {
  return generated
    .filter((g) => !opts.only || opts.only.has(g.key))
    .map((g) => {
      const d = draft[g.key];
      const plan = (outcome: SectionOutcome, write: boolean): SectionPlan => ({
        key: g.key,
        title: g.title,
        outcome,
        write,
        generated: g.text,
        boardChanged: !d || d.base === null || d.base !== g.text,
      });
      if (!d || d.base === null) return plan('created', true);
      const edited = d.text !== d.base;
      if (!edited) return d.base === g.text ? plan('unchanged', false) : plan('updated', true);
      // Edited to exactly what the board now says: adopt it as the new generation record.
      if (d.text === g.text) return plan('unchanged', true);
      return opts.replace?.has(g.key) ? plan('replaced', true) : plan('kept', false);
    });
}

/** Whether a section differs from what was generated for it (a rapporteur edited it). */
export function isEdited(section: { text: string; base: string | null } | undefined): boolean {
  return !!section && section.base !== null && section.text !== section.base;
}
