import type { SeriesReply } from '@convene/shared';

/**
 * What every panel of the series page receives from SeriesScreen (issue 15: the page is a set
 * of panels — settings, plan, workshops, consolidation, paper — each in its own file). The
 * series reply is loaded once by the screen; a panel that changes the series hands the new
 * reply back with `onSeries`, or asks for a fresh one with `reload`.
 */
export interface SeriesPanelProps {
  seriesId: string;
  /** The series link token (Bearer of every `/api/series/:id…` call). */
  token: string;
  /** `/api/series/<id>`: the prefix of the series' routes. */
  path: string;
  series: SeriesReply;
  onSeries: (series: SeriesReply) => void;
  reload: () => Promise<void>;
}
