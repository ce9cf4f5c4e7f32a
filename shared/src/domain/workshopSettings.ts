/**
 * A workshop's own settings, as its row, its doc, its exports and its brief hold them: declared
 * once here, and copied by `workshopSettingsOf` (issue 16: they were declared four times and
 * copied field by field in three places).
 */
export interface WorkshopSettings {
  title: string;
  series: string | null;
  /** Host institution(s), as typed by the organiser. */
  host: string | null;
  /** `YYYY-MM-DD`. */
  date: string | null;
  durationMinutes: number | null;
  chathamHouse: boolean;
  voteBudget: number;
  maxVotesPerIdea: number;
}

/** The settings as a form or an archive gives them: the optional ones may be blank or absent. */
export type WorkshopSettingsInput = Pick<
  WorkshopSettings,
  'title' | 'chathamHouse' | 'voteBudget' | 'maxVotesPerIdea'
> &
  Partial<Pick<WorkshopSettings, 'series' | 'host' | 'date' | 'durationMinutes'>>;

/**
 * The settings of `w` — a row, the doc's meta, a new workshop's form, an imported archive —
 * those fields and no others, with a blank optional one as null.
 */
export function workshopSettingsOf(w: WorkshopSettingsInput): WorkshopSettings {
  return {
    title: w.title,
    series: w.series || null,
    host: w.host || null,
    date: w.date || null,
    durationMinutes: w.durationMinutes || null,
    chathamHouse: w.chathamHouse,
    voteBudget: w.voteBudget,
    maxVotesPerIdea: w.maxVotesPerIdea,
  };
}
