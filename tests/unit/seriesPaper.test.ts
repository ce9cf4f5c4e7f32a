import {
  type BriefIdea,
  type BriefSnapshot,
  blocksText,
  generateSeriesPaper,
  normaliseIdeaText,
  PAPER_SECTION_KEY_PATTERN,
  paperDocument,
  parseBrief,
  renderHtml,
  renderMarkdown,
  type SeriesSnapshot,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import { genreSnapshot, wordCount } from '../helpers/briefFixture.ts';
import { fixtureSeries, loadFixture } from '../helpers/fixtureBoard.ts';

/**
 * The series' policy paper (issue 15, item 3): in the genre, of a readable length, each idea
 * printed once, in the series' language, with recommendations by actor that say which
 * workshops they came from — from the consolidation session's ranking when there is one.
 */

const now = new Date('2017-06-01T09:00:00Z');
const fixture = loadFixture();

function genreSeries(language?: 'en' | 'fr' | 'es'): SeriesSnapshot {
  return {
    series: {
      name: fixture.series.title,
      description: fixture.series.description,
      organisers: fixture.series.hosts,
      ...(language ? { language } : {}),
    },
    workshops: fixture.workshops.map((_, i) => ({
      id: `w${i + 1}`,
      snapshot: genreSnapshot(i),
      draft: {},
    })),
  };
}

const plainOf = (paper: ReturnType<typeof generateSeriesPaper>) =>
  paper.sections.flatMap((s) => blocksText(parseBrief(s.text))).join('\n');

/** How often an idea's text (as printed: normalised, without its final stop) occurs. */
function occurrences(haystack: string, idea: BriefIdea): number {
  const needle = normaliseIdeaText(idea.text).replace(/[.!?]+$/, '');
  if (needle.length < 12) return 0;
  return haystack.split(needle).length - 1;
}

const visibleIdeas = (s: SeriesSnapshot) =>
  s.workshops.flatMap((w) =>
    w.snapshot.questions.flatMap((q) => q.ideas.filter((i) => i.status === 'visible')),
  );

describe('the policy paper of the six fixture workshops', () => {
  test.each([
    ['with the lenses and front matter', () => genreSeries()],
    ['as an older store gives it', () => fixtureSeries()],
  ])('%s: 3,000–7,000 words', (_name, build) => {
    const paper = generateSeriesPaper(build(), { now });
    const words = wordCount(paper.sections.map((s) => s.text).join('\n\n'));
    expect(words).toBeGreaterThanOrEqual(3000);
    expect(words).toBeLessThanOrEqual(7000);
  });

  test('no idea text appears more than once, and many appear once (not a vacuous check)', () => {
    const series = genreSeries();
    const text = plainOf(generateSeriesPaper(series, { now }));
    const ideas = visibleIdeas(series);
    const repeated = ideas.filter((i) => occurrences(text, i) > 1).map((i) => i.text);
    expect(repeated).toEqual([]);
    const once = ideas.filter((i) => occurrences(text, i) === 1);
    expect(once.length).toBeGreaterThanOrEqual(60);
    // The check itself sees a repetition.
    const first = once[0] as BriefIdea;
    expect(occurrences(`${text}\n${normaliseIdeaText(first.text)}`, first)).toBe(2);
  });

  test('the genre: summary, introduction, a chapter per workshop, themes, countries, Commission, recommendations, annex', () => {
    const paper = generateSeriesPaper(genreSeries(), { now });
    expect(paper.sections.map((s) => s.key)).toEqual([
      'header',
      'summary',
      'introduction',
      'workshop:w1',
      'workshop:w2',
      'workshop:w3',
      'workshop:w4',
      'workshop:w5',
      'workshop:w6',
      'themes',
      'countries',
      'commission',
      'recommendations',
      'annex',
    ]);
    for (const s of paper.sections) expect(s.key).toMatch(PAPER_SECTION_KEY_PATTERN);
    const md = renderMarkdown(paperDocument(paper));
    expect(md.match(/^## .*$/gm)).toEqual([
      '## Executive summary',
      '## Introduction',
      ...fixture.workshops.map((w, i) => `## ${i + 1}. ${w.title}`),
      '## Cross-cutting themes',
      '## Country examples',
      '## What the series asks of the Peacebuilding Commission',
      '## Recommendations',
      '## Annex: the series plan as held',
    ]);
    expect(md).toContain('> The workshops were held under the Chatham House Rule.');
    // Chapters are built from the brief, not copied: the rapporteurs' notes, a few proposals.
    const chapter = md.slice(md.indexOf('## 2. '), md.indexOf('## 3. '));
    expect(chapter).toContain('The most discussed source was an assessed contribution');
    expect((chapter.match(/^- /gm) ?? []).length).toBeLessThanOrEqual(6);
    // No vote counts, no software named.
    expect(md).not.toMatch(/\b\d+ (votes|dots)\b|Convene/);
  });

  test('recommendations are grouped by actor group and say which workshops they came from', () => {
    const md = renderMarkdown(paperDocument(generateSeriesPaper(genreSeries(), { now })));
    const recs = md.slice(md.indexOf('## Recommendations'), md.indexOf('## Annex'));
    expect(recs).toContain('### For the Security Council');
    expect(recs).toContain('### For Member States and donors');
    const lines = recs.match(/^\d+\. .*$/gm) ?? [];
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines.length).toBeLessThanOrEqual(15);
    for (const l of lines) expect(l).toMatch(/\*\(Workshops? [\d, and]+\)\*$/);
  });

  test('cross-cutting themes are subjects: no country (they have their section), no bare institution word, abbreviations written out', () => {
    const themes =
      generateSeriesPaper(genreSeries(), { now })
        .sections.find((s) => s.key === 'themes')
        ?.text.match(/^### .*$/gm) ?? [];
    expect(themes.length).toBeGreaterThanOrEqual(4);
    expect(themes).toContain('### World Bank');
    expect(themes).toContain('### African Union');
    for (const bad of [
      '### Council',
      '### Commission',
      '### Gambia',
      '### Liberia',
      '### African Republic',
      '### AU',
    ]) {
      expect(themes).not.toContain(bad);
    }
  });

  test('a series set to French or Spanish gets the whole frame in that language', () => {
    for (const [lang, heads] of [
      ['fr', ['## Résumé', '## Thèmes transversaux', '## Recommandations', '## Exemples de pays']],
      [
        'es',
        [
          '## Resumen ejecutivo',
          '## Temas transversales',
          '## Recomendaciones',
          '## Ejemplos de países',
        ],
      ],
    ] as const) {
      const paper = generateSeriesPaper(genreSeries(lang), { now });
      expect(paper.language).toBe(lang);
      const md = renderMarkdown(paperDocument(paper));
      for (const h of heads) expect(md).toContain(h);
      expect(md).not.toMatch(
        /^#+ (Executive summary|Cross-cutting themes|Recommendations|Country examples)$/m,
      );
      expect(renderHtml(paperDocument(paper))).toContain(`<html lang="${lang}">`);
    }
    // Without a series language: the language most workshops were held in.
    const series = genreSeries();
    for (const w of series.workshops) w.snapshot.workshop.language = 'fr';
    expect(generateSeriesPaper(series, { now }).language).toBe('fr');
  });

  test("a chapter takes the rapporteurs' own takeaways when they edited them", () => {
    const series = genreSeries();
    const first = series.workshops[0];
    if (!first) throw new Error('no workshop');
    first.draft = {
      takeaways: {
        text: '## Key takeaways\n\n- A takeaway rewritten by hand.\n\n*\\[Rapporteur: sharpen each thread.\\]*',
        base: 'generated',
      },
    };
    const chapter = generateSeriesPaper(series, { now }).sections.find(
      (s) => s.key === 'workshop:w1',
    );
    expect(chapter?.text).toContain('- A takeaway rewritten by hand.');
    expect(chapter?.text).not.toContain('Rapporteur: sharpen');
  });

  test('the annex is the series plan as held, dropped topics included', () => {
    const series = genreSeries();
    series.plan = [
      { number: 1, title: 'Mandates', plannedDate: '2017-01-26', host: 'IPI', status: 'held' },
      { number: null, title: 'Dropped topic', plannedDate: null, host: null, status: 'dropped' },
      {
        number: 2,
        title: 'Added later',
        plannedDate: '2017-09-01',
        host: 'CIC',
        status: 'planned',
      },
    ];
    const annex = generateSeriesPaper(series, { now }).sections.find((s) => s.key === 'annex');
    expect(annex?.text).toContain('| 1 | Mandates | 26 January 2017 | IPI | held |');
    expect(annex?.text).toContain('| – | Dropped topic | – | – | dropped |');
    expect(annex?.text).toContain('| 2 | Added later | 1 September 2017 | CIC | planned |');
  });
});

describe('with a consolidation session', () => {
  /** A consolidation board: four carried ideas with origins, ranked by the room's vote. */
  function consolidation(): BriefSnapshot {
    const idea = (id: string, text: string, origins: number[], seq: number): BriefIdea => ({
      id,
      seq,
      text,
      actor: 'Security Council',
      nextStep: null,
      clusterId: null,
      status: 'visible',
      mergedInto: null,
      mergedCount: 0,
      origins: origins.map((n) => ({ workshopId: `w${n}`, number: n, topic: `Topic ${n}` })),
    });
    return {
      workshop: {
        title: 'Consolidation',
        series: fixture.series.title,
        host: null,
        date: '2017-06-20',
        durationMinutes: 120,
        chathamHouse: true,
        voteBudget: 3,
        maxVotesPerIdea: 1,
        consolidation: true,
      },
      participantCount: 3,
      questions: [
        {
          id: 'cq1',
          position: 0,
          prompt: 'What should the UN do differently?',
          plannedMinutes: null,
          actualMinutes: 30,
          mode: 'open',
          notes: '',
          clusters: [],
          ideas: [
            idea(
              'c1',
              'Refined: ask the Council for written Commission advice before renewals.',
              [1, 6],
              1,
            ),
            idea('c2', 'Refined: a standing trigger list reviewed by elected members.', [4], 2),
            idea(
              'c3',
              'Refined: a joint UN and AU analysis before every Council visit.',
              [2, 5],
              3,
            ),
            idea('c4', 'Refined: an idea nobody voted for in the consolidation.', [3], 4),
          ],
          rounds: [
            {
              number: 1,
              budget: 3,
              maxPerIdea: 1,
              restrictedTo: null,
              voters: 3,
              results: [
                { ideaId: 'c3', votes: 3, voters: 3 },
                { ideaId: 'c1', votes: 2, voters: 2 },
                { ideaId: 'c2', votes: 1, voters: 1 },
                { ideaId: 'c4', votes: 0, voters: 0 },
              ],
            },
          ],
        },
      ],
    };
  }

  test('its ranking orders the recommendations, each with the workshops of its origins', () => {
    const series = genreSeries();
    series.workshops.push({ id: 'cons', snapshot: consolidation(), draft: {} });
    const paper = generateSeriesPaper(series, { now });
    // The consolidation session is no chapter of its own.
    expect(paper.sections.filter((s) => s.key.startsWith('workshop:'))).toHaveLength(6);
    const recs = paper.sections.find((s) => s.key === 'recommendations')?.text ?? '';
    const lines = recs.match(/^\d+\. .*$/gm) ?? [];
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^1\. Refined: a joint UN and AU analysis.*\*\(Workshops 2 and 5\)\*$/,
    );
    expect(lines[1]).toMatch(/^2\. Refined: ask the Council.*\*\(Workshops 1 and 6\)\*$/);
    expect(lines[2]).toMatch(/^3\. Refined: a standing trigger list.*\*\(Workshop 4\)\*$/);
    expect(recs).not.toContain('nobody voted for');
    expect(recs).toContain('the consolidation session ranked highest');
    // The workshops' own best idea is not a recommendation any more: it is in its chapter.
    const text = plainOf(paper);
    expect(recs).not.toContain('Transfer an amount equal to one percent');
    const summary = paper.sections.find((s) => s.key === 'summary')?.text ?? '';
    expect(summary).toContain('consolidation session on 20 June 2017');
    expect(occurrences(text, consolidation().questions[0]?.ideas[0] as BriefIdea)).toBe(1);
  });

  test('origins are matched by workshop id when numbers are missing', () => {
    const series = genreSeries();
    const c = consolidation();
    for (const i of c.questions[0]?.ideas ?? []) {
      i.origins = (i.origins ?? []).map((o) => ({ ...o, number: null }));
    }
    series.workshops.push({ id: 'cons', snapshot: c, draft: {} });
    const recs =
      generateSeriesPaper(series, { now }).sections.find((s) => s.key === 'recommendations')
        ?.text ?? '';
    expect(recs).toMatch(/^1\. .*\*\(Workshops 2 and 5\)\*$/m);
  });
});
