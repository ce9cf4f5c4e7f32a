import {
  createCluster,
  debateText,
  initWorkshop,
  LIMITS,
  putIdea,
  readClusters,
  readDebate,
  readIdeas,
  readWorkshop,
  setClusterContest,
  typeAllParts,
  type WriterChangeProblem,
  writerChangeProblem,
  writerUpdateProblem,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';

/**
 * Points of debate (issue 13) in the doc: the readers of the contested mark and note on ideas
 * and clusters, the "Points of debate" texts, and the ownership rules a writer's change to them
 * is checked by (on the server, before and after it is applied).
 */

const QUESTION = {
  id: 'q1',
  prompt: 'What should donors stop doing?',
  position: 0,
  plannedMinutes: null,
  phase: 'cluster' as const,
  mode: 'open' as const,
  hiddenCount: 0,
  submitters: 0,
  actualMs: 0,
  activeSince: null,
};

/** The server's doc of a workshop with one idea in one cluster. */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  typeAllParts(doc);
  initWorkshop(doc, { ...readWorkshop(new Y.Doc()), title: 'Debate' }, [QUESTION]);
  putIdea(doc, {
    id: 'i1',
    questionId: 'q1',
    text: 'Pool funds',
    actor: null,
    nextStep: null,
    createdAt: 1,
    seq: 1,
    mergedCount: 0,
  });
  createCluster(doc, { id: 'c1', questionId: 'q1', label: 'Funds', position: 0 }, ['i1']);
  return doc;
}

/**
 * What the server says of a writer's edit: made on a writer's replica, checked from the update
 * alone, then applied to the server's doc and checked again (as the Yjs endpoint does).
 */
function checkWriterEdit(edit: (doc: Y.Doc) => void): WriterChangeProblem | null {
  const server = serverDoc();
  const writer = new Y.Doc();
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(server));
  const sv = Y.encodeStateVector(writer);
  writer.transact(() => edit(writer));
  const update = Y.encodeStateAsUpdate(writer, sv);
  const early = writerUpdateProblem(server, update);
  if (early) return early;
  let changed: Y.Transaction['changed'] = new Map();
  const onTx = (tr: Y.Transaction) => {
    changed = tr.changed;
  };
  server.on('afterTransaction', onTx);
  Y.applyUpdate(server, update);
  server.off('afterTransaction', onTx);
  return writerChangeProblem(server, changed);
}

const cluster = (d: Y.Doc) => d.getMap('clusters').get('c1') as Y.Map<unknown>;

describe('readers', () => {
  test('an idea reads its mark and note; no mark means no note', () => {
    const doc = serverDoc();
    expect(readIdeas(doc)[0]).toMatchObject({ contested: false, contestNote: null });
    const m = doc.getMap('ideas').get('i1') as Y.Map<unknown>;
    m.set('contested', true);
    m.set('contestNote', 'Pooled or bilateral');
    expect(readIdeas(doc)[0]).toMatchObject({
      contested: true,
      contestNote: 'Pooled or bilateral',
    });
    // A note left without the mark is not shown; a mark that is not `true` is no mark.
    m.set('contested', 'yes');
    expect(readIdeas(doc)[0]).toMatchObject({ contested: false, contestNote: null });
    m.set('contested', true);
    m.set('contestNote', '');
    expect(readIdeas(doc)[0]).toMatchObject({ contested: true, contestNote: null });
  });

  test('setClusterContest marks and unmarks a cluster; the note goes with the mark', () => {
    const doc = serverDoc();
    expect(readClusters(doc)[0]).toMatchObject({ contested: false, contestNote: null });
    setClusterContest(doc, 'c1', true, '  Some for, \n some against  ');
    expect(readClusters(doc)[0]).toMatchObject({
      contested: true,
      contestNote: 'Some for, some against',
    });
    setClusterContest(doc, 'c1', true, '');
    expect(readClusters(doc)[0]).toMatchObject({ contested: true, contestNote: null });
    setClusterContest(doc, 'c1', false, 'ignored');
    expect(readClusters(doc)[0]).toMatchObject({ contested: false, contestNote: null });
    expect([...cluster(doc).keys()].sort()).toStrictEqual([
      'id',
      'label',
      'position',
      'questionId',
    ]);
    // A cluster that is gone is left alone.
    setClusterContest(doc, 'nope', true, 'x');
    expect(readClusters(doc)).toHaveLength(1);
  });

  test('a long note is cut at the limit, never inside a surrogate pair', () => {
    const doc = serverDoc();
    setClusterContest(doc, 'c1', true, `${'a'.repeat(LIMITS.contestNote - 1)}😀`);
    const note = readClusters(doc)[0]?.contestNote ?? '';
    expect(note).toBe('a'.repeat(LIMITS.contestNote - 1));
    expect(
      checkWriterEdit((d) => setClusterContest(d, 'c1', true, `${'a'.repeat(199)}😀`)),
    ).toBeNull();
  });

  test('every question gets one points-of-debate text, read as "" until typed in', () => {
    const doc = serverDoc();
    expect(debateText(doc, 'q1')).toBeInstanceOf(Y.Text);
    expect(readDebate(doc, 'q1')).toBe('');
    expect(readDebate(doc, 'missing')).toBe('');
    expect(debateText(doc, 'missing')).toBeNull();
    debateText(doc, 'q1')?.insert(0, 'Pooling versus earmarking');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(readDebate(replica, 'q1')).toBe('Pooling versus earmarking');
    doc.getMap('debate').set('q1', 'junk' as unknown as Y.Text);
    expect(readDebate(doc, 'q1')).toBe('');
  });
});

describe('ownership of a writer’s change', () => {
  test.each([
    ['the mark as text', (d: Y.Doc) => cluster(d).set('contested', 'true'), 'not_allowed'],
    ['the mark as a number', (d: Y.Doc) => cluster(d).set('contested', 1), 'not_allowed'],
    ['the mark as null', (d: Y.Doc) => cluster(d).set('contested', null), 'not_allowed'],
    ['a note that is a number', (d: Y.Doc) => cluster(d).set('contestNote', 3), 'not_allowed'],
    [
      'a note past the limit',
      (d: Y.Doc) => cluster(d).set('contestNote', 'x'.repeat(LIMITS.contestNote + 1)),
      'not_allowed',
    ],
    ['a note of two lines', (d: Y.Doc) => cluster(d).set('contestNote', 'a\nb'), 'not_allowed'],
    ['a note with a tab', (d: Y.Doc) => cluster(d).set('contestNote', 'a\tb'), 'not_allowed'],
    ['a note with U+FFFF', (d: Y.Doc) => cluster(d).set('contestNote', 'a\uFFFF'), 'not_allowed'],
    [
      'a new points-of-debate text',
      (d: Y.Doc) => d.getMap('debate').set('q1', new Y.Text('x')),
      'not_allowed',
    ],
    [
      'a points-of-debate entry removed',
      (d: Y.Doc) => d.getMap('debate').delete('q1'),
      'not_allowed',
    ],
    [
      'a points-of-debate note past the notes limit',
      (d: Y.Doc) => debateText(d, 'q1')?.insert(0, 'x'.repeat(LIMITS.notesText + 1)),
      'too_large',
    ],
    [
      'an embed in a points-of-debate note',
      (d: Y.Doc) => debateText(d, 'q1')?.insertEmbed(0, { evil: true }),
      'not_allowed',
    ],
    [
      'the mark written on an idea (server-owned)',
      (d: Y.Doc) => (d.getMap('ideas').get('i1') as Y.Map<unknown>).set('contested', true),
      'not_allowed',
    ],
  ])('%s is refused', (_name, edit, kind) => {
    expect(checkWriterEdit(edit)?.kind).toBe(kind);
  });

  test.each([
    ['a cluster marked with a note', (d: Y.Doc) => setClusterContest(d, 'c1', true, 'Split')],
    ['a cluster marked without a note', (d: Y.Doc) => setClusterContest(d, 'c1', true)],
    ['the note set to null', (d: Y.Doc) => cluster(d).set('contestNote', null)],
    ['a longest note', (d: Y.Doc) => cluster(d).set('contestNote', 'x'.repeat(LIMITS.contestNote))],
    [
      'a new cluster made contested',
      (d: Y.Doc) =>
        createCluster(d, {
          id: 'c2',
          questionId: 'q1',
          label: 'Other',
          position: 1,
          contested: true,
          contestNote: 'Two views',
        }),
    ],
    ['typing points of debate', (d: Y.Doc) => debateText(d, 'q1')?.insert(0, 'Pooling')],
    [
      'points of debate at the limit',
      (d: Y.Doc) => debateText(d, 'q1')?.insert(0, 'x'.repeat(LIMITS.notesText)),
    ],
  ])('control: %s is taken', (_name, edit) => {
    expect(checkWriterEdit(edit)).toBeNull();
  });
});
