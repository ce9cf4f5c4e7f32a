import { expect, test } from 'vitest';
import { showingRefusal } from '../../client/src/net/commands.ts';

// The one rule every screen uses to send a command and say why it was not done (issue 16).
test('a refusal is shown; a success clears the last message and resolves with the reply', async () => {
  const shown: (string | null)[] = [];
  const run = showingRefusal((m) => shown.push(m));
  const refused = await run(
    Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Not yours to change' } }),
  );
  expect(refused).toBeNull();
  expect(shown).toStrictEqual([null, 'Not yours to change']);
  const done = await run(Promise.resolve({ ok: true as const, ideaId: 'i1' }));
  expect(done).toStrictEqual({ ok: true, ideaId: 'i1' });
  // Cleared while it ran, and nothing shown after a success.
  expect(shown).toStrictEqual([null, 'Not yours to change', null]);
});
