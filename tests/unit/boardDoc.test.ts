import {
  type BoardIdea,
  type BoardQuestion,
  createCluster,
  currentQuestion,
  type DocIdea,
  deleteCluster,
  hasIdea,
  initWorkshop,
  notesText,
  ORIGINS,
  placeIdea,
  putIdea,
  readBoard,
  readClusters,
  readIdeas,
  readNotes,
  readQuestions,
  readWorkshop,
  removeIdea,
  setCurrentQuestion,
  setQuestionPhase,
  type WorkshopMeta,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';

/**
 * Round trips through the doc accessors, always also through a second replica synced by update
 * (what a client sees of the server's doc), and the readers' tolerance of junk.
 *
 * Fixtures start from what the readers return for an empty entry, so a field added to the
 * layout later gets its default here without editing every test.
 */

function questionDefaults(): Omit<BoardQuestion, 'id'> {
  const d = new Y.Doc();
  d.getMap('questions').set('x', new Y.Map());
  const [q] = readQuestions(d);
  if (!q) throw new Error('reader skipped an empty question');
  const { id: _id, ...rest } = q;
  return rest;
}

function ideaDefaults(): Omit<BoardIdea, 'id'> {
  const d = new Y.Doc();
  d.getMap('ideas').set('x', new Y.Map());
  const [i] = readIdeas(d);
  if (!i) throw new Error('reader skipped an empty idea');
  const { id: _id, ...rest } = i;
  return rest;
}

const EMPTY_WORKSHOP = readWorkshop(new Y.Doc());

const META: WorkshopMeta = {
  ...EMPTY_WORKSHOP,
  title: 'Applying Sustaining Peace: local ownership',
  series: 'Applying Sustaining Peace',
  host: 'Institute A',
  date: '2025-03-14',
  durationMinutes: 120,
  chathamHouse: true,
  voteBudget: 3,
  maxVotesPerIdea: 1,
  joinCode: 'AC3K7Q',
  currentQuestionId: 'q2',
};

const QUESTIONS: BoardQuestion[] = [
  {
    ...questionDefaults(),
    id: 'q2',
    prompt: 'What is one first step?',
    position: 1,
    plannedMinutes: 30,
    phase: 'lobby',
  },
  {
    ...questionDefaults(),
    id: 'q1',
    prompt: 'What should donors stop doing?',
    position: 0,
    plannedMinutes: null,
    phase: 'submit',
  },
];

/** An idea as the server writes it (no cluster: that is the facilitators' placement). */
function idea(id: string, seq: number, patch: Partial<DocIdea> = {}): DocIdea {
  const { clusterId: _c, ...defaults } = ideaDefaults();
  return {
    ...defaults,
    id,
    questionId: 'q1',
    text: `Idea ${id}`,
    actor: null,
    nextStep: null,
    createdAt: 1_700_000_000_000 + seq,
    seq,
    ...patch,
  };
}

/** The idea as readers return it. */
function read(i: DocIdea, clusterId: string | null = null): BoardIdea {
  return {
    contested: false,
    contestNote: null,
    countries: [],
    pbc: false,
    tags: {},
    origins: [],
    ...i,
    clusterId,
  };
}

function freshBoard(): Y.Doc {
  const doc = new Y.Doc();
  initWorkshop(doc, META, QUESTIONS);
  return doc;
}

function replicaOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('initWorkshop and readers', () => {
  test('round-trips meta and questions, questions in agenda order', () => {
    const doc = freshBoard();
    const board = readBoard(doc);
    expect(board.workshop).toStrictEqual(META);
    expect(board.questions.map((q) => q.id)).toStrictEqual(['q1', 'q2']);
    expect(board.questions).toStrictEqual([QUESTIONS[1], QUESTIONS[0]]);
    expect(board.ideas).toStrictEqual([]);
    expect(readBoard(replicaOf(doc))).toStrictEqual(board);
  });

  test('an empty doc reads as an empty board with the contract defaults', () => {
    const board = readBoard(new Y.Doc());
    expect(board.workshop).toMatchObject({
      title: '',
      series: null,
      host: null,
      date: null,
      durationMinutes: null,
      chathamHouse: true,
      voteBudget: 3,
      maxVotesPerIdea: 1,
      joinCode: '',
      currentQuestionId: null,
    });
    expect(board.questions).toStrictEqual([]);
    expect(board.ideas).toStrictEqual([]);
    expect(currentQuestion(board)).toBeNull();
    expect(questionDefaults()).toMatchObject({ prompt: '', position: 0, phase: 'lobby' });
  });

  test('nulls survive as nulls', () => {
    const doc = new Y.Doc();
    const meta: WorkshopMeta = {
      ...META,
      series: null,
      host: null,
      date: null,
      durationMinutes: null,
      chathamHouse: false,
      currentQuestionId: null,
    };
    initWorkshop(doc, meta, []);
    expect(readWorkshop(replicaOf(doc))).toStrictEqual(meta);
  });

  test('mutators tag their transaction with a typed origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    initWorkshop(doc, META, QUESTIONS);
    putIdea(doc, idea('i1', 1));
    setQuestionPhase(doc, 'q1', 'vote', ORIGINS.load);
    expect(origins).toStrictEqual([ORIGINS.command, ORIGINS.command, ORIGINS.load]);
  });
});

describe('ideas', () => {
  test('putIdea round-trips every field; readIdeas orders by seq, then id', () => {
    const doc = freshBoard();
    const a = idea('a', 3, { actor: 'UN country team', nextStep: 'Map funders' });
    const b = idea('b', 1);
    const c = idea('c', 2, { questionId: 'q2' });
    const d = idea('d', 2);
    for (const i of [a, b, c, d]) putIdea(doc, i);
    const expected = [b, c, d, a].map((i) => read(i));
    expect(readIdeas(doc)).toStrictEqual(expected);
    expect(readIdeas(replicaOf(doc))).toStrictEqual(expected);
    expect(hasIdea(doc, 'a')).toBe(true);
    expect(hasIdea(doc, 'zzz')).toBe(false);
  });

  test('putIdea with an existing id updates the idea, it does not duplicate it', () => {
    const doc = freshBoard();
    putIdea(doc, idea('a', 1));
    putIdea(doc, idea('a', 1, { text: 'Edited' }));
    expect(readIdeas(replicaOf(doc))).toStrictEqual([read(idea('a', 1, { text: 'Edited' }))]);
  });

  test('removeIdea takes an idea off the board, with its placement', () => {
    const doc = freshBoard();
    putIdea(doc, idea('a', 1));
    putIdea(doc, idea('b', 2));
    createCluster(doc, { id: 'c1', questionId: 'q1', label: 'Funding', position: 0 }, ['a']);
    removeIdea(doc, 'a');
    expect(readIdeas(replicaOf(doc)).map((i) => i.id)).toStrictEqual(['b']);
    expect(doc.getMap('placement').has('a')).toBe(false);
  });

  test('an empty actor or next step reads as null', () => {
    const doc = new Y.Doc();
    putIdea(doc, {
      ...idea('a', 1),
      actor: '' as unknown as null,
      nextStep: '' as unknown as null,
    });
    expect(readIdeas(doc)[0]).toMatchObject({ actor: null, nextStep: null });
  });
});

/** Points of debate (issue 13): a cluster nobody marked. */
const UNCONTESTED = { contested: false, contestNote: null };

describe('clusters (trusted writers)', () => {
  test('placement resolves clusterId; a cluster of another question or a deleted one is none', () => {
    const doc = freshBoard();
    putIdea(doc, idea('a', 1));
    putIdea(doc, idea('b', 2));
    putIdea(doc, idea('c', 3));
    createCluster(doc, { id: 'c1', questionId: 'q1', label: 'Funding', position: 0 }, ['a', 'b']);
    createCluster(doc, { id: 'cX', questionId: 'q2', label: 'Elsewhere', position: 0 }, ['c']);
    expect(readIdeas(replicaOf(doc)).map((i) => [i.id, i.clusterId])).toStrictEqual([
      ['a', 'c1'],
      ['b', 'c1'],
      ['c', null],
    ]);
    expect(readClusters(replicaOf(doc))).toStrictEqual([
      { ...UNCONTESTED, id: 'c1', questionId: 'q1', label: 'Funding', position: 0 },
      { ...UNCONTESTED, id: 'cX', questionId: 'q2', label: 'Elsewhere', position: 0 },
    ]);
    placeIdea(doc, 'b', null);
    deleteCluster(doc, 'c1');
    expect(readIdeas(doc).map((i) => i.clusterId)).toStrictEqual([null, null, null]);
    expect(readIdeas(doc)).toHaveLength(3); // ideas are never deleted with their cluster
  });
});

describe('phases and the current question', () => {
  test('setQuestionPhase round-trips through a replica', () => {
    const doc = freshBoard();
    setQuestionPhase(doc, 'q2', 'results');
    const q2 = readQuestions(replicaOf(doc)).find((q) => q.id === 'q2');
    expect(q2?.phase).toBe('results');
    expect(readQuestions(doc).find((q) => q.id === 'q1')?.phase).toBe('submit');
  });

  test('setQuestionPhase on an unknown question changes nothing', () => {
    const doc = freshBoard();
    const before = Y.encodeStateVector(doc);
    setQuestionPhase(doc, 'nope', 'vote');
    expect(Y.encodeStateVector(doc)).toStrictEqual(before);
    expect(readQuestions(doc).map((q) => q.phase)).toStrictEqual(['submit', 'lobby']);
  });

  test.each([
    ['the current one', 'q2', 'q2'],
    ['the first when none is set', null, 'q1'],
    ['the first when the current one is missing', 'gone', 'q1'],
  ])('currentQuestion is %s', (_name, current, expected) => {
    const doc = new Y.Doc();
    initWorkshop(doc, { ...META, currentQuestionId: current }, QUESTIONS);
    expect(currentQuestion(readBoard(doc))?.id).toBe(expected);
  });

  test('setCurrentQuestion moves the current question', () => {
    const doc = freshBoard();
    setCurrentQuestion(doc, 'q1');
    expect(readWorkshop(doc).currentQuestionId).toBe('q1');
    expect(currentQuestion(readBoard(replicaOf(doc)))?.id).toBe('q1');
  });
});

describe('notes', () => {
  test('initWorkshop creates one empty notes text per question, shared by every replica', () => {
    const doc = freshBoard();
    expect(readNotes(doc, 'q1')).toBe('');
    const t = notesText(doc, 'q1');
    expect(t).toBeInstanceOf(Y.Text);
    t?.insert(0, 'Participants stressed local funding.');
    expect(notesText(doc, 'q1')).toBe(t);
    const replica = replicaOf(doc);
    expect(readNotes(replica, 'q1')).toBe('Participants stressed local funding.');
    expect(readNotes(doc, 'q2')).toBe('');
    expect(notesText(replica, 'q2')).toBeInstanceOf(Y.Text);
  });

  test('a question without notes has no text and reads as ""', () => {
    const doc = freshBoard();
    expect(notesText(doc, 'nope')).toBeNull();
    expect(readNotes(doc, 'nope')).toBe('');
    expect(notesText(new Y.Doc(), 'q1')).toBeNull();
  });
});

describe('readers tolerate junk a buggy writer left in the doc', () => {
  function junkDoc(): Y.Doc {
    const doc = freshBoard();
    doc.transact(() => {
      const w = doc.getMap('workshop');
      w.set('title', 42);
      w.set('series', '');
      w.set('host', { nested: true });
      w.set('date', 20250314);
      w.set('durationMinutes', Number.NaN);
      w.set('chathamHouse', 'no');
      w.set('voteBudget', '3');
      w.set('maxVotesPerIdea', Number.POSITIVE_INFINITY);
      w.set('joinCode', null);
      w.set('currentQuestionId', 7);

      const qs = doc.getMap('questions');
      qs.set('plain-string', 'not a map' as never);
      qs.set('number', 5 as never);
      qs.set('text', new Y.Text('hello') as never);
      const bad = new Y.Map<unknown>();
      bad.set('prompt', ['array']);
      bad.set('position', '0');
      bad.set('plannedMinutes', '30');
      bad.set('phase', 'brainstorm');
      bad.set('mode', 42);
      bad.set('hiddenCount', 'many');
      bad.set('activeSince', 'yesterday');
      qs.set('bad', bad as never);

      const ideas = doc.getMap('ideas');
      ideas.set('null', null as never);
      ideas.set('array', new Y.Array() as never);
      ideas.set('bool', true as never);
      const junkIdea = new Y.Map<unknown>();
      junkIdea.set('text', 123);
      junkIdea.set('questionId', null);
      junkIdea.set('seq', 'first');
      junkIdea.set('createdAt', Number.NaN);
      junkIdea.set('clusterId', 9);
      ideas.set('junk', junkIdea as never);

      doc.getMap('notes').set('q1', 'plain string, not a Y.Text' as never);
      doc.getMap('clusters').set('c-junk', 'not a map' as never);
      doc.getMap('placement').set('junk', 12);
      doc.getMap('timer').set('status', 'exploded');
      doc.getMap('rounds').set('r-junk', [1, 2, 3] as never);
    });
    return doc;
  }

  test('every field falls back to its default; non-map entries are skipped', () => {
    for (const doc of [junkDoc(), replicaOf(junkDoc())]) {
      const board = readBoard(doc);
      expect(board.workshop).toStrictEqual(EMPTY_WORKSHOP);
      expect(board.questions.map((q) => q.id)).toStrictEqual(['bad', 'q1', 'q2']);
      expect(board.questions[0]).toStrictEqual({ ...questionDefaults(), id: 'bad' });
      expect(board.ideas).toStrictEqual([{ ...ideaDefaults(), id: 'junk' }]);
      expect(board.ideas[0]).toMatchObject({ text: '', questionId: '', seq: 0, clusterId: null });
      expect(board.clusters).toStrictEqual([]);
      expect(board.rounds).toStrictEqual([]);
      expect(board.timer).toStrictEqual(readBoard(new Y.Doc()).timer);
      expect(currentQuestion(board)?.id).toBe('bad');
      expect(readNotes(doc, 'q1')).toBe('');
      expect(notesText(doc, 'q1')).toBeNull();
      expect(hasIdea(doc, 'junk')).toBe(true);
    }
  });

  test('a well-formed idea next to junk still reads correctly', () => {
    const doc = junkDoc();
    putIdea(doc, idea('good', 1));
    expect(readIdeas(doc).map((i) => i.id)).toStrictEqual(['junk', 'good']);
    expect(readIdeas(doc)[1]).toStrictEqual(read(idea('good', 1)));
  });

  test('setQuestionPhase ignores a question that is not a map', () => {
    const doc = junkDoc();
    setQuestionPhase(doc, 'plain-string', 'vote');
    expect(doc.getMap('questions').get('plain-string')).toBe('not a map');
  });
});
