import {
  type BriefLanguage,
  type BriefSnapshot,
  countryFromName,
  generateBrief,
  parseBrief,
  SECTION_ANNEX,
} from '@convene/shared';
import { fixtureSnapshot, loadFixture } from './fixtureBoard.ts';

/**
 * The fixture's workshops with the data issue 14 adds to a brief snapshot: the front matter
 * (co-organisers, the workshop's number, participants by type), the countries lens (the
 * fixture's country names as ISO codes) and the Commission lens (ideas addressed to it).
 * Short titles, context and contested marks are left out on purpose: a brief must read well
 * without them, and tests add them where they are the point.
 */
export function genreSnapshot(
  index: number,
  opts: { language?: BriefLanguage; lenses?: boolean } = {},
): BriefSnapshot {
  const fixture = loadFixture();
  const s = fixtureSnapshot(index, fixture);
  const w = fixture.workshops[index];
  if (!w) throw new Error(`no workshop ${index}`);
  const n = w.participants.length;
  s.workshop.language = opts.language ?? 'en';
  s.workshop.organisers = [w.host, ...fixture.series.hosts.filter((h) => h !== w.host)];
  s.workshop.seriesTitle = fixture.series.title;
  s.workshop.seriesNumber = index + 1;
  // A room of this series: a third diplomats, a quarter UN staff, the rest research and NGOs.
  const memberStates = Math.round(n / 3);
  const unSystem = Math.round(n / 4);
  const research = Math.round((n - memberStates - unSystem) / 2);
  s.workshop.participantTypes = {
    memberStates,
    unSystem,
    research,
    civilSociety: n - memberStates - unSystem - research,
  };
  if (opts.lenses !== false) {
    w.questions.forEach((fq, qi) => {
      const q = s.questions[qi];
      if (!q) return;
      for (const fi of fq.ideas) {
        const idea = q.ideas.find((i) => i.id === fi.key);
        if (!idea) continue;
        idea.countries = [
          ...new Set(fi.countries.map(countryFromName).filter((c): c is string => !!c)),
        ].sort();
        idea.pbc = /Peacebuilding Commission/.test(fi.actor ?? '');
      }
    });
  }
  return s;
}

/** Words in a text (as a reader counts them). */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** The body of a generated brief (every section but the annex) as plain text. */
export function bodyText(snapshot: BriefSnapshot, now = new Date('2017-06-01T09:00:00Z')): string {
  return generateBrief(snapshot, { now })
    .filter((s) => s.key !== SECTION_ANNEX)
    .map((s) =>
      parseBrief(s.text)
        .map((b) => JSON.stringify(b))
        .join('\n'),
    )
    .join('\n');
}
