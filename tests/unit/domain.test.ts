import {
  canSubmitIdea,
  ERROR_CODES,
  errorBody,
  formatJoinCode,
  isDocWriter,
  isWellFormedJoinCode,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  nextPhase,
  normalizeJoinCode,
  PHASES,
  type Phase,
  previousPhase,
  ROLES,
} from '@convene/shared';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

describe('join codes', () => {
  test.each([
    ['AC3K7Q', 'AC3K7Q'],
    ['ac3k7q', 'AC3K7Q'],
    ['ac3-k7q', 'AC3K7Q'],
    [' AC3 K7Q ', 'AC3K7Q'],
    ['a-c-3 k\t7\nq', 'AC3K7Q'],
    ['--', ''],
    ['', ''],
  ])('normalizeJoinCode(%j) → %j', (input, out) => {
    expect(normalizeJoinCode(input)).toBe(out);
  });

  test.each([
    ['AC3K7Q', true],
    ['YYYYYY', true],
    ['ACDEFG', true],
    ['AC3K7', false], // too short
    ['AC3K7QX', false], // too long
    ['ac3k7q', false], // not normalised
    ['AC3 K7', false],
    ['AC0K7Q', false], // 0 reads like O
    ['ACOK7Q', false],
    ['AC1K7Q', false], // 1 reads like I and L
    ['ACIK7Q', false],
    ['ACLK7Q', false],
    ['AC5K7Q', false], // 5 reads like S
    ['AC2K7Q', false], // 2 reads like Z
    ['AC8K7Q', false], // 8 reads like B
    ['', false],
  ])('isWellFormedJoinCode(%j) → %s', (code, ok) => {
    expect(isWellFormedJoinCode(code)).toBe(ok);
  });

  test('the alphabet leaves out every look-alike', () => {
    for (const ch of '0O1IL5S2Z8B') expect(JOIN_CODE_ALPHABET).not.toContain(ch);
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
  });

  test('any code from the alphabet, typed sloppily, normalises back to itself', () => {
    const code = fc
      .array(fc.constantFrom(...JOIN_CODE_ALPHABET), {
        minLength: JOIN_CODE_LENGTH,
        maxLength: JOIN_CODE_LENGTH,
      })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(code, fc.boolean(), fc.boolean(), (c, lower, dashed) => {
        expect(isWellFormedJoinCode(c)).toBe(true);
        let typed = lower ? c.toLowerCase() : c;
        if (dashed) typed = ` ${typed.slice(0, 3)}-${typed.slice(3)} `;
        expect(normalizeJoinCode(typed)).toBe(c);
        expect(normalizeJoinCode(formatJoinCode(c))).toBe(c);
      }),
      { seed: 20241127, numRuns: 200 },
    );
  });

  test.each([
    ['AC3K7Q', 'AC3 K7Q'],
    ['ABCDEFG', 'ABCD EFG'],
    ['', ' '],
  ])('formatJoinCode(%j) → %j', (code, out) => {
    expect(formatJoinCode(code)).toBe(out);
  });
});

describe('phases', () => {
  test('the order of one question', () => {
    expect(PHASES).toStrictEqual(['lobby', 'submit', 'cluster', 'vote', 'results', 'closed']);
  });

  test.each<[Phase, boolean]>([
    ['lobby', false],
    ['submit', true],
    ['cluster', false],
    ['vote', false],
    ['results', false],
    ['closed', false],
  ])('canSubmitIdea(%s) → %s', (phase, ok) => {
    expect(canSubmitIdea(phase)).toBe(ok);
  });

  test.each<[Phase, Phase | null, Phase | null]>([
    ['lobby', 'submit', null],
    ['submit', 'cluster', 'lobby'],
    ['cluster', 'vote', 'submit'],
    ['vote', 'results', 'cluster'],
    ['results', 'closed', 'vote'],
    ['closed', null, 'results'],
  ])('%s: next %s, previous %s', (phase, next, previous) => {
    expect(nextPhase(phase)).toBe(next);
    expect(previousPhase(phase)).toBe(previous);
  });

  test('next and previous are inverse where both exist', () => {
    for (const p of PHASES) {
      const n = nextPhase(p);
      if (n) expect(previousPhase(n)).toBe(p);
      const b = previousPhase(p);
      if (b) expect(nextPhase(b)).toBe(p);
    }
  });
});

describe('roles and errors', () => {
  test.each([
    ['facilitator', true],
    ['rapporteur', true],
    ['projector', false],
    ['participant', false],
  ] as const)('isDocWriter(%s) → %s', (role, ok) => {
    expect(isDocWriter(role)).toBe(ok);
  });

  test('every role is covered above', () => {
    expect([...ROLES].sort()).toStrictEqual([
      'facilitator',
      'participant',
      'projector',
      'rapporteur',
    ]);
  });

  test('errorBody builds the public envelope', () => {
    expect(errorBody('wrong_phase', 'not now')).toStrictEqual({
      error: { code: 'wrong_phase', message: 'not now' },
    });
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
