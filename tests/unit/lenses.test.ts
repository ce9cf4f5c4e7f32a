import {
  applyTagChange,
  COUNTRY_CODES,
  CreateWorkshopSchema,
  countryFromName,
  countryName,
  DEFAULT_LENSES,
  detectCountries,
  docLensTags,
  IdeaEditSchema,
  IdeaSubmitSchema,
  IdeaTagSchema,
  isCountryCode,
  type LensConfig,
  LensConfigSchema,
  NO_TAGS,
  putIdea,
  readIdeas,
  readIdeaTags,
  readLensConfig,
  searchCountries,
  WorkshopArchiveSchema,
  WorkshopLensesSchema,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { fixtureArchive, loadFixture } from '../helpers/fixtureBoard.ts';

/** Lenses (issue 13): the country table, type-ahead, detection, lens schemas and tag rules. */

describe('country codes and names', () => {
  test('the table holds every ISO 3166-1 alpha-2 code (249) and Kosovo, each once', () => {
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length);
    expect(COUNTRY_CODES.length).toBe(250);
    for (const c of COUNTRY_CODES) expect(c).toMatch(/^[A-Z]{2}$/);
    expect(isCountryCode('CD')).toBe(true);
    expect(isCountryCode('ZZ')).toBe(false);
    expect(isCountryCode('cd')).toBe(false);
  });

  test('names come from Intl.DisplayNames in English, French and Spanish', () => {
    expect(countryName('CI', 'en')).toMatch(/Côte d.Ivoire/);
    expect(countryName('SS', 'fr')).toBe('Soudan du Sud');
    expect(countryName('CF', 'es')).toBe('República Centroafricana');
    expect(countryName('GB', 'fr')).toBe('Royaume-Uni');
    // Every code has a name of its own in each language (no runtime fell back to the code).
    for (const lang of ['en', 'fr', 'es'] as const) {
      for (const c of COUNTRY_CODES) expect(countryName(c, lang), `${c} ${lang}`).not.toBe(c);
    }
  });
});

describe('type-ahead', () => {
  test.each([
    ['DRC', 'CD'],
    ['drc', 'CD'],
    ['RDC', 'CD'],
    ['Ivory Coast', 'CI'],
    ["Côte d'Ivoire", 'CI'],
    ['cote d ivoire', 'CI'],
    ['Costa de Marfil', 'CI'],
    ['CAR', 'CF'],
    ['Centrafrique', 'CF'],
    ['UK', 'GB'],
    ['USA', 'US'],
    ['Estados Unidos', 'US'],
    ['Sudan', 'SD'],
    ['South Sudan', 'SS'],
    ['Soudan du Sud', 'SS'],
    ['Sudán del Sur', 'SS'],
    ['burma', 'MM'],
    ['East Timor', 'TL'],
    ['Gambia', 'GM'],
    ['Allemagne', 'DE'],
    ['Alemania', 'DE'],
    ['Niger', 'NE'],
    ['Nigeria', 'NG'],
  ])('%s → %s first', (query, code) => {
    expect(searchCountries(query, 'en')[0]).toBe(code);
  });

  test('Sudan and South Sudan do not collide; prefixes find several', () => {
    expect(searchCountries('Sudan')).toEqual(expect.arrayContaining(['SD', 'SS']));
    expect(searchCountries('South Sudan')).toEqual(['SS']);
    const congo = searchCountries('Congo');
    expect(congo).toEqual(expect.arrayContaining(['CD', 'CG']));
    expect(searchCountries('gui', 'fr').slice(0, 6)).toEqual(
      expect.arrayContaining(['GN', 'GW', 'GQ']),
    );
    expect(searchCountries('   ')).toEqual([]);
    expect(searchCountries('zzzz')).toEqual([]);
  });

  test('a name, short form or code in any language maps to one code', () => {
    expect(countryFromName('Liberia')).toBe('LR');
    expect(countryFromName('The Gambia')).toBe('GM');
    expect(countryFromName("Côte d'Ivoire")).toBe('CI');
    expect(countryFromName('Timor-Leste')).toBe('TL');
    expect(countryFromName('Tanzania')).toBe('TZ');
    expect(countryFromName('Kyrgyzstan')).toBe('KG');
    expect(countryFromName('CF')).toBe('CF');
    expect(countryFromName('Atlantis')).toBeNull();
  });
});

describe('detection in an idea text', () => {
  test.each([
    ['Learn from Niger and from Nigeria', ['NE', 'NG']],
    ['As in Nigeria, the police…', ['NG']],
    ['South Sudan showed it', ['SS']],
    ['Sudan and South Sudan', ['SD', 'SS']],
    ['in Guinea-Bissau', ['GW']],
    ['in Guinea and Papua New Guinea', ['GN', 'PG']],
    ['the DRC and the CAR', ['CD', 'CF']],
    ['a car took the minister', []],
    ['the Democratic Republic of the Congo', ['CD']],
    ['la République centrafricaine et le Soudan du Sud', ['CF', 'SS']],
    ['en Côte d’Ivoire', ['CI']],
    ['en Costa de Marfil y Colombia', ['CI', 'CO']],
    ['Réunion du Conseil à Genève', []],
    ['the UK and the USA', ['GB', 'US']],
    ['civil society', []],
  ])('%s', (text, codes) => {
    expect(detectCountries(text)).toEqual(codes);
  });

  test('against the fixture: precision and recall of detection vs the human country tags', () => {
    const fixture = loadFixture();
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const w of fixture.workshops) {
      for (const q of w.questions) {
        for (const idea of q.ideas) {
          const truth = new Set(idea.countries.map((n) => countryFromName(n)));
          expect(
            [...truth].every((c) => c !== null),
            idea.countries.join(),
          ).toBe(true);
          const found = new Set(
            detectCountries(`${idea.text} ${idea.actor ?? ''} ${idea.nextStep ?? ''}`),
          );
          for (const c of found) truth.has(c) ? tp++ : fp++;
          for (const c of truth) if (!found.has(c as string)) fn++;
        }
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `country detection on the fixture: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.7);
  });
});

describe('lens schemas', () => {
  const custom: LensConfig = {
    countries: true,
    pbc: false,
    custom: [{ id: 'region', name: 'Region', values: ['Africa', 'Asia'] }],
  };

  test('a configuration is accepted; ids unique, not built-in, values distinct, bounded', () => {
    expect(LensConfigSchema.safeParse(custom).success).toBe(true);
    expect(LensConfigSchema.safeParse(DEFAULT_LENSES).success).toBe(true);
    const bad = [
      { ...custom, custom: [custom.custom[0], custom.custom[0]] },
      { ...custom, custom: [{ id: 'pbc', name: 'x', values: ['a'] }] },
      { ...custom, custom: [{ id: 'r', name: 'x', values: ['a', 'A'] }] },
      { ...custom, custom: [{ id: 'r', name: 'x', values: [] }] },
      { ...custom, custom: [{ id: 'r', name: '', values: ['a'] }] },
      {
        ...custom,
        custom: [{ id: 'r', name: 'x', values: Array.from({ length: 13 }, (_, i) => `v${i}`) }],
      },
      {
        ...custom,
        custom: Array.from({ length: 9 }, (_, i) => ({ id: `l${i}`, name: 'x', values: ['a'] })),
      },
      { countries: true, pbc: true },
      { countries: 'yes', pbc: true, custom: [] },
    ];
    for (const b of bad) {
      const before = structuredClone(b);
      expect(LensConfigSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
      expect(b).toStrictEqual(before);
    }
    expect(WorkshopLensesSchema.safeParse({ lenses: custom, extra: 1 }).success).toBe(false);
  });

  test('idea:submit, idea:edit and workshop creation take countries, pbc and lenses', () => {
    const ok = IdeaSubmitSchema.safeParse({
      questionId: 'q1',
      text: 'x',
      countries: ['LR'],
      pbc: true,
    });
    expect(ok.success).toBe(true);
    expect(
      IdeaSubmitSchema.safeParse({ questionId: 'q1', text: 'x', countries: ['lr'] }).success,
    ).toBe(false);
    expect(
      IdeaSubmitSchema.safeParse({ questionId: 'q1', text: 'x', countries: Array(13).fill('LR') })
        .success,
    ).toBe(false);
    expect(IdeaEditSchema.safeParse({ ideaId: 'i1', text: 'x', pbc: 'yes' }).success).toBe(false);
    expect(IdeaEditSchema.safeParse({ ideaId: 'i1', text: 'x', countries: [] }).success).toBe(true);
    const w = CreateWorkshopSchema.safeParse({
      title: 't',
      questions: [{ prompt: 'p' }],
      lenses: custom,
    });
    expect(w.success && w.data.lenses).toEqual(custom);
  });

  test('idea:tag: value only for pbc, add/remove for the others, bounded batch', () => {
    expect(IdeaTagSchema.safeParse({ ideaIds: ['a'], lens: 'pbc', value: true }).success).toBe(
      true,
    );
    expect(IdeaTagSchema.safeParse({ ideaIds: ['a'], lens: 'pbc' }).success).toBe(false);
    expect(
      IdeaTagSchema.safeParse({ ideaIds: ['a'], lens: 'countries', value: true }).success,
    ).toBe(false);
    expect(IdeaTagSchema.safeParse({ ideaIds: ['a'], lens: 'countries' }).success).toBe(false);
    expect(
      IdeaTagSchema.safeParse({ ideaIds: ['a'], lens: 'countries', add: ['LR'] }).success,
    ).toBe(true);
    expect(IdeaTagSchema.safeParse({ ideaIds: [], lens: 'countries', add: ['LR'] }).success).toBe(
      false,
    );
    const many = Array.from({ length: 201 }, (_, i) => `i${i}`);
    expect(IdeaTagSchema.safeParse({ ideaIds: many, lens: 'countries', add: ['LR'] }).success).toBe(
      false,
    );
  });
});

describe('tags', () => {
  const lenses: LensConfig = {
    countries: true,
    pbc: true,
    custom: [{ id: 'region', name: 'Region', values: ['Africa', 'Asia', 'Americas'] }],
  };

  test('a change adds and removes; countries stay sorted, custom values in lens order', () => {
    let t = applyTagChange(NO_TAGS, { lens: 'countries', add: ['SL', 'LR'] }, lenses);
    expect(t.countries).toEqual(['LR', 'SL']);
    t = applyTagChange(t, { lens: 'countries', remove: ['LR'], add: ['BI'] }, lenses);
    expect(t.countries).toEqual(['BI', 'SL']);
    t = applyTagChange(t, { lens: 'pbc', value: true }, lenses);
    expect(t.pbc).toBe(true);
    t = applyTagChange(t, { lens: 'region', add: ['Americas', 'Africa'] }, lenses);
    expect(t.tags).toEqual({ region: ['Africa', 'Americas'] });
    t = applyTagChange(t, { lens: 'region', remove: ['Africa', 'Americas'] }, lenses);
    expect(t.tags).toEqual({});
  });

  test('readers are total: junk reads as defaults, unknown codes are dropped', () => {
    expect(readLensConfig(null)).toEqual(DEFAULT_LENSES);
    expect(
      readLensConfig({
        countries: false,
        custom: [{ id: 'x' }, 5, { id: 'ok', name: 'N', values: ['a', 'a', 7] }],
      }),
    ).toEqual({
      countries: false,
      pbc: true,
      custom: [{ id: 'ok', name: 'N', values: ['a'] }],
    });
    expect(
      readIdeaTags(['ZZ', 'LR', 'LR', 5, 'BI'], 'yes', { 'bad key!': ['a'], r: [1, 'x'] }),
    ).toEqual({
      countries: ['BI', 'LR'],
      pbc: false,
      tags: { r: ['x'] },
    });
  });
});

describe('archive lenses', () => {
  test('the fixture archive carries country names; unknown names and lens values are refused', () => {
    const archive = fixtureArchive(0);
    expect(archive.questions.some((q) => q.ideas.some((i) => (i.countries ?? []).length > 0))).toBe(
      true,
    );
    expect(WorkshopArchiveSchema.safeParse(archive).success).toBe(true);
    const bad = structuredClone(archive);
    const idea = bad.questions[0]?.ideas[0];
    if (!idea) throw new Error('fixture has no idea');
    idea.countries = ['Atlantis'];
    expect(WorkshopArchiveSchema.safeParse(bad).success).toBe(false);
    idea.countries = ['LR'];
    idea.tags = { region: ['Africa'] };
    expect(WorkshopArchiveSchema.safeParse(bad).success).toBe(false);
    bad.workshop.lenses = {
      countries: true,
      pbc: true,
      custom: [{ id: 'region', name: 'Region', values: ['Asia'] }],
    };
    expect(WorkshopArchiveSchema.safeParse(bad).success).toBe(false);
    bad.workshop.lenses.custom[0]?.values.push('Africa');
    expect(WorkshopArchiveSchema.safeParse(bad).success).toBe(true);
  });
});

describe('tags in the doc', () => {
  test('written only when an idea has them; a tag cleared since is deleted, not left behind', () => {
    const doc = new Y.Doc();
    const base = {
      id: 'i1',
      questionId: 'q1',
      text: 'An idea',
      actor: null,
      nextStep: null,
      createdAt: 1,
      seq: 1,
      mergedCount: 0,
    };
    putIdea(doc, {
      ...base,
      ...docLensTags({ countries: ['LR'], pbc: true, tags: { r: ['Africa'] } }),
    });
    expect(readIdeas(doc)[0]).toMatchObject({
      countries: ['LR'],
      pbc: true,
      tags: { r: ['Africa'] },
    });
    putIdea(doc, { ...base, ...docLensTags(NO_TAGS) });
    const entry = doc.getMap('ideas').get('i1') as Y.Map<unknown>;
    expect([...entry.keys()].filter((k) => ['countries', 'pbc', 'tags'].includes(k))).toEqual([]);
    expect(readIdeas(doc)[0]).toMatchObject({ countries: [], pbc: false, tags: {} });
    // An untagged idea costs no lens key at all.
    putIdea(doc, { ...base, id: 'i2', ...docLensTags(NO_TAGS) });
    expect((doc.getMap('ideas').get('i2') as Y.Map<unknown>).has('countries')).toBe(false);
  });
});
