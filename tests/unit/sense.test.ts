import {
  buildSenseIndex,
  guessLanguage,
  mayBelong,
  nearDuplicates,
  type SenseIdea,
  senseTokens,
  similarTo,
  suggestGroups,
  suggestName,
} from '@convene/shared';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

/** The sense engine's contract, on a small board whose themes a reader sees at once. */
const IDEAS: SenseIdea[] = [
  { id: 'f1', text: 'Pool donor funding for the transition in a single trust fund.' },
  { id: 'f2', text: 'A pooled trust fund so that donors finance the transition together.' },
  { id: 'f3', text: 'Donors should keep funding flexible during the transition period.' },
  { id: 'w1', text: 'Reserve seats for women in every local peace committee.' },
  { id: 'w2', text: "Women's groups need a seat in local committees, not only consultations." },
  { id: 'y1', text: 'Train young mediators in schools and universities.' },
];

describe('sense engine', () => {
  const index = buildSenseIndex(IDEAS, { language: 'en' });

  test('the best near-duplicate pair says the same thing', () => {
    const [first] = nearDuplicates(index);
    expect(first && [first.a, first.b].sort()).toEqual(['f1', 'f2']);
  });

  test('"may belong here" ranks the same theme first and never the cluster itself', () => {
    const ranked = mayBelong(index, ['w1'], ['f1', 'w1', 'w2', 'y1'], 3);
    expect(ranked[0]?.ideaId).toBe('w2');
    expect(ranked.map((r) => r.ideaId)).not.toContain('w1');
  });

  test('a cluster\'s name steers "may belong here"; a name of no known word changes nothing', () => {
    // Seeded with a funding idea only, the women's ideas share none of its words; named for
    // them, the cluster draws them first.
    const candidates = ['f2', 'f3', 'w1', 'w2', 'y1'];
    const plain = mayBelong(index, ['f1'], candidates, 2).map((r) => r.ideaId);
    expect(plain).toEqual(expect.arrayContaining(['f2', 'f3']));
    const named = mayBelong(index, ['f1'], candidates, 2, { name: 'Women in local committees' });
    expect(named.map((r) => r.ideaId)).toEqual(expect.arrayContaining(['w1', 'w2']));
    const unknown = mayBelong(index, ['f1'], candidates, 5, { name: 'Zzyzx qwerty' });
    expect(unknown).toEqual(mayBelong(index, ['f1'], candidates, 5));
  });

  test('suggested groups are named from their key terms and only among the given ideas', () => {
    const groups = suggestGroups(index, ['f1', 'f2', 'f3', 'w1', 'w2']);
    for (const g of groups) {
      expect(g.ideaIds.every((id) => id !== 'y1')).toBe(true);
      expect(g.name.length).toBeGreaterThan(0);
    }
    const funding = groups.find((g) => g.ideaIds.includes('f1'));
    expect(funding?.ideaIds).toEqual(expect.arrayContaining(['f1', 'f2']));
    expect(funding?.ideaIds).not.toContain('w1');
  });

  test('a suggested group holds at most three ideas: a theme of six comes as seeds to grow', () => {
    // Six ideas that all say "fund the transition", four about women's seats: merged freely,
    // average link would make one group of six.
    const many: SenseIdea[] = [
      ...Array.from({ length: 6 }, (_, k) => ({
        id: `m${k}`,
        text: `Donors should pool funding for the transition in one trust fund, option ${k + 1}.`,
      })),
      ...Array.from({ length: 4 }, (_, k) => ({
        id: `s${k}`,
        text: `Reserve seats for women in local peace committees, district ${k + 1}.`,
      })),
    ];
    const board = buildSenseIndex(many, { language: 'en' });
    const groups = suggestGroups(
      board,
      many.map((i) => i.id),
    );
    // The six as two seeds of three, the women's seats as one.
    expect(groups.length).toBe(3);
    expect(groups.filter((g) => g.ideaIds[0]?.startsWith('m'))).toHaveLength(2);
    for (const g of groups) {
      expect(g.ideaIds.length).toBeLessThanOrEqual(3);
      // Never mixed: the seeds are of one theme each.
      expect(new Set(g.ideaIds.map((id) => id[0])).size).toBe(1);
    }
  });

  test('a name comes from the words of the ideas, capitalised', () => {
    const { name, terms } = suggestName(index, ['w1', 'w2']);
    expect(terms.length).toBeGreaterThan(0);
    expect(name.charAt(0)).toBe(name.charAt(0).toUpperCase());
    expect(`${name} ${terms.join(' ')}`.toLowerCase()).toMatch(/women|committee|seat|local/);
  });

  test('a draft finds the ideas it repeats, and nothing for an unrelated text', () => {
    expect(similarTo(index, 'Young people could be trained as mediators')[0]?.ideaId).toBe('y1');
    expect(similarTo(index, 'Publish the agenda earlier')).toEqual([]);
  });

  test('unknown ids are ignored, an empty index answers empty', () => {
    const empty = buildSenseIndex([]);
    expect(nearDuplicates(empty)).toEqual([]);
    expect(suggestGroups(empty, ['x'])).toEqual([]);
    expect(mayBelong(index, ['nope'], ['f1'])).toEqual([]);
    expect(suggestName(empty, []).name).toBe('');
  });
});

describe('French and Spanish', () => {
  test("an idea's language is guessed from its function words, the workshop's when unsure", () => {
    const fold = (t: string) => t.toLowerCase().split(/\s+/);
    expect(guessLanguage(fold('Les femmes doivent siéger dans les comités de paix'), 'en')).toBe(
      'fr',
    );
    expect(guessLanguage(fold('Las mujeres deben estar en los comités de paz'), 'en')).toBe('es');
    expect(guessLanguage(fold('Reserve seats for women in the committees'), 'fr')).toBe('en');
    expect(guessLanguage(fold('Comités locaux'), 'es')).toBe('es');
  });

  test('plural, gender and derived forms meet under one stem', () => {
    // Short phrases: the workshop's language decides (one function word is not evidence).
    const stems = (t: string, lang: 'en' | 'fr' | 'es') =>
      senseTokens(t, lang).tokens.map((x) => x.stem);
    expect(stems('le financement des programmes', 'fr')).toEqual(
      stems('financer un programme', 'fr'),
    );
    expect(stems('las comunidades locales', 'es')).toEqual(stems('la comunidad local', 'es'));
    expect(stems('financing benchmarks', 'en')).toEqual(stems('financed benchmark', 'en'));
  });

  test('French ideas group by theme and get a French name', () => {
    const index = buildSenseIndex(
      [
        {
          id: 'a',
          text: 'Renforcer le financement commun des programmes de consolidation de la paix.',
        },
        { id: 'b', text: 'Un financement commun et pluriannuel pour les programmes de paix.' },
        { id: 'c', text: 'Associer les femmes aux comités locaux de médiation.' },
        { id: 'd', text: 'Des sièges réservés aux femmes dans les comités locaux.' },
      ],
      { language: 'fr' },
    );
    const groups = suggestGroups(index, ['a', 'b', 'c', 'd']);
    expect(groups.map((g) => g.ideaIds)).toEqual(
      expect.arrayContaining([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    );
    expect(groups.some((g) => / et /.test(g.name))).toBe(true);
    expect(mayBelong(index, ['c'], ['a', 'b', 'd'], 1)[0]?.ideaId).toBe('d');
  });
});

describe('suggested names', () => {
  test('a phrase two ideas share names the group, as written; acronyms keep their capitals', () => {
    const index = buildSenseIndex([
      { id: 'a', text: 'Ask the resident coordinator to brief the UN country team monthly.' },
      { id: 'b', text: 'Give every resident coordinator a small UN fund for quick projects.' },
      { id: 'c', text: 'Hold donors to their multi-year pledges.' },
      { id: 'd', text: 'Publish what each donor gave, every quarter.' },
    ]);
    const { name, terms } = suggestName(index, ['a', 'b']);
    expect(name).toBe('Resident coordinator and UN');
    expect(terms).toContain('UN');
  });

  test('a capital that only opens a sentence is not kept; a French group is named in French', () => {
    const index = buildSenseIndex(
      [
        { id: 'a', text: 'Bring donors together. Donors should align their reporting.' },
        { id: 'b', text: 'Reporting to donors should be joint.' },
        { id: 'f1', text: 'Les bailleurs devraient harmoniser leurs rapports.' },
        { id: 'f2', text: 'Des rapports communs pour tous les bailleurs.' },
      ],
      { language: 'en' },
    );
    expect(suggestName(index, ['a', 'b']).terms).toContain('donors');
    expect(suggestName(index, ['f1', 'f2']).name).toMatch(/ et /);
  });
});

describe('any text', () => {
  test('property: never throws, answers only with the ids given, scores finite', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.constantFrom('', ' ', '---', "l'État d'urgence", 'ÉÉÉ', '123 456', 'a a a a'),
    );
    const idea = fc.record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      text,
      actor: fc.option(text),
      nextStep: fc.option(text),
    });
    fc.assert(
      fc.property(
        fc.array(idea, { maxLength: 12 }),
        fc.constantFrom('en', 'fr', 'es') as fc.Arbitrary<'en' | 'fr' | 'es'>,
        text,
        (ideas, language, draft) => {
          const ids = new Set(ideas.map((i) => i.id));
          const index = buildSenseIndex(ideas, { language });
          const all = [...ids];
          const finite = (x: number) => Number.isFinite(x);
          for (const p of nearDuplicates(index, { minScore: 0 })) {
            expect(ids.has(p.a) && ids.has(p.b) && finite(p.score)).toBe(true);
          }
          for (const g of suggestGroups(index, all)) {
            expect(g.ideaIds.every((id) => ids.has(id))).toBe(true);
            expect(typeof g.name).toBe('string');
          }
          for (const r of mayBelong(index, all.slice(0, 2), [...all, 'unknown'], 5)) {
            expect(ids.has(r.ideaId) && finite(r.score)).toBe(true);
          }
          for (const r of similarTo(index, draft, 3)) {
            expect(ids.has(r.ideaId) && finite(r.score)).toBe(true);
          }
          expect(typeof suggestName(index, all).name).toBe('string');
        },
      ),
      { seed: 1313, numRuns: 300 },
    );
  });
});
