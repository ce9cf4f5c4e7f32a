import type { BallotReply } from '@convene/shared';
import { create } from 'zustand';
import { sendCommand } from '../net/commands.ts';

interface BallotState extends BallotReply {
  questionId: string | null;
  busy: boolean;
  error: string | null;
}

const EMPTY: BallotReply = { roundId: null, ballot: {}, remaining: 0, budget: 0, maxPerIdea: 0 };

/** The participant's own dots in the open round; the server's copy is the truth. */
export const useBallot = create<BallotState>(() => ({
  ...EMPTY,
  questionId: null,
  busy: false,
  error: null,
}));

export async function loadBallot(questionId: string): Promise<void> {
  const reply = await sendCommand('vote:mine', { questionId });
  if (reply.ok) {
    useBallot.setState({
      questionId,
      roundId: reply.roundId,
      ballot: reply.ballot,
      remaining: reply.remaining,
      budget: reply.budget,
      maxPerIdea: reply.maxPerIdea,
      error: null,
    });
  }
}

/** Adds (+1) or removes (−1) one dot on an idea. */
export async function changeDot(ideaId: string, delta: 1 | -1): Promise<void> {
  useBallot.setState({ busy: true, error: null });
  const reply = await sendCommand(delta > 0 ? 'vote:cast' : 'vote:retract', { ideaId });
  if (reply.ok) {
    useBallot.setState((s) => {
      const ballot = { ...s.ballot, [ideaId]: Math.max(0, (s.ballot[ideaId] ?? 0) + delta) };
      if (ballot[ideaId] === 0) delete ballot[ideaId];
      return { ballot, remaining: reply.remaining, busy: false };
    });
  } else {
    useBallot.setState({ busy: false, error: reply.error.message });
    const { questionId } = useBallot.getState();
    if (questionId) await loadBallot(questionId);
  }
}
