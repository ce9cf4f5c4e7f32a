import {
  addTime,
  autoAdvanceTarget,
  type Ballot,
  CreateWorkshopSchema,
  canEditOwnIdea,
  canSubmitIdea,
  canTransition,
  canVote,
  castRefusal,
  dotsRemaining,
  explainRanks,
  formatClock,
  IDLE_TIMER,
  isExpired,
  isTimerFor,
  MAX_TIMER_MS,
  type Phase,
  pauseTimer,
  phaseEffects,
  type RoundRules,
  rankClusters,
  rankIdeas,
  resumeTimer,
  retractRefusal,
  shortlist,
  startTimer,
  timeLeft,
  timerAfterMove,
  type VoteContext,
} from '@convene/shared';
import { describe, expect, test } from 'vitest';

describe('phase transitions', () => {
  const table: [Phase, Phase, boolean][] = [
    ['lobby', 'submit', true],
    ['submit', 'cluster', true],
    ['cluster', 'vote', true],
    ['vote', 'results', true],
    ['results', 'closed', true],
    ['lobby', 'cluster', false],
    ['lobby', 'vote', false],
    ['submit', 'vote', false],
    ['submit', 'results', false],
    ['cluster', 'results', false],
    ['cluster', 'submit', true], // reopen submissions
    ['vote', 'cluster', true], // back to clustering: the open round is cancelled
    ['results', 'vote', true], // rerun a vote
    ['results', 'lobby', true],
    ['submit', 'closed', true],
    ['closed', 'submit', true],
    ['closed', 'results', true],
    ['vote', 'vote', true], // re-selecting the current phase makes the question current
  ];
  test.each(table)('%s → %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });

  test.each([
    ['cluster', 'vote', { openRound: true, closeRound: false, cancelRound: false }],
    ['results', 'vote', { openRound: true, closeRound: false, cancelRound: false }],
    ['vote', 'results', { openRound: false, closeRound: true, cancelRound: false }],
    ['vote', 'closed', { openRound: false, closeRound: true, cancelRound: false }],
    ['vote', 'cluster', { openRound: false, closeRound: false, cancelRound: true }],
    ['vote', 'submit', { openRound: false, closeRound: false, cancelRound: true }],
    ['vote', 'vote', { openRound: false, closeRound: false, cancelRound: false }],
    ['submit', 'cluster', { openRound: false, closeRound: false, cancelRound: false }],
  ] as [Phase, Phase, ReturnType<typeof phaseEffects>][])('effects %s → %s', (from, to, e) => {
    expect(phaseEffects(from, to)).toEqual(e);
  });

  test.each([
    ['lobby', false, true, false],
    ['submit', true, true, false],
    ['cluster', false, false, false],
    ['vote', false, false, true],
    ['results', false, false, false],
    ['closed', false, false, false],
  ] as [Phase, boolean, boolean, boolean][])(
    '%s: submit %s, edit own %s, vote %s',
    (p, s, e, v) => {
      expect([canSubmitIdea(p), canEditOwnIdea(p), canVote(p)]).toEqual([s, e, v]);
    },
  );
});

describe('timer', () => {
  const t0 = 1_000_000;
  test('runs down from an absolute end time', () => {
    const t = startTimer(t0, 60_000, true);
    expect(t).toMatchObject({ status: 'running', endsAt: t0 + 60_000, autoAdvance: true });
    expect(timeLeft(t, t0 + 15_000)).toBe(45_000);
    expect(timeLeft(t, t0 + 90_000)).toBe(0);
    expect(isExpired(t, t0 + 59_999)).toBe(false);
    expect(isExpired(t, t0 + 60_000)).toBe(true);
  });
  test('pause keeps the remaining time; resume sets a new end', () => {
    const paused = pauseTimer(startTimer(t0, 60_000, false), t0 + 10_000);
    expect(paused).toMatchObject({ status: 'paused', remainingMs: 50_000, endsAt: null });
    if (!paused) throw new Error('paused');
    expect(timeLeft(paused, t0 + 999_999)).toBe(50_000);
    expect(resumeTimer(paused, t0 + 100_000)).toMatchObject({
      status: 'running',
      endsAt: t0 + 150_000,
    });
  });
  test('refuses moves that make no sense', () => {
    expect(pauseTimer(IDLE_TIMER, t0)).toBeNull();
    expect(resumeTimer(startTimer(t0, 1000, false), t0)).toBeNull();
    expect(addTime(IDLE_TIMER, 1000, t0)).toBeNull();
  });
  test('adding time works running and paused, never below zero or above the cap', () => {
    const running = startTimer(t0, 60_000, false);
    expect(timeLeft(addTime(running, 30_000, t0) ?? IDLE_TIMER, t0)).toBe(90_000);
    expect(timeLeft(addTime(running, -120_000, t0) ?? IDLE_TIMER, t0)).toBe(0);
    expect(timeLeft(addTime(running, MAX_TIMER_MS, t0) ?? IDLE_TIMER, t0)).toBe(MAX_TIMER_MS);
    const paused = pauseTimer(running, t0) ?? IDLE_TIMER;
    expect(addTime(paused, 5000, t0)?.remainingMs).toBe(65_000);
  });
  test('belongs to the question and phase it was started in; any other move stops it', () => {
    const t = startTimer(t0, 900_000, true, { questionId: 'q1', phase: 'submit' });
    expect(t).toMatchObject({ questionId: 'q1', phase: 'submit' });
    expect(timerAfterMove(t, 'q1', 'submit')).toBe(t);
    expect(timerAfterMove(t, 'q1', 'cluster')).toEqual(IDLE_TIMER);
    expect(timerAfterMove(t, 'q2', 'submit')).toEqual(IDLE_TIMER);
    const paused = pauseTimer(t, t0 + 1000) ?? IDLE_TIMER;
    expect(timerAfterMove(paused, 'q1', 'vote')).toEqual(IDLE_TIMER);
    // A timer stored before timers had an owner stops at the next move too.
    expect(timerAfterMove(startTimer(t0, 1000, false), 'q1', 'submit')).toEqual(IDLE_TIMER);
  });
  test('screens show only the clock of the current question and phase', () => {
    const t = startTimer(t0, 60_000, false, { questionId: 'q1', phase: 'submit' });
    expect(isTimerFor(t, 'q1', 'submit')).toBe(true);
    expect(isTimerFor(t, 'q1', 'results')).toBe(false);
    expect(isTimerFor(t, 'q2', 'submit')).toBe(false);
    expect(isTimerFor(IDLE_TIMER, 'q1', 'submit')).toBe(false);
    expect(isTimerFor(startTimer(t0, 1000, false), 'q1', 'vote')).toBe(true);
  });
  test('running out advances only the phase the timer was started in', () => {
    const t = startTimer(t0, 60_000, true, { questionId: 'q1', phase: 'submit' });
    expect(autoAdvanceTarget(t, { questionId: 'q1', phase: 'submit' })).toBe('cluster');
    expect(autoAdvanceTarget(t, { questionId: 'q1', phase: 'cluster' })).toBeNull();
    expect(autoAdvanceTarget(t, { questionId: 'q2', phase: 'submit' })).toBeNull();
    expect(
      autoAdvanceTarget({ ...t, autoAdvance: false }, { questionId: 'q1', phase: 'submit' }),
    ).toBeNull();
    const inResults = startTimer(t0, 1, true, { questionId: 'q1', phase: 'results' });
    expect(autoAdvanceTarget(inResults, { questionId: 'q1', phase: 'results' })).toBeNull();
    expect(autoAdvanceTarget(t, null)).toBeNull();
  });
  test.each([
    [0, '0:00'],
    [1, '0:01'],
    [59_001, '1:00'],
    [600_000, '10:00'],
    [3_600_000, '1:00:00'],
    [3_661_000, '1:01:01'],
  ])('formatClock(%i) = %s', (ms, s) => expect(formatClock(ms)).toBe(s));
});

describe('dot voting', () => {
  const rules: RoundRules = { budget: 3, maxPerIdea: 1, candidates: null };
  const base: VoteContext = {
    phase: 'vote',
    roundOpen: true,
    rules,
    ballot: {},
    idea: { status: 'visible', inQuestion: true },
    ideaId: 'a',
  };
  const table: [string, Partial<VoteContext>, string | null][] = [
    ['a first dot', {}, null],
    ['wrong phase', { phase: 'cluster' }, 'wrong_phase'],
    ['round not open', { roundOpen: false }, 'wrong_phase'],
    ['unknown idea', { idea: null }, 'unknown_idea'],
    [
      'idea of another question',
      { idea: { status: 'visible', inQuestion: false } },
      'unknown_idea',
    ],
    ['hidden idea', { idea: { status: 'hidden', inQuestion: true } }, 'idea_not_votable'],
    ['merged idea', { idea: { status: 'merged', inQuestion: true } }, 'idea_not_votable'],
    ['moderated idea', { idea: { status: 'moderated', inQuestion: true } }, 'idea_not_votable'],
    ['not a candidate', { rules: { ...rules, candidates: ['b'] } }, 'idea_not_votable'],
    ['over budget', { ballot: { b: 1, c: 1, d: 1 } }, 'over_budget'],
    ['over the per-idea maximum', { ballot: { a: 1 } }, 'over_idea_limit'],
    [
      'second dot allowed when max is 2',
      { ballot: { a: 1 }, rules: { ...rules, maxPerIdea: 2 } },
      null,
    ],
  ];
  test.each(table)('%s', (_name, patch, code) => {
    expect(castRefusal({ ...base, ...patch })?.code ?? null).toBe(code);
  });
  test.each([
    ['retract a dot', { ballot: { a: 1 } as Ballot }, null],
    ['no dot to retract', { ballot: {} as Ballot }, 'no_vote'],
    ['after the round', { ballot: { a: 1 } as Ballot, phase: 'results' as Phase }, 'wrong_phase'],
  ])('%s', (_n, patch, code) => {
    expect(
      retractRefusal({ phase: 'vote', roundOpen: true, ideaId: 'a', ...patch })?.code ?? null,
    ).toBe(code);
  });
  test('remaining dots', () => {
    expect(dotsRemaining({}, rules)).toBe(3);
    expect(dotsRemaining({ a: 1, b: 1 }, rules)).toBe(1);
    expect(dotsRemaining({ a: 5 }, rules)).toBe(0);
  });
});

describe('ranking', () => {
  test('by votes, then distinct voters, then order of submission; ties share a rank', () => {
    const ranked = rankIdeas([
      { ideaId: 'late', votes: 4, voters: 4, seq: 9 },
      { ideaId: 'early', votes: 4, voters: 4, seq: 2 },
      { ideaId: 'broad', votes: 4, voters: 5, seq: 7 },
      { ideaId: 'top', votes: 6, voters: 3, seq: 5 },
      { ideaId: 'none', votes: 0, voters: 0, seq: 1 },
    ]);
    // Supporters separated broad from early and late (tieBreak 'voters' for all three); early
    // and late share rank 3 and are only listed by submission.
    expect(ranked.map((r) => [r.ideaId, r.rank, r.tieBreak])).toEqual([
      ['top', 1, null],
      ['broad', 2, 'voters'],
      ['early', 3, 'voters'],
      ['late', 3, 'voters'],
      ['none', 5, null],
    ]);
  });
  // The room's case: four ideas with 6 votes, two with 5 supporters and two with 4. Before, all
  // four said "tie on votes and supporters: earlier idea first", which decided nothing.
  test.each([
    {
      name: 'two pairs on the same votes, split by supporters',
      tallies: [
        { ideaId: 'top', votes: 9, voters: 5, seq: 1 },
        { ideaId: 'a', votes: 6, voters: 5, seq: 4 },
        { ideaId: 'b', votes: 6, voters: 5, seq: 2 },
        { ideaId: 'c', votes: 6, voters: 4, seq: 3 },
        { ideaId: 'd', votes: 6, voters: 4, seq: 5 },
      ],
      expected: [
        ['top', 1, null, [0, 0, 0]],
        ['b', 2, 'voters', [1, 2, 0]],
        ['a', 2, 'voters', [1, 2, 0]],
        ['c', 4, 'voters', [1, 0, 2]],
        ['d', 4, 'voters', [1, 0, 2]],
      ],
    },
    {
      name: 'a full tie: one shared rank, listed by earlier submission',
      tallies: [
        { ideaId: 'x', votes: 3, voters: 3, seq: 7 },
        { ideaId: 'y', votes: 3, voters: 3, seq: 1 },
        { ideaId: 'z', votes: 3, voters: 3, seq: 4 },
      ],
      expected: [
        ['y', 1, 'order', [2, 0, 0]],
        ['z', 1, 'order', [2, 0, 0]],
        ['x', 1, 'order', [2, 0, 0]],
      ],
    },
    {
      name: 'same votes, all different supporters: no shared rank',
      tallies: [
        { ideaId: 'p', votes: 4, voters: 2, seq: 1 },
        { ideaId: 'q', votes: 4, voters: 4, seq: 2 },
        { ideaId: 'r', votes: 4, voters: 3, seq: 3 },
      ],
      expected: [
        ['q', 1, 'voters', [0, 2, 0]],
        ['r', 2, 'voters', [0, 1, 1]],
        ['p', 3, 'voters', [0, 0, 2]],
      ],
    },
  ])('$name', ({ tallies, expected }) => {
    const ranked = rankIdeas(tallies);
    const why = explainRanks(ranked);
    expect(
      ranked.map((r) => {
        const w = why.get(r.ideaId);
        return [
          r.ideaId,
          r.rank,
          r.tieBreak,
          [w?.tiedWith, w?.aheadOnSupporters, w?.behindOnSupporters],
        ];
      }),
    ).toEqual(expected);
  });
  test('explains results published before the fix from their ranks and counts alone', () => {
    const old = [
      { ideaId: 'a', votes: 6, voters: 5, seq: 1, rank: 2, tieBreak: 'order' as const },
      { ideaId: 'c', votes: 6, voters: 4, seq: 3, rank: 4, tieBreak: 'order' as const },
    ];
    expect(explainRanks(old).get('c')).toEqual({
      tiedWith: 0,
      aheadOnSupporters: 0,
      behindOnSupporters: 1,
    });
  });
  test('a shortlist takes the top N with ties at N, or the picked ideas; never fewer than two', () => {
    const ranking = [
      { ideaId: 'a', rank: 1 },
      { ideaId: 'b', rank: 2 },
      { ideaId: 'c', rank: 2 },
      { ideaId: 'gone', rank: 4 },
      { ideaId: 'e', rank: 5 },
    ];
    const board = new Set(['a', 'b', 'c', 'e', 'f']);
    expect(shortlist(ranking, { topN: 2 }, board)).toEqual({ ideaIds: ['a', 'b', 'c'] });
    expect(shortlist(ranking, { topN: 5 }, board)).toEqual({ ideaIds: ['a', 'b', 'c', 'e'] });
    expect(shortlist(ranking, { ideaIds: ['f', 'e', 'a', 'a'] }, board)).toEqual({
      ideaIds: ['a', 'e', 'f'],
    });
    expect(shortlist(ranking, { ideaIds: ['a', 'gone'] }, board)).toMatchObject({
      code: 'unknown_idea',
    });
    expect(shortlist([{ ideaId: 'a', rank: 1 }], { topN: 2 }, board)).toMatchObject({
      code: 'invalid_payload',
    });
  });
  test('is deterministic whatever the input order', () => {
    const t = [
      { ideaId: 'x', votes: 2, voters: 2, seq: 3 },
      { ideaId: 'y', votes: 2, voters: 2, seq: 1 },
      { ideaId: 'z', votes: 1, voters: 1, seq: 2 },
    ];
    expect(rankIdeas(t)).toEqual(rankIdeas([...t].reverse()));
  });
  test('a cluster scores the sum of its ideas; unclustered ideas are left out', () => {
    const clusterOf = (id: string) => ({ a: 'c1', b: 'c1', c: 'c2', d: 'c3', e: null })[id] ?? null;
    const scores = rankClusters(
      [
        { ideaId: 'a', votes: 2, voters: 2, seq: 1 },
        { ideaId: 'b', votes: 1, voters: 1, seq: 2 },
        { ideaId: 'c', votes: 3, voters: 3, seq: 3 },
        { ideaId: 'd', votes: 1, voters: 1, seq: 4 },
        { ideaId: 'e', votes: 9, voters: 9, seq: 5 },
      ],
      clusterOf,
    );
    expect(scores.map((s) => [s.clusterId, s.votes, s.ideas, s.rank])).toEqual([
      ['c1', 3, 2, 1],
      ['c2', 3, 1, 1],
      ['c3', 1, 1, 3],
    ]);
  });
});

describe('agenda', () => {
  const base = {
    title: 'T',
    questions: [
      { prompt: 'a', plannedMinutes: 60 },
      { prompt: 'b', plannedMinutes: 50 },
    ],
  };
  test.each([
    [{ ...base, durationMinutes: 120 }, true],
    [{ ...base, durationMinutes: 110 }, true],
    [{ ...base, durationMinutes: 100 }, false],
    [{ ...base }, true],
    [{ title: 'T', questions: [{ prompt: 'a' }], durationMinutes: 5 }, true],
  ])('planned minutes must fit the duration: %o → %s', (input, ok) => {
    expect(CreateWorkshopSchema.safeParse(input).success).toBe(ok);
  });
});
