import { putIdea, readIdeas, typeAllParts } from '@convene/shared';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import type { IdeaRow } from '../../server/src/store/store.ts';
import { ideaForDoc } from '../../server/src/sync/projection.ts';

/**
 * Issue 16, item 3: a new idea's update goes to every screen, so it carries only what the idea
 * has. An idea nobody contested has no `contested` / `contestNote` keys in the doc (as a
 * cluster); readers take their absence as "not contested", and un-contesting removes them.
 */

const row = (patch: Partial<IdeaRow> = {}): IdeaRow => ({
  id: 'idea1',
  workshopId: 'w1',
  questionId: 'q1',
  participantId: 'alice',
  seq: 1,
  text: 'Fund local peace committees for three years.',
  actor: 'Donors',
  nextStep: null,
  status: 'visible',
  createdAt: 1,
  commandId: null,
  mergedInto: null,
  moderationReason: null,
  originalText: null,
  updatedAt: null,
  contested: false,
  contestNote: null,
  countries: [],
  pbc: false,
  tags: {},
  origins: [],
  ...patch,
});

function board(): Y.Doc {
  const doc = new Y.Doc();
  typeAllParts(doc);
  return doc;
}

/** The raw keys of an idea's map in the doc (what every replica stores and is sent). */
const keysOf = (doc: Y.Doc, id: string): string[] =>
  [...((doc.getMap('ideas').get(id) as Y.Map<unknown>)?.keys() ?? [])].sort();

describe('an idea in the doc carries only what it has', () => {
  test('an idea nobody contested: no contested keys, in the doc or in its update', () => {
    const doc = board();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    putIdea(doc, ideaForDoc(row(), 0));
    expect(keysOf(doc, 'idea1')).not.toContain('contested');
    expect(keysOf(doc, 'idea1')).not.toContain('contestNote');
    expect(new TextDecoder().decode(updates[0])).not.toContain('contest');
    // Readers still say "not contested".
    expect(readIdeas(doc)[0]).toMatchObject({ contested: false, contestNote: null });
  });

  test('contested, then not: the mark and its note come and go', () => {
    const doc = board();
    putIdea(doc, ideaForDoc(row({ contested: true, contestNote: 'Funding vs. ownership' }), 0));
    expect(keysOf(doc, 'idea1')).toEqual(expect.arrayContaining(['contested', 'contestNote']));
    expect(readIdeas(doc)[0]).toMatchObject({
      contested: true,
      contestNote: 'Funding vs. ownership',
    });
    putIdea(doc, ideaForDoc(row({ contested: false, contestNote: null }), 0));
    expect(keysOf(doc, 'idea1')).not.toContain('contested');
    expect(keysOf(doc, 'idea1')).not.toContain('contestNote');
    expect(readIdeas(doc)[0]).toMatchObject({ contested: false, contestNote: null });
  });
});
