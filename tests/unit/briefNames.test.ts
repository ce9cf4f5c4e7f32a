import {
  type CheckedText,
  findNames,
  redactAllNames,
  redactText,
  type TextLocation,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import { fixtureNames, loadFixture } from '../helpers/fixtureBoard.ts';

const at: TextLocation = { kind: 'notes', questionId: 'q' };
const check = (names: string[], text: string) =>
  findNames(names, [{ location: at, text }]).map((f) => f.match);

describe('finding names', () => {
  const names = ['Amara Oyelaran-Tessema', 'Søren Vikstrøm', 'Will Hope', 'Ana de la Cruz'];

  test.each([
    ['As Amara said earlier', ['Amara']],
    ['Amara Oyelaran-Tessema argued', ['Amara Oyelaran-Tessema']],
    ["Oyelaran-Tessema's point", ['Oyelaran-Tessema']],
    ['a point by Tessema', ['Tessema']],
    ['as soren noted', ['soren']],
    ['SØREN disagreed', ['SØREN']],
    ['Will said it will work', ['Will']],
    ['we hope for the best', []],
    ['Hope agreed', ['Hope']],
    ['Cruz and de la Cruz', ['Cruz', 'Cruz']],
    ['Amaranth is a plant; Samara a city', []],
  ])('%s', (text, expected) => {
    expect(check(names, text)).toEqual(expected);
  });

  test('a finding says where, who it may be, and shows the context', () => {
    const [f] = findNames(names, [
      {
        location: { kind: 'idea', questionId: 'q', ideaId: 'i', field: 'text' },
        text: 'As Amara said, fund it.',
      },
    ]);
    expect(f).toEqual({
      id: 'idea:i:text@3-8',
      location: { kind: 'idea', questionId: 'q', ideaId: 'i', field: 'text' },
      names: ['Amara Oyelaran-Tessema'],
      match: 'Amara',
      start: 3,
      end: 8,
      before: 'As ',
      after: ' said, fund it.',
    });
  });

  test('no names, nothing to find', () => {
    expect(findNames([], [{ location: at, text: 'Amara' }])).toEqual([]);
    expect(findNames(['  '], [{ location: at, text: 'anything' }])).toEqual([]);
  });

  test('the fixture: the names typed by participants and rapporteurs are found', () => {
    const fixture = loadFixture();
    const texts: CheckedText[] = [];
    fixture.workshops.forEach((w, wi) => {
      w.questions.forEach((q, qi) => {
        texts.push({ location: { kind: 'notes', questionId: `w${wi}q${qi}` }, text: q.notes });
        for (const i of q.ideas) {
          texts.push({
            location: { kind: 'idea', questionId: `w${wi}q${qi}`, ideaId: i.key, field: 'text' },
            text: i.text,
          });
        }
      });
    });
    const all = fixture.workshops.flatMap((_, i) => fixtureNames(i, fixture));
    const found = findNames(all, texts);
    const flagged = new Set(
      found.map((f) =>
        f.location.kind === 'idea'
          ? f.location.ideaId
          : f.location.kind === 'notes'
            ? f.location.questionId
            : '',
      ),
    );
    // Every text the fixture marks as naming someone is found…
    fixture.workshops.forEach((w, wi) => {
      w.questions.forEach((q, qi) => {
        if (q.notesContainsName) expect(flagged.has(`w${wi}q${qi}`)).toBe(true);
        for (const i of q.ideas) if (i.containsName) expect(flagged.has(i.key), i.text).toBe(true);
      });
    });
    expect(found.map((f) => f.match).sort()).toEqual(['Hodan', 'Jonas']);
  });
});

describe('redaction', () => {
  test.each([
    ['As Amara said earlier, fund it.', 'As a participant said earlier, fund it.'],
    ['Amara argued for it.', 'A participant argued for it.'],
    ['It was clear. Amara disagreed.', 'It was clear. A participant disagreed.'],
    ["Amara's proposal", "A participant's proposal"],
    ['- Amara: fund it', '- A participant: fund it'],
    ['**Amara** said so', '**A participant** said so'],
    ['Amara Oyelaran-Tessema and Søren agreed', 'A participant and a participant agreed'],
  ])('%s', (text, expected) => {
    expect(redactAllNames(['Amara Oyelaran-Tessema', 'Søren Vikstrøm'], text)).toBe(expected);
  });

  test('ranges may overlap or come in any order', () => {
    expect(
      redactText('Ab and Cd', [
        { start: 7, end: 9 },
        { start: 0, end: 2 },
        { start: 1, end: 2 },
      ]),
    ).toBe('A participant and a participant');
  });
});
