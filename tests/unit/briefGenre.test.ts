import {
  type Block,
  BROAD_SHARE,
  type BriefIdea,
  type BriefLanguage,
  type BriefQuestion,
  type BriefSnapshot,
  blocksText,
  briefLabels,
  composeBrief,
  composeSeriesPaper,
  generateBrief,
  normaliseIdeaText,
  parseBrief,
  questionSupport,
  renderHtml,
  renderMarkdown,
  SEVERAL_SHARE,
  type SupportWord,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import { countriesNamedIn } from '../../shared/src/brief/countries.ts';
import { genreSnapshot, wordCount } from '../helpers/briefFixture.ts';
import { fixtureSnapshot, loadFixture } from '../helpers/fixtureBoard.ts';

/**
 * The brief's genre, point by point (issue 14): what an experienced rapporteur checks before
 * publishing a meeting brief, measured on the fixture's six workshops and on generated ones.
 */

const now = new Date('2017-06-01T09:00:00Z');
const fixture = loadFixture();
const LANGS: BriefLanguage[] = ['en', 'fr', 'es'];

// ---- Reading a brief back ------------------------------------------------------------------

const sectionsOf = (s: BriefSnapshot) => generateBrief(s, { now });
const blocksOf = (text: string) => parseBrief(text);
/** The body: every section but the annex, as blocks. */
const bodyBlocks = (s: BriefSnapshot): Block[] =>
  sectionsOf(s)
    .filter((x) => x.key !== 'annex')
    .flatMap((x) => blocksOf(x.text));
const bodyPlain = (s: BriefSnapshot) => blocksText(bodyBlocks(s)).join('\n');
const sectionText = (s: BriefSnapshot, key: string) =>
  sectionsOf(s).find((x) => x.key === key)?.text ?? '';
const sectionPlain = (s: BriefSnapshot, key: string) =>
  blocksText(blocksOf(sectionText(s, key))).join('\n');

/** How often `needle` occurs in `hay`. */
function occurrences(hay: string, needle: string): number {
  let n = 0;
  let at = hay.indexOf(needle);
  while (at >= 0) {
    n++;
    at = hay.indexOf(needle, at + needle.length);
  }
  return n;
}

const visibleIdeas = (s: BriefSnapshot) =>
  s.questions.flatMap((q) => q.ideas.filter((i) => i.status === 'visible'));

/** An idea's text as the body prints it. */
const printed = (i: BriefIdea, lang: BriefLanguage = 'en') => normaliseIdeaText(i.text, lang);

// ---- Generated workshops -------------------------------------------------------------------

/** A small seeded generator (mulberry32), so a failure names the seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTOR_SPELLINGS = [
  'Security Council',
  'the Security Council',
  'UNSC penholders',
  'Peacebuilding Commission',
  'PBC',
  'Peacebuilding Fund',
  'PBSO',
  'UN Secretariat',
  'DPKO',
  'resident coordinators',
  'UNDP',
  'Donors',
  'Donor Member States',
  'OECD DAC donors',
  'Member States',
  'Fifth Committee',
  'host governments',
  'national civil society',
  'World Bank',
  'Regional organisations',
  'Everyone',
  'Think tanks',
  null,
  null,
  null,
];

/**
 * A workshop of `questions` × `perQuestion` ideas of realistic length (the fixture's texts,
 * drawn without replacement), with or without themes, one round of dot voting (3 dots each,
 * 15 voters), and actors typed every which way.
 */
function generated(
  seed: number,
  opts: { questions?: number; perQuestion?: number; themes?: boolean; lang?: BriefLanguage } = {},
): BriefSnapshot {
  const next = rng(seed);
  const pool = fixture.workshops.flatMap((w) => w.questions.flatMap((q) => q.ideas));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  const used = new Set<number>();
  const nq = opts.questions ?? 3;
  const per = opts.perQuestion ?? 12;
  let seq = 0;
  const questions: BriefQuestion[] = Array.from({ length: nq }, (_, qi) => {
    const qid = `g${qi + 1}`;
    const clusters = opts.themes
      ? Array.from({ length: 3 }, (_, ci) => ({
          id: `${qid}c${ci}`,
          label:
            pick(['Financing', 'Mandates', 'Local voices', 'Early warning', 'Partnerships']) +
            ` ${ci + 1}`,
          position: ci,
        }))
      : [];
    const ideas: BriefIdea[] = Array.from({ length: per }, (_, ii) => {
      let k = Math.floor(next() * pool.length);
      while (used.has(k)) k = (k + 1) % pool.length;
      used.add(k);
      const src = pool[k];
      return {
        id: `${qid}i${ii}`,
        seq: ++seq,
        text: src?.text ?? 'An idea.',
        actor: pick(ACTOR_SPELLINGS),
        nextStep: next() < 0.6 ? (src?.nextStep ?? 'Draft a proposal') : null,
        clusterId: clusters.length > 0 && next() < 0.85 ? pick(clusters).id : null,
        status: 'visible',
        mergedInto: null,
        mergedCount: 0,
      };
    });
    // 15 voters, 3 dots each, at most one per idea: 45 dots spread unevenly.
    const votes = new Map<string, number>(ideas.map((i) => [i.id, 0]));
    for (let v = 0; v < 15; v++) {
      const chosen = new Set<string>();
      while (chosen.size < 3) {
        const weightTo = Math.floor(next() ** 2 * ideas.length);
        chosen.add(ideas[weightTo]?.id ?? '');
      }
      for (const id of chosen) votes.set(id, (votes.get(id) ?? 0) + 1);
    }
    return {
      id: qid,
      position: qi,
      prompt: `What should change on subject ${qi + 1}, and who should act?`,
      plannedMinutes: 30,
      actualMinutes: 31,
      mode: 'open',
      notes: '',
      clusters,
      ideas,
      rounds: [
        {
          number: 1,
          budget: 3,
          maxPerIdea: 1,
          restrictedTo: null,
          voters: 15,
          results: ideas.map((i) => ({
            ideaId: i.id,
            votes: votes.get(i.id) ?? 0,
            voters: votes.get(i.id) ?? 0,
          })),
        },
      ],
    };
  });
  return {
    workshop: {
      title: `Generated workshop ${seed}`,
      series: 'A series',
      host: 'International Peace Institute',
      date: '2017-03-14',
      durationMinutes: 120,
      chathamHouse: true,
      voteBudget: 3,
      maxVotesPerIdea: 1,
      language: opts.lang ?? 'en',
    },
    participantCount: 15,
    questions,
  };
}

/** The fixture's workshop with only the first `n` ideas of each question (36 in all for 12). */
function trimmed(index: number, perQuestion: number): BriefSnapshot {
  const s = genreSnapshot(index);
  for (const q of s.questions) {
    q.ideas = q.ideas.slice(0, perQuestion);
    const kept = new Set(q.ideas.map((i) => i.id));
    for (const r of q.rounds) r.results = r.results.filter((x) => kept.has(x.ideaId));
  }
  return s;
}

const FIXTURE = fixture.workshops.map((w, i) => [w.title, i] as const);
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

// ---- Each measurable point ------------------------------------------------------------------

describe('say everything once', () => {
  const check = (s: BriefSnapshot) => {
    const body = bodyPlain(s);
    let printedCount = 0;
    for (const idea of visibleIdeas(s)) {
      const text = printed(idea, s.workshop.language ?? 'en');
      const n = occurrences(body, text);
      expect(n, text).toBeLessThanOrEqual(1);
      printedCount += n;
    }
    // Positive control: the body does print ideas, so "at most once" is not vacuous.
    expect(printedCount).toBeGreaterThan(visibleIdeas(s).length / 2);
  };
  test.each(FIXTURE)('%s: each idea at most once in the body', (_t, i) => check(genreSnapshot(i)));
  test.each(SEEDS)('generated workshop %i: each idea at most once', (seed) =>
    check(generated(seed, { themes: seed % 2 === 0 })),
  );

  test.each(FIXTURE)(
    '%s: takeaways are 3–5 cross-question statements, not copies of ideas',
    (_t, i) => {
      const s = genreSnapshot(i);
      const blocks = blocksOf(sectionText(s, 'takeaways'));
      const list = blocks.find((b) => b.type === 'bullets');
      const items = list?.type === 'bullets' ? blocksText([list]) : [];
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items.length).toBeLessThanOrEqual(5);
      const plain = sectionPlain(s, 'takeaways');
      for (const idea of visibleIdeas(s)) expect(plain).not.toContain(printed(idea).slice(0, 60));
      expect(plain).toContain('[Rapporteur: sharpen each thread');
    },
  );

  test.each(FIXTURE)('%s: recommendations point to proposals without repeating them', (_t, i) => {
    const s = genreSnapshot(i);
    const plain = sectionPlain(s, 'recommendations');
    for (const idea of visibleIdeas(s)) expect(plain).not.toContain(printed(idea));
    // Each points somewhere and has a first step or asks for one.
    const list = blocksOf(sectionText(s, 'recommendations')).filter((b) => b.type === 'numbered');
    const items = blocksText(list);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).toMatch(/\(.+\)|\[Rapporteur: add a first step\.\]/);
  });

  test('near-duplicates are merged into one statement', () => {
    const s = genreSnapshot(0);
    const body = bodyPlain(s);
    // w1q3i2 says what w1q3i1 says; the better-supported wording stays.
    expect(body).toContain(
      'Have the chair of the relevant country configuration brief the Council',
    );
    expect(body).not.toContain('The PBC configuration chair should brief the Council');
    expect(body).toContain('Another participant made a similar proposal.');
  });
});

describe('thematic sections', () => {
  test.each(FIXTURE)('%s: no "Question N" heading anywhere', (_t, i) => {
    const md = renderMarkdown(composeBrief(genreSnapshot(i), {}, { now }));
    expect(md).not.toMatch(/^#+ (Question|Pregunta) \d/m);
    // Positive control: the sections do have level-2 headings.
    expect(md.match(/^## /gm)?.length ?? 0).toBeGreaterThanOrEqual(6);
  });

  test('the organiser’s short title is the heading; else one derived from the themes', () => {
    const s = genreSnapshot(0);
    const q = s.questions[0] as BriefQuestion;
    expect(sectionText(s, 'question:w1q1').split('\n')[0]).toBe(
      '## Transition benchmarks and focused, political mandates',
    );
    q.shortTitle = 'Mandates that put politics first';
    expect(sectionText(s, 'question:w1q1').split('\n')[0]).toBe(
      '## Mandates that put politics first',
    );
  });

  test.each(SEEDS)('generated workshop %i without themes: no sentence about themes', (seed) => {
    const s = generated(seed, { themes: false });
    const body = bodyPlain(s);
    expect(body).not.toMatch(/\btheme/i);
    // Positive control: with themes the sentence is there.
    expect(bodyPlain(generated(seed, { themes: true }))).toMatch(/grouped below into \w+ themes?/);
  });

  test('without themes, a long list is grouped by who should act', () => {
    const s = generated(3, { themes: false, perQuestion: 14 });
    const q = sectionText(s, 'question:g1');
    expect(q.match(/^### /gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });
});

describe('support in the genre’s words', () => {
  const WORD_OF_LEAD = new Map<string, SupportWord>();
  for (const lang of LANGS) {
    const L = briefLabels(lang);
    for (const w of ['broad', 'several', 'some', 'none', 'notVoted'] as SupportWord[]) {
      WORD_OF_LEAD.set(L.tierLead(w, 1), w);
      WORD_OF_LEAD.set(L.tierLead(w, 2), w);
    }
  }

  /** Every listed idea with the word its tier says, per question. */
  function said(s: BriefSnapshot): { q: BriefQuestion; idea: BriefIdea; word: SupportWord }[] {
    const out: { q: BriefQuestion; idea: BriefIdea; word: SupportWord }[] = [];
    for (const q of s.questions) {
      const lang = s.workshop.language ?? 'en';
      let word: SupportWord | null = null;
      for (const b of blocksOf(sectionText(s, `question:${q.id}`))) {
        if (b.type === 'paragraph') word = WORD_OF_LEAD.get(blocksText([b])[0] ?? '') ?? word;
        if (b.type === 'heading') word = null;
        if (b.type !== 'bullets' || !word) continue;
        for (const item of blocksText([b])) {
          const idea = q.ideas.find((i) => item.startsWith(printed(i, lang)));
          if (idea) out.push({ q, idea, word });
        }
      }
    }
    return out;
  }

  const check = (s: BriefSnapshot) => {
    const lines = said(s);
    expect(lines.length).toBeGreaterThan(5);
    for (const { q, idea, word } of lines) {
      const sup = questionSupport(q).byIdea.get(idea.id);
      const share = sup?.share ?? 0;
      // Never overstated: "broad" needs the broad share, "several" the several share.
      if (word === 'broad') expect(share, idea.text).toBeGreaterThanOrEqual(BROAD_SHARE);
      if (word === 'several') expect(share, idea.text).toBeGreaterThanOrEqual(SEVERAL_SHARE);
      if (word === 'some') expect(sup?.votes ?? 0).toBeGreaterThan(0);
    }
    // Ideas of one theme within one dot of each other are said with the same words.
    for (const a of lines) {
      for (const b of lines) {
        if (a.q !== b.q || a.idea.clusterId !== b.idea.clusterId || a.word === b.word) continue;
        const va = questionSupport(a.q).byIdea.get(a.idea.id)?.votes ?? 0;
        const vb = questionSupport(b.q).byIdea.get(b.idea.id)?.votes ?? 0;
        expect(
          Math.abs(va - vb),
          `${a.idea.id} ${a.word} / ${b.idea.id} ${b.word}`,
        ).toBeGreaterThanOrEqual(2);
      }
    }
  };
  test.each(FIXTURE)('%s: calibrated to the share of voters, no split within one dot', (_t, i) =>
    check(genreSnapshot(i)),
  );
  test.each(SEEDS)('generated workshop %i: calibrated, no split within one dot', (seed) =>
    check(generated(seed, { themes: true })),
  );

  test.each(FIXTURE)('%s: no vote counts, rounds or tables in the body', (_t, i) => {
    const s = genreSnapshot(i);
    const body = bodyPlain(s);
    expect(body).not.toMatch(/\b\d+\s*(votes?|dots?|voters?|rounds?)\b/i);
    expect(body).not.toMatch(/\bdot voting\b/i);
    expect(bodyBlocks(s).some((b) => b.type === 'table')).toBe(false);
  });

  test('contested ideas and themes, and the points-of-debate note, become "views differed" paragraphs', () => {
    const s = genreSnapshot(0);
    const q = s.questions[0] as BriefQuestion;
    const idea = q.ideas.find((i) => i.id === 'w1q1i5') as BriefIdea;
    idea.contested = true;
    idea.contestNote = 'some feared a cap would only move tasks to the annex';
    const cluster = q.clusters[1];
    if (cluster) {
      cluster.contested = true;
      cluster.contestNote = 'Whether benchmarks help or become a checklist.';
    }
    q.debateNote = 'Some questioned whether the Council would accept shorter mandates at all.';
    const text = sectionText(s, 'question:w1q1');
    const paragraphs = blocksText(blocksOf(text).filter((b) => b.type === 'paragraph'));
    expect(paragraphs).toContain(
      `Views differed on one proposal: ${printed(idea)} Some feared a cap would only move tasks to the annex.`.replace(
        'Some feared',
        'some feared',
      ),
    );
    expect(paragraphs).toContain(
      'Views differed on this theme. Whether benchmarks help or become a checklist.',
    );
    expect(paragraphs).toContain(
      'Views differed. Some questioned whether the Council would accept shorter mandates at all.',
    );
    // Said once: the contested idea is not also in a list.
    expect(occurrences(bodyPlain(s), printed(idea))).toBe(1);
  });
});

describe('recommendations by actor', () => {
  const groupsOf = (s: BriefSnapshot) =>
    blocksOf(sectionText(s, 'recommendations')).filter(
      (b) => b.type === 'heading' && b.level === 3,
    );

  test.each(
    [...FIXTURE.map(([, i]) => genreSnapshot(i)), ...SEEDS.map((seed) => generated(seed))].map(
      (s) => [s.workshop.title, s] as const,
    ),
  )('%s: at most five actor groups (and Others)', (_t, s) => {
    const headings = blocksText(groupsOf(s));
    const named = headings.filter((h) => h !== 'Others');
    expect(named.length).toBeLessThanOrEqual(5);
    expect(new Set(headings).size).toBe(headings.length);
  });

  test('“Donors”, “Donor Member States” and “OECD DAC donors” are one group', () => {
    const s = generated(11);
    const ideas = s.questions.flatMap((q) => q.ideas);
    const spellings = ['Donors', 'Donor Member States', 'OECD DAC donors'];
    // The three best-supported ideas get the three spellings.
    const best = s.questions.map((q) => questionSupport(q).ranking[0]?.ideaId);
    best.forEach((id, k) => {
      const idea = ideas.find((i) => i.id === id);
      if (idea) idea.actor = spellings[k] ?? null;
    });
    const headings = blocksText(groupsOf(s));
    expect(headings.filter((h) => /donor/i.test(h))).toEqual(['For Member States and donors']);
  });

  test('a well-supported idea with no actor is still recommended', () => {
    const s = genreSnapshot(0);
    const q = s.questions[1] as BriefQuestion;
    // The idea with the most dots on the question, its actor removed.
    const top = questionSupport(q).ranking[0]?.ideaId;
    const idea = q.ideas.find((i) => i.id === top) as BriefIdea;
    idea.actor = null;
    const recs = sectionPlain(s, 'recommendations');
    expect(recs).toContain(idea.nextStep?.slice(0, 40) ?? '');
  });

  test('a series can bring its own groups; extra groups beyond five are not used', () => {
    const s = genreSnapshot(0);
    s.workshop.actorGroups = [
      { label: 'the Council', match: ['security council', 'council'] },
      {
        label: 'everyone else in New York',
        match: ['member states', 'secretariat', 'peacebuilding'],
      },
      ...Array.from({ length: 6 }, (_, k) => ({
        label: `Unused ${k}`,
        match: ['host governments'],
      })),
    ];
    const headings = blocksText(groupsOf(s));
    expect(headings).toContain('For the Council');
    expect(headings.some((h) => h.startsWith('For Unused'))).toBe(false);
  });
});

describe('country examples and the Commission', () => {
  test.each(FIXTURE)('%s: both sections when lens data exists', (_t, i) => {
    const s = genreSnapshot(i);
    const keys = sectionsOf(s)
      .filter((x) => x.text.trim())
      .map((x) => x.key);
    expect(keys).toContain('countries');
    const countries = blocksOf(sectionText(s, 'countries'));
    expect(countries[0]).toEqual({
      type: 'heading',
      level: 2,
      text: [{ text: 'Country examples' }],
    });
    if (i === 0) {
      expect(sectionPlain(s, 'countries')).toContain(
        'Liberia: four proposals, on Transition benchmarks, Bridging the financing cliff, Political presence after exit and Convening around transitions.',
      );
      expect(sectionText(s, 'commission')).toMatch(/^## The role of the Peacebuilding Commission/);
    }
  });

  test('countries and the Commission named in ideas nobody tagged are found', () => {
    // The plain fixture has no lens data at all: names in the text are all there is.
    const s = fixtureSnapshot(0);
    const countries = sectionPlain(s, 'countries');
    for (const name of ['Liberia', 'Haiti', 'Côte d’Ivoire']) expect(countries).toContain(name);
    expect(countries.split('\n').length).toBeGreaterThanOrEqual(1 + 5);
    expect(sectionPlain(s, 'commission')).toMatch(/addressed \w+ proposals to the Commission/);
  });

  test('country names in any of the brief’s languages, longest first, abbreviations in capitals only', () => {
    expect(
      countriesNamedIn(
        'South Sudan and Guinea-Bissau, not Sudan; la République centrafricaine; la Côte d’Ivoire; CAR',
      ),
    ).toEqual(['CF', 'CI', 'GW', 'SD', 'SS']);
    // "car" is a word, "Jordan" a name people have: neither tags a country.
    expect(countriesNamedIn('Take the car, as Jordan said.')).toEqual([]);
    expect(countriesNamedIn('RDC y la República Democrática del Congo')).toEqual(['CD']);
  });

  test('neither section without countries or the Commission', () => {
    const s = generated(5);
    for (const q of s.questions) {
      for (const i of q.ideas) {
        i.text = 'Fund the country team to take over critical functions before the mission leaves.';
        i.nextStep = null;
        i.actor = 'Member States';
      }
      // Distinct texts, so that near-duplicate merging does not hide the point.
      q.ideas.forEach((i, k) => {
        i.text = `${i.text} Variant ${k} on staffing number ${k * 7}.`;
      });
    }
    expect(sectionText(s, 'countries')).toBe('');
    expect(sectionText(s, 'commission')).toBe('');
    // Positive control: one tag on a supported idea brings the country section.
    const q = s.questions[0] as BriefQuestion;
    const top = questionSupport(q).ranking[0]?.ideaId;
    const idea = q.ideas.find((i) => i.id === top) as BriefIdea;
    idea.countries = ['ML'];
    expect(sectionPlain(s, 'countries')).toContain('Mali: one proposal');
  });
});

describe('front matter and annex', () => {
  test('title, Meeting brief, month and year, series and number, every co-organiser', () => {
    const s = genreSnapshot(0);
    const header = sectionPlain(s, 'header');
    expect(header).toContain('Meeting brief · January 2017');
    expect(header).toContain('Applying Sustaining Peace · Workshop 1');
    for (const host of fixture.series.hosts) expect(header).toContain(host);
    const opening = sectionPlain(s, 'opening');
    expect(opening).toContain('the first in the Applying Sustaining Peace series');
    for (const host of fixture.series.hosts) expect(opening).toContain(host);
    expect(opening).toContain(
      'It brought together diplomats of member states, officials of the UN system, researchers and practitioners from civil society.',
    );
    // Participants by type, never by head-count or name.
    expect(opening).not.toMatch(/\b16\b|sixteen/);
  });

  test('the context paragraph, or a visible prompt when empty', () => {
    const s = genreSnapshot(0);
    expect(sectionPlain(s, 'opening')).toContain('[Context: add a sentence or two');
    s.workshop.context = 'The Council renews the mission in Liberia in March.';
    const opening = sectionPlain(s, 'opening');
    expect(opening).toContain('The Council renews the mission in Liberia in March.');
    expect(opening).not.toContain('[Context:');
  });

  test('the annex: agenda and participation by type only; the software is not named', () => {
    const s = genreSnapshot(2);
    const annex = sectionPlain(s, 'annex');
    expect(annex).toMatch(/^Annex\nAgenda\n/);
    expect(annex).toContain('Diplomats of member states: 6');
    expect(annex).not.toMatch(/vote|dot|round|method|Convene/i);
    const html = renderHtml(composeBrief(s, {}, { now }));
    expect(html).not.toMatch(/Convene/);
  });

  test('idea text in the body is lightly normalised: whitespace, "&", emoji', () => {
    const body = bodyPlain(genreSnapshot(0)) + bodyPlain(genreSnapshot(1));
    expect(body).toContain('Two asks for the Fifth Committee: 1) allow programmatic funding');
    expect(body).toContain('end with one concrete ask to the Council or to donors.');
    expect(body).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(body).toContain('Stop calling it "catalytic" and then');
    expect(body).not.toContain(' & ');
  });
});

describe('length of a short brief', () => {
  test.each(SEEDS)('generated workshop %i, 36 ideas: a body of 900–1,800 words', (seed) => {
    for (const themes of [true, false]) {
      const n = wordCount(bodyPlain(generated(seed, { themes })));
      expect(n).toBeGreaterThanOrEqual(900);
      expect(n).toBeLessThanOrEqual(1800);
    }
  });
  test.each(FIXTURE)('%s cut to 36 ideas: a body of 900–1,800 words', (_t, i) => {
    const n = wordCount(bodyPlain(trimmed(i, 12)));
    expect(n).toBeGreaterThanOrEqual(900);
    expect(n).toBeLessThanOrEqual(1800);
  });
});

describe('the workshop’s language', () => {
  const ENGLISH_LABELS = [
    'Key takeaways',
    'Meeting brief',
    'Recommendations',
    'Country examples',
    'Agenda',
    'Participants were asked',
    'participants put forward',
    'supported these proposals',
    'First step',
    'Stakeholder action',
    'Views differed',
    'Annex',
    'Chatham House Rule.',
    'January',
  ];

  test.each(['fr', 'es'] as const)(
    '%s: every fixed word in the language, dates by Intl',
    (lang) => {
      const s = genreSnapshot(0, { language: lang });
      const cluster = s.questions[0]?.clusters[0];
      if (cluster) cluster.contested = true;
      const doc = composeBrief(s, {}, { now });
      expect(doc.language).toBe(lang);
      const md = renderMarkdown(doc);
      // The ideas stay as written (in English here); the frame is translated.
      let frame = md;
      for (const idea of visibleIdeas(s)) frame = frame.split(printed(idea, lang)).join('');
      for (const q of s.questions) frame = frame.split(q.notes).join('').split(q.prompt).join('');
      for (const idea of visibleIdeas(s)) {
        if (idea.nextStep) frame = frame.split(normaliseIdeaText(idea.nextStep, lang)).join('');
      }
      // Whole words: "Annexe" is French, "Annex" is not.
      const word = (w: string) =>
        new RegExp(`(^|[^\\p{L}])${w.replace(/[.]/g, '\\.')}([^\\p{L}]|$)`, 'u');
      for (const label of ENGLISH_LABELS) expect(frame, label).not.toMatch(word(label));
      const L = briefLabels(lang);
      expect(md).toContain(`## ${L.takeaways}`);
      expect(md).toContain(`## ${L.recommendations}`);
      expect(md).toContain(`## ${L.countries}`);
      expect(md).toContain(
        `**${L.meetingBrief}** · ${lang === 'fr' ? 'janvier 2017' : 'enero de 2017'}`,
      );
      expect(md).toContain(lang === 'fr' ? 'Le 26 janvier 2017' : 'El 26 de enero de 2017');
      expect(renderHtml(doc)).toContain(`<html lang="${lang}">`);
    },
  );

  test('English is the default, and the HTML says so', () => {
    const s = fixtureSnapshot(0);
    const doc = composeBrief(s, {}, { now });
    expect(doc.language).toBe('en');
    expect(renderHtml(doc)).toContain('<html lang="en">');
  });

  test('the series paper is in the language of its workshops', () => {
    const series = {
      series: { name: fixture.series.title, description: null },
      workshops: fixture.workshops.map((_, i) => ({
        snapshot: genreSnapshot(i, { language: i < 4 ? 'es' : 'fr' }),
        draft: {},
      })),
    };
    const doc = composeSeriesPaper(series, { now });
    expect(doc.language).toBe('es');
    const md = renderMarkdown(doc);
    expect(md).toContain('**Documento de políticas — borrador** · mayo de 2017');
    expect(md).toContain('## Recomendaciones');
    expect(md).toContain('## Resumen ejecutivo');
    expect(md).toMatch(/Entre el 26 de enero de 2017 y el \d+ de \w+ de 2017/);
    expect(md).not.toMatch(
      /\b(Introduction|Executive summary|Recommendations|First step|Workshops?)\b/,
    );
    expect(renderHtml(doc)).toContain('<html lang="es">');
  });

  test('an idea written in another language is kept as written', () => {
    const md = renderMarkdown(composeBrief(genreSnapshot(0, { language: 'es' }), {}, { now }));
    expect(md).toContain("Organiser une réunion de la Commission consacrée à la Côte d'Ivoire");
  });
});

describe('a big board still gives a short brief', () => {
  test('3,000 ideas on one question: the best few of each group listed, the rest counted', () => {
    const s = generated(21, { questions: 1, perQuestion: 40, themes: false });
    const q = s.questions[0] as BriefQuestion;
    const round = q.rounds[0];
    const seed = q.ideas;
    q.ideas = Array.from({ length: 3000 }, (_, k) => ({
      ...(seed[k % seed.length] as BriefIdea),
      id: `big${k}`,
      seq: k + 1,
      text: `${seed[k % seed.length]?.text} (${k})`,
    }));
    if (round) {
      round.voters = 200;
      round.results = q.ideas.map((i, k) => ({ ideaId: i.id, votes: k % 7, voters: k % 7 }));
    }
    const n = wordCount(bodyPlain(s));
    expect(n).toBeLessThanOrEqual(1800);
    expect(sectionPlain(s, 'question:g1')).toMatch(
      /further proposals with less support are not listed here/,
    );
  });
});

describe('edge cases', () => {
  test('an empty workshop, a question without ideas, a board without a vote: a brief, no throw', () => {
    const empty = generated(1);
    empty.questions = [];
    const md = renderMarkdown(composeBrief(empty, {}, { now }));
    expect(md).toContain('No ideas were recorded at this meeting.');

    const noIdeas = generated(2, { questions: 2 });
    for (const q of noIdeas.questions) {
      q.ideas = [];
      q.rounds = [];
    }
    expect(sectionPlain(noIdeas, 'question:g1')).toContain(
      'No proposals were recorded on this question.',
    );

    const noVote = generated(3, { themes: true });
    for (const q of noVote.questions) q.rounds = [];
    const body = bodyPlain(noVote);
    expect(body).toContain('Participants proposed:');
    // Idea texts may say "support"; the frame claims none.
    expect(body).not.toMatch(
      /drew broad support|participants supported|support from|best-supported/,
    );
    // Without a vote the recommendations are the proposals that came with a first step.
    expect(sectionPlain(noVote, 'recommendations')).toMatch(/\(.+\)/);
  });
});
