import {
  type BoardQuestion,
  type BoardRound,
  createCluster,
  DEFAULT_LENSES,
  debateText,
  initWorkshop,
  notesText,
  putIdea,
  putRound,
  putTimer,
  rankClusters,
  rankIdeas,
  setSpotlight,
  startTimer,
  type WorkshopMeta,
  writeBriefSection,
} from '@convene/shared';
import * as Y from 'yjs';

/**
 * A board with something in every part of the doc, as the server and the writers leave it
 * mid-workshop: the starting point of the doc-reader tests, which then spoil it.
 */

export const META: WorkshopMeta = {
  title: 'Financing Efforts to Sustain Peace',
  series: 'Applying Sustaining Peace',
  host: 'NYU Center on International Cooperation',
  date: '2026-11-27',
  durationMinutes: 120,
  chathamHouse: true,
  voteBudget: 3,
  maxVotesPerIdea: 2,
  joinCode: 'ACD347',
  currentQuestionId: 'q1',
  language: 'en',
  lenses: DEFAULT_LENSES,
};

export const QUESTIONS: BoardQuestion[] = [
  {
    id: 'q1',
    prompt: 'What should donors stop doing?',
    position: 0,
    plannedMinutes: 30,
    phase: 'results',
    mode: 'open',
    hiddenCount: 0,
    submitters: 3,
    actualMs: 600_000,
    activeSince: 1_764_000_000_000,
    shortTitle: 'What donors should stop',
  },
  {
    id: 'q2',
    prompt: 'Who should pool funds, and how?',
    position: 1,
    plannedMinutes: null,
    phase: 'vote',
    mode: 'hidden',
    hiddenCount: 2,
    submitters: 1,
    actualMs: 0,
    activeSince: null,
    shortTitle: null,
  },
];

const TALLIES = [
  { ideaId: 'i1', votes: 3, voters: 2, seq: 1 },
  { ideaId: 'i2', votes: 3, voters: 2, seq: 2 },
  { ideaId: 'i3', votes: 1, voters: 1, seq: 3 },
];

/** A closed round as the server projects it (roundForDoc in server/src/sync/projection.ts). */
export const CLOSED: BoardRound = {
  id: 'r1',
  questionId: 'q1',
  number: 1,
  status: 'closed',
  budget: 3,
  maxPerIdea: 2,
  candidates: null,
  votersStarted: 3,
  votersDone: 0,
  results: {
    ideas: rankIdeas(TALLIES),
    clusters: rankClusters(TALLIES, (id) => (id === 'i1' || id === 'i2' ? 'c1' : null)),
    voters: 3,
  },
};

export const OPEN: BoardRound = {
  id: 'r2',
  questionId: 'q2',
  number: 1,
  status: 'open',
  budget: 3,
  maxPerIdea: 1,
  candidates: ['i4'],
  votersStarted: 1,
  votersDone: 0,
  results: null,
};

/** Every part of the doc holds something: a board in the results phase, mid-workshop. */
export function richBoard(): Y.Doc {
  const doc = new Y.Doc();
  initWorkshop(doc, META, QUESTIONS);
  ['i1', 'i2', 'i3', 'i4'].forEach((id, k) => {
    putIdea(doc, {
      id,
      questionId: id === 'i4' ? 'q2' : 'q1',
      text: `Idea ${id}: earmark less, fund local peacebuilders directly`,
      actor: k % 2 ? 'Donors' : null,
      nextStep: k % 2 ? null : 'A pooled fund pilot',
      createdAt: 1_764_000_000_000 + k,
      seq: k + 1,
      mergedCount: k === 2 ? 1 : 0,
      // Points of debate (issue 13): one idea marked, so junk in its fields has something to hit.
      ...(id === 'i1' ? { contested: true, contestNote: 'Pooled or bilateral' } : {}),
    });
  });
  createCluster(
    doc,
    {
      id: 'c1',
      questionId: 'q1',
      label: 'Money',
      position: 0,
      contested: true,
      contestNote: 'Views differed',
    },
    ['i1', 'i2'],
  );
  createCluster(doc, { id: 'c2', questionId: 'q1', label: 'People', position: 1 }, ['i3']);
  putRound(doc, CLOSED);
  putRound(doc, OPEN);
  putTimer(doc, startTimer(1_764_000_000_000, 300_000, true));
  setSpotlight(doc, { kind: 'idea', id: 'i1' });
  notesText(doc, 'q1')?.insert(0, 'Participants stressed local funding.');
  debateText(doc, 'q1')?.insert(0, 'Whether to pool funds.');
  writeBriefSection(doc, 'header', '# Financing\n\nA meeting brief.', 1_764_000_000_000);
  writeBriefSection(doc, 'question:q1', '## Q1\n\n- earmark less', 1_764_000_000_000);
  return doc;
}

export function replicaOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
