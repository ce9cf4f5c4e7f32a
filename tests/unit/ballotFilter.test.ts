import { describe, expect, test } from 'vitest';
import {
  foldForSearch,
  matchesQuery,
  queryWords,
} from '../../client/src/roles/participant/ballotFilter.ts';

/** The phone ballot's "find an idea": what a voter types against what the idea says. */
describe('finding an idea on the ballot', () => {
  const idea = [
    "Organiser une réunion consacrée à la Côte d'Ivoire après le départ de l'ONUCI.",
    'Peacebuilding Commission',
    null,
  ];
  test.each([
    ['', true],
    ['   ', true],
    ['reunion', true],
    ['RÉUNION', true],
    ['cote d’ivoire', true],
    ["COTE D'IVOIRE onuci", true],
    ['commission', true],
    ['reunion budget', false],
    ['mediation', false],
  ])('“%s” → %s', (query, found) => {
    expect(matchesQuery(queryWords(query), idea)).toBe(found);
  });

  test('folding drops accents and case, keeps the letters', () => {
    expect(foldForSearch('Sécurité ÉLECTORALE')).toBe('securite electorale');
    expect(foldForSearch('Niño, Zürich, Łódź')).toBe('nino, zurich, łodz');
    expect(queryWords('  pooled\tFUNDS  ')).toEqual(['pooled', 'funds']);
  });
});
