import {
  addTime,
  type Ballot,
  CreateWorkshopSchema,
  canEditOwnIdea,
  canSubmitIdea,
  canTransition,
  canVote,
  castRefusal,
  dotsRemaining,
  formatClock,
  IDLE_TIMER,
  isExpired,
  MAX_TIMER_MS,
  type Phase,
  pauseTimer,
  phaseEffects,
  type RoundRules,
  rankClusters,
  rankIdeas,
  resumeTimer,
  retractRefusal,
  startTimer,
  timeLeft,
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
    expect(ranked.map((r) => [r.ideaId, r.rank, r.tieBreak])).toEqual([
      ['top', 1, null],
      ['broad', 2, 'voters'],
      ['early', 3, 'order'],
      ['late', 3, 'order'],
      ['none', 5, null],
    ]);
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
