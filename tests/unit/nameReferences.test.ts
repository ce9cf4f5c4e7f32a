import { findNameReferences } from '@convene/shared';
import { describe, expect, test } from 'vitest';
import { nameLexicon } from '../../server/src/export/nameLexicon.ts';

/**
 * Issue 14: name-like references the name check finds without knowing the name — "X's
 * point", "as X said / comme l'a dit X / como dijo X", @handles — and what it leaves alone.
 */
const at = { kind: 'notes', questionId: 'q1' } as const;
const found = (text: string) => findNameReferences(at, text, nameLexicon()).map((f) => f.match);

describe('name-like references', () => {
  test.each([
    ["Building on Rukhsana's point, fund local mediators.", ['Rukhsana']],
    ['Building on Rukhsana’s idea, fund local mediators.', ['Rukhsana']],
    ['As Omar said earlier, donors matter.', ['Omar']],
    ['like Omar Haddad pointed out, donors matter.', ['Omar Haddad']],
    ['According to Lena, the fund is slow.', ['Lena']],
    ["Comme l'a dit Amara, il faut financer les médiateurs.", ['Amara']],
    ["comme Amara l'a souligné, il faut financer", ['Amara']],
    ["Selon Amara, l'idée d'Ibrahim est la bonne.", ['Amara', 'Ibrahim']],
    ['Como dijo Lucía, hay que financiar la mediación.', ['Lucía']],
    ['Según Lucía, la propuesta de Mateo funciona.', ['Lucía', 'Mateo']],
    ['Ping @amara_k before the next session.', ['@amara_k']],
    // As a brief or paper section (Markdown) writes it: found whole, escapes and all.
    ['Ask @amara\\_k to share the data.', ['@amara\\_k']],
  ])('%s', (text, names) => {
    expect(found(text)).toEqual(names);
  });

  test.each([
    'As UNDP said, the fund is slow.',
    'as the Council said, the fund is slow.',
    'As Security Council noted, mandates matter.',
    'Según la ONU, hay que financiar.',
    "Let's point out the obvious.",
    'Write to desk@un.org about it.',
    'selon le Conseil, rien ne change.',
    'The idea of a fund is old.',
  ])('not a reference: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  test('the finding is the name only, with its context', () => {
    const [f] = findNameReferences(at, "Building on Rukhsana's point.", nameLexicon());
    expect(f).toMatchObject({
      match: 'Rukhsana',
      start: 12,
      end: 20,
      before: 'Building on ',
      names: ['Rukhsana'],
    });
  });
});
