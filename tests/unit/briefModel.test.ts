import {
  actorGroupIndex,
  type BriefQuestion,
  type BriefSnapshot,
  blocksText,
  composeBrief,
  composeSeriesPaper,
  defaultActorGroups,
  generateBrief,
  groupByActor,
  ideaTables,
  parseBrief,
  planRegeneration,
  questionSupport,
  renderMarkdown,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import { fixtureSeries, fixtureSnapshot, loadFixture } from '../helpers/fixtureBoard.ts';

const now = new Date('2017-06-01T12:00:00Z');
const fixture = loadFixture();
const section = (s: BriefSnapshot, key: string) =>
  generateBrief(s, { now }).find((x) => x.key === key)?.text ?? '';

/** A question with ideas a–e; `votes[i]` dots (and as many voters) on idea i in one round. */
function question(votes: number[] | null, clusters: Record<string, string> = {}): BriefQuestion {
  const ids = votes ? votes.map((_, i) => String.fromCharCode(97 + i)) : ['a', 'b', 'c'];
  return {
    id: 'q',
    position: 0,
    prompt: 'What should change?',
    plannedMinutes: 30,
    actualMinutes: 0,
    mode: 'open',
    notes: '',
    clusters: [...new Set(Object.values(clusters))].map((id, position) => ({
      id,
      label: `Theme ${id}`,
      position,
    })),
    ideas: ids.map((id, i) => ({
      id,
      seq: i + 1,
      text: `Idea ${id}`,
      actor: null,
      nextStep: null,
      clusterId: clusters[id] ?? null,
      status: 'visible',
      mergedInto: null,
      mergedCount: 0,
    })),
    rounds: votes
      ? [
          {
            number: 1,
            budget: 3,
            maxPerIdea: 1,
            restrictedTo: null,
            voters: 10,
            results: votes.map((v, i) => ({ ideaId: ids[i] as string, votes: v, voters: v })),
          },
        ]
      : [],
  };
}

describe('support in words', () => {
  test.each([
    // votes per idea → level of each idea
    [
      [7, 3, 1, 0],
      ['strongest', 'several', 'some', 'none'],
    ],
    [
      [5, 5, 2],
      ['jointStrongest', 'jointStrongest', 'some'],
    ],
    [
      [6, 2],
      ['strongest', 'some'],
    ],
    [
      [0, 0],
      ['none', 'none'],
    ],
  ])('votes %j → %j', (votes, levels) => {
    const s = questionSupport(question(votes));
    expect(s.ranking.map((r) => s.byIdea.get(r.ideaId)?.level)).toEqual(levels);
  });

  test('a majority of voters behind a runner-up idea is said as such', () => {
    const s = questionSupport(question([9, 6, 1]));
    expect(s.byIdea.get('b')?.level).toBe('majority');
  });

  test('without a vote nothing is claimed', () => {
    const s = questionSupport(question(null));
    expect(s.voted).toBe(false);
    expect([...s.byIdea.values()].every((x) => x.level === 'notVoted')).toBe(true);
  });

  test('themes are ranked by their dots; close leaders mean views differed', () => {
    const s = questionSupport(question([5, 1, 4, 2], { a: 'x', b: 'x', c: 'y', d: 'y' }));
    expect(s.themes.map((t) => [t.clusterId, t.votes, t.level])).toEqual([
      ['x', 6, 'jointStrongest'],
      ['y', 6, 'jointStrongest'],
    ]);
    expect(s.divided).toEqual({ kind: 'themes', ids: ['x', 'y'] });
    const clear = questionSupport(question([8, 1, 1, 0], { a: 'x', b: 'x', c: 'y', d: 'y' }));
    expect(clear.divided).toBeNull();
    expect(clear.themes[0]).toMatchObject({ clusterId: 'x', level: 'strongest' });
  });
});

describe('the meeting brief', () => {
  test('sections come in the published order', () => {
    const s = fixtureSnapshot(0);
    expect(generateBrief(s, { now }).map((x) => x.key)).toEqual([
      'header',
      'opening',
      'takeaways',
      'question:w1q1',
      'question:w1q2',
      'question:w1q3',
      'countries',
      'commission',
      'recommendations',
      'annex',
    ]);
  });

  test('title block and opening: topic, month and year, series, conveners, no names', () => {
    const s = fixtureSnapshot(0);
    expect(section(s, 'header')).toBe(
      [
        '# Sustaining Peace in Peace Operation Mandates and Mission Transitions',
        '**Meeting brief** · January 2017',
        '*Applying Sustaining Peace*',
        'International Peace Institute',
      ].join('\n\n'),
    );
    const opening = section(s, 'opening');
    expect(opening).toMatch(
      /^On 26 January 2017, the International Peace Institute convened a two-hour workshop on \*Sustaining Peace/,
    );
    // Without counts by type, the head-count is all the opening can say about the room.
    expect(opening).toContain('It brought together 16 participants.');
    expect(opening).toContain('It was held under the Chatham House Rule.');
    expect(opening).toContain('not necessarily the views of all participants');
    for (const p of fixture.workshops[0]?.participants ?? []) expect(opening).not.toContain(p.name);
  });

  test('without the Chatham House Rule there is no boxed note', () => {
    const s = fixtureSnapshot(0);
    s.workshop.chathamHouse = false;
    expect(section(s, 'opening')).not.toContain('Chatham House');
  });

  test.each(fixture.workshops.map((w, i) => [w.title, i] as const))(
    '%s: 3 to 6 key takeaways from the best-supported themes',
    (_title, i) => {
      const blocks = parseBrief(section(fixtureSnapshot(i), 'takeaways'));
      const list = blocks.find((b) => b.type === 'bullets');
      expect(list?.type).toBe('bullets');
      const n = list?.type === 'bullets' ? list.items.length : 0;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
    },
  );

  test('question sections rank themes by support and keep numbers out of the prose', () => {
    const s = fixtureSnapshot(1);
    const q1 = section(s, 'question:w2q1');
    const headings = q1.match(/^### .*$/gm) ?? [];
    const q = s.questions[0] as BriefQuestion;
    const labels = new Map(q.clusters.map((c) => [c.id, c.label]));
    // Themes by support; the unthemed ideas here drew no dot, so no "Other proposals".
    expect(headings).toEqual(
      questionSupport(q).themes.map((t) => `### ${labels.get(t.clusterId)}`),
    );
    expect(q1).toContain('The most discussed source was an assessed contribution');
    expect(q1).not.toMatch(/\b\d+ (votes?|dots?|voters?)\b/);
    expect(q1).not.toContain('This theme');
  });

  test('near-identical ideas are shown once, with a word that others said the same', () => {
    const q2 = section(fixtureSnapshot(1), 'question:w2q2');
    expect(q2).toContain('Allow agencies to report against shared results');
    expect(q2).not.toContain('Let UN agencies report on common results');
    expect(q2).toContain('Another participant made a similar proposal.');
  });

  test('recommendations are numbered across actor groups, each under the group of its actor', () => {
    const s = fixtureSnapshot(1);
    const blocks = parseBrief(section(s, 'recommendations'));
    let expected = 1;
    let heading = '';
    const groups = defaultActorGroups('en');
    const ideas = s.questions.flatMap((q) => q.ideas);
    for (const b of blocks) {
      if (b.type === 'heading' && b.level === 3) heading = blocksText([b])[0] ?? '';
      if (b.type !== 'numbered') continue;
      expect(b.start).toBe(expected);
      expected += b.items.length;
      for (const item of blocksText([b])) {
        // A typed actor's group is the heading the item sits under.
        const idea = ideas.find((i) => i.nextStep && item.startsWith(i.nextStep.slice(0, 30)));
        if (!idea?.actor) continue;
        const g = actorGroupIndex(idea.actor, groups);
        if (g >= 0) expect(heading.toLowerCase(), item).toContain(groups[g]?.label.toLowerCase());
      }
    }
    expect(expected - 1).toBeGreaterThanOrEqual(5);
  });

  test('actors are grouped whatever their spelling', () => {
    const groups = groupByActor(
      [
        'the Security Council',
        'Security Council.',
        'security council',
        'UN Security Council',
        'IMF',
      ],
      (a) => a,
    );
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([
      ['Security Council', 4],
      ['IMF', 1],
    ]);
  });

  test('the annex is lean: agenda and participation only; the vote tables stay for the results annex', () => {
    const s = fixtureSnapshot(2);
    const annex = section(s, 'annex');
    expect(annex).not.toMatch(/dots?|round|Method|Convene/);
    expect(annex).toMatch(/### Agenda\n\n1\. .+ \(\d+ minutes\)/);
    expect(annex).toContain('19 participants took part.');
    const tables = ideaTables(s).filter((b) => b.type === 'table');
    expect(tables).toHaveLength(3);
    const text = blocksText(tables).join('\n');
    for (const idea of s.questions.flatMap((q) => q.ideas)) {
      expect(text).toContain(idea.text.replace(/\s+/g, ' '));
    }
    const md = renderMarkdown(composeBrief(s, {}, { now }));
    expect(md).not.toContain('| Votes |');
  });

  test('the export uses the draft where one was generated, the board elsewhere', () => {
    const s = fixtureSnapshot(0);
    const edited = '## Key takeaways\n\n- Only this.';
    const doc = composeBrief(
      s,
      {
        takeaways: { text: edited, base: section(s, 'takeaways') },
        opening: { text: 'Never generated: ignored.', base: null },
      },
      { now },
    );
    const md = renderMarkdown(doc);
    expect(md).toContain('- Only this.');
    expect(md).not.toContain('Never generated');
    expect(md).toContain('On 26 January 2017');
  });
});

describe('regenerating the draft', () => {
  const g = (key: string, text: string) => ({ key, title: key, text });
  test.each([
    ['never generated', undefined, 'new', 'created', true],
    ['not edited, board unchanged', { text: 'old', base: 'old' }, 'old', 'unchanged', false],
    ['not edited, board changed', { text: 'old', base: 'old' }, 'new', 'updated', true],
    ['edited, board changed', { text: 'mine', base: 'old' }, 'new', 'kept', false],
    ['edited to what the board says', { text: 'new', base: 'old' }, 'new', 'unchanged', true],
  ] as const)('%s', (_name, draft, fresh, outcome, write) => {
    const [plan] = planRegeneration(draft ? { s: { ...draft } } : {}, [g('s', fresh)]);
    expect(plan).toMatchObject({ outcome, write });
  });

  test('an edited section is replaced only when confirmed for that section', () => {
    const plans = planRegeneration(
      { a: { text: 'mine', base: 'old' }, b: { text: 'mine', base: 'old' } },
      [g('a', 'new'), g('b', 'new')],
      { replace: new Set(['a']) },
    );
    expect(plans.map((p) => [p.key, p.outcome, p.write])).toEqual([
      ['a', 'replaced', true],
      ['b', 'kept', false],
    ]);
  });

  // Issue 12 item 11: "the board changed" only when generation would now write something else
  // than the section's generation record.
  test.each([
    ['edited, board unchanged', { text: 'mine', base: 'old' }, 'old', 'kept', false],
    ['edited, board changed', { text: 'mine', base: 'old' }, 'new', 'kept', true],
    ['not edited, board unchanged', { text: 'old', base: 'old' }, 'old', 'unchanged', false],
    ['not edited, board changed', { text: 'old', base: 'old' }, 'new', 'updated', true],
    ['never generated', undefined, 'new', 'created', true],
  ] as const)('board changed? %s', (_name, draft, fresh, outcome, boardChanged) => {
    const [plan] = planRegeneration(draft ? { s: { ...draft } } : {}, [g('s', fresh)]);
    expect(plan).toMatchObject({ outcome, boardChanged });
  });
});

describe('the series policy paper', () => {
  const paper = composeSeriesPaper(fixtureSeries(), { now });
  const md = renderMarkdown(paper);

  test('summary, introduction, one chapter per workshop in date order, then the series-wide sections', () => {
    const h2 = md.match(/^## .*$/gm) ?? [];
    expect(h2).toEqual([
      '## Executive summary',
      '## Introduction',
      ...fixture.workshops.map((w, i) => `## ${i + 1}. ${w.title}`),
      '## Cross-cutting themes',
      '## Country examples',
      '## What the series asks of the Peacebuilding Commission',
      '## Recommendations',
      '## Annex: the series plan as held',
    ]);
    expect(md).toContain('Between 26 January 2017 and 11 May 2017, six workshops were held');
    expect(md).toContain('> The workshops were held under the Chatham House Rule.');
  });

  test('cross-cutting themes recur in at least two workshops', () => {
    const themes = md.slice(
      md.indexOf('## Cross-cutting themes'),
      md.indexOf('## Country examples'),
    );
    expect(themes).toContain('### Peacebuilding Fund');
    expect(themes).toContain('### World Bank');
    const counts = [...themes.matchAll(/Raised in (\w+) workshops/g)].map((m) => m[1]);
    // Several themes, each in at least two workshops (the loop below is not allowed to be empty).
    expect(counts.length).toBeGreaterThanOrEqual(3);
    for (const n of counts) expect(['two', 'three', 'four', 'five', 'six']).toContain(n);
  });

  test('a chapter takes the takeaways as the rapporteurs left them', () => {
    const series = fixtureSeries();
    const first = series.workshops[0];
    if (!first) throw new Error('no workshop');
    first.draft = {
      takeaways: { text: '## Key takeaways\n\n- A takeaway rewritten by hand.', base: 'x' },
    };
    const text = renderMarkdown(composeSeriesPaper(series, { now }));
    const chapter = text.slice(text.indexOf('## 1.'), text.indexOf('## 2.'));
    expect(chapter).toContain('- A takeaway rewritten by hand.');
  });

  test('recommendations name the workshops they come from', () => {
    const recs = md.slice(md.indexOf('## Recommendations'), md.indexOf('## Annex'));
    expect(recs).toMatch(/^1\. .*\*\(Workshops? [\d, and]+\)\*$/m);
    expect((recs.match(/^\d+\. /gm) ?? []).length).toBeLessThanOrEqual(15);
  });
});
