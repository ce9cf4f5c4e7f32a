import {
  clusteringTypes,
  createCluster,
  DEFAULT_LENSES,
  deleteCluster,
  initWorkshop,
  mergeClusters,
  ORIGINS,
  placeIdea,
  putIdea,
  readBoard,
  renameCluster,
  reorderClusters,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';

function board() {
  const doc = new Y.Doc();
  initWorkshop(
    doc,
    {
      title: 'T',
      series: null,
      host: null,
      date: null,
      durationMinutes: null,
      chathamHouse: true,
      voteBudget: 3,
      maxVotesPerIdea: 1,
      joinCode: 'ACDEFG',
      currentQuestionId: 'q',
      lenses: DEFAULT_LENSES,
    },
    [
      {
        id: 'q',
        prompt: 'Q',
        position: 0,
        plannedMinutes: null,
        phase: 'cluster',
        mode: 'open',
        hiddenCount: 0,
        submitters: 0,
        actualMs: 0,
        activeSince: null,
      },
    ],
  );
  for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) {
    putIdea(doc, {
      id,
      questionId: 'q',
      text: id,
      actor: null,
      nextStep: null,
      createdAt: 0,
      seq: i + 1,
      mergedCount: 0,
    });
  }
  return doc;
}
const where = (doc: Y.Doc) =>
  Object.fromEntries(readBoard(doc).ideas.map((i) => [i.id, i.clusterId]));

describe('clustering', () => {
  test('create, move in and out, rename, reorder', () => {
    const doc = board();
    createCluster(doc, { id: 'x', questionId: 'q', label: 'X', position: 0 }, ['a', 'b']);
    createCluster(doc, { id: 'y', questionId: 'q', label: 'Y', position: 1 }, ['c']);
    placeIdea(doc, 'b', null);
    placeIdea(doc, 'd', 'y');
    renameCluster(doc, 'x', 'Money');
    reorderClusters(doc, ['y', 'x']);
    expect(where(doc)).toEqual({ a: 'x', b: null, c: 'y', d: 'y' });
    expect(readBoard(doc).clusters.map((c) => [c.id, c.label])).toEqual([
      ['y', 'Y'],
      ['x', 'Money'],
    ]);
  });

  test('merging a cluster into another moves its ideas; deleting one never deletes ideas', () => {
    const doc = board();
    createCluster(doc, { id: 'x', questionId: 'q', label: 'X', position: 0 }, ['a', 'b']);
    createCluster(doc, { id: 'y', questionId: 'q', label: 'Y', position: 1 }, ['c']);
    mergeClusters(doc, 'x', 'y');
    expect(where(doc)).toEqual({ a: 'y', b: 'y', c: 'y', d: null });
    expect(readBoard(doc).clusters.map((c) => c.id)).toEqual(['y']);
    deleteCluster(doc, 'y');
    expect(where(doc)).toEqual({ a: null, b: null, c: null, d: null });
    expect(readBoard(doc).ideas).toHaveLength(4);
  });

  test('an idea placed in a cluster of another question (or a deleted one) reads as unclustered', () => {
    const doc = board();
    createCluster(doc, { id: 'other', questionId: 'q2', label: 'Elsewhere', position: 0 }, ['a']);
    placeIdea(doc, 'b', 'ghost');
    expect(where(doc)).toMatchObject({ a: null, b: null });
  });

  test('undo and redo cover a facilitator’s own moves, not the server’s changes', () => {
    const doc = board();
    const undo = new Y.UndoManager(clusteringTypes(doc), {
      trackedOrigins: new Set([ORIGINS.local]),
      captureTimeout: 0,
    });
    createCluster(doc, { id: 'x', questionId: 'q', label: 'X', position: 0 }, ['a']);
    placeIdea(doc, 'b', 'x');
    undo.undo();
    expect(where(doc)).toMatchObject({ a: 'x', b: null });
    undo.undo();
    expect(readBoard(doc).clusters).toEqual([]);
    undo.redo();
    undo.redo();
    expect(where(doc)).toMatchObject({ a: 'x', b: 'x' });
  });

  test('two facilitators moving the same idea and renaming the same cluster converge', () => {
    const one = board();
    createCluster(one, { id: 'x', questionId: 'q', label: 'X', position: 0 });
    createCluster(one, { id: 'y', questionId: 'q', label: 'Y', position: 1 });
    const two = new Y.Doc();
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    placeIdea(one, 'a', 'x');
    placeIdea(two, 'a', 'y');
    renameCluster(one, 'x', 'From one');
    renameCluster(two, 'x', 'From two');
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    expect(readBoard(one)).toEqual(readBoard(two));
    expect(['x', 'y']).toContain(where(one).a);
  });
});
