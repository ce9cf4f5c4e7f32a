import type { BoardIdea, BoardQuestion, BoardRound, WorkshopMeta } from '@convene/shared';
import { useId, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { sendCommand, showingRefusal } from '../../net/commands.ts';

/** Settings of the next round (before it opens) and, while it runs, progress only. */
export function VotePanel({
  question,
  workshop,
  open,
  participants,
}: {
  question: BoardQuestion;
  workshop: WorkshopMeta;
  open: BoardRound | null;
  participants: number;
}) {
  const ids = useId();
  const [budget, setBudget] = useState(String(workshop.voteBudget));
  const [maxPerIdea, setMaxPerIdea] = useState(String(workshop.maxVotesPerIdea));
  const [topN, setTopN] = useState('');
  const [note, setNote] = useState<string | null>(null);
  if (open) {
    return (
      <div className="stack" aria-live="polite">
        <p className="stat">
          <span className="stat__value">
            {open.votersDone} / {Math.max(participants, open.votersStarted)}
          </span>
          <span className="small">
            {t.voteProgress(open.votersDone, Math.max(participants, open.votersStarted))}
          </span>
        </p>
        <p className="muted small">
          {t.round(open.number)} · {t.voteStarted(open.votersStarted)} · {t.voteSecret}
        </p>
      </div>
    );
  }
  const save = async () => {
    const r = await sendCommand('vote:configure', {
      questionId: question.id,
      budget: Number(budget),
      maxPerIdea: Number(maxPerIdea),
      topN: topN ? Number(topN) : null,
    });
    setNote(r.ok ? t.saved : r.error.message);
  };
  return (
    <fieldset className="fieldset-plain stack">
      <legend className="label">{t.voteSettings}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor={`${ids}-b`}>{t.budget}</label>
          <input
            id={`${ids}-b`}
            type="number"
            min={1}
            max={20}
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            style={{ width: '6rem' }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-m`}>{t.maxPerIdea}</label>
          <input
            id={`${ids}-m`}
            type="number"
            min={1}
            max={20}
            value={maxPerIdea}
            onChange={(e) => setMaxPerIdea(e.target.value)}
            style={{ width: '6rem' }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-n`}>{t.topN}</label>
          <input
            id={`${ids}-n`}
            type="number"
            min={2}
            max={200}
            value={topN}
            onChange={(e) => setTopN(e.target.value)}
            style={{ width: '6rem' }}
          />
        </div>
      </div>
      <div className="row">
        <button type="button" className="btn btn--secondary btn--small" onClick={save}>
          {t.saveSettings}
        </button>
        {note ? (
          <span className="small" role="status">
            {note}
          </span>
        ) : null}
      </div>
    </fieldset>
  );
}

/**
 * Another round straight from Results, on the top N of this round or on ideas the facilitator
 * picks: one command, so the room goes from results to voting without passing through clustering.
 */
export function RoundAgain({
  questionId,
  results,
  ideas,
  onError,
}: {
  questionId: string;
  results: BoardRound;
  ideas: readonly BoardIdea[];
  onError: (message: string | null) => void;
}) {
  const ids = useId();
  const textOf = new Map(ideas.map((i) => [i.id, i.text]));
  // Ideas merged or hidden since the round closed cannot be on the next ballot.
  const ranking = (results.results?.ideas ?? []).filter((r) => textOf.has(r.ideaId));
  const [topN, setTopN] = useState(String(Math.min(5, Math.max(2, ranking.length - 1))));
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const n = Number(topN);
  const valid = Number.isInteger(n) && n >= 2 && n <= 200;
  const start = (pick: { topN: number } | { ideaIds: string[] }) =>
    showingRefusal(onError)(sendCommand('round:start', { questionId, ...pick }));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };
  if (ranking.length < 2) return null;
  return (
    <fieldset className="fieldset-plain stack">
      <legend className="label">{t.roundAgain}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor={`${ids}-n`}>{t.roundAgainTopN}</label>
          <input
            id={`${ids}-n`}
            type="number"
            min={2}
            max={200}
            value={topN}
            onChange={(e) => setTopN(e.target.value)}
            style={{ width: '6rem' }}
            aria-describedby={`${ids}-h`}
          />
        </div>
        <button
          type="button"
          className="btn btn--small"
          disabled={!valid}
          onClick={() => start({ topN: n })}
        >
          {t.roundAgainStart(valid ? n : 2)}
        </button>
      </div>
      <p id={`${ids}-h`} className="muted small">
        {t.roundAgainHint}
      </p>
      <details className="round-pick">
        <summary>{t.roundPickSummary}</summary>
        <ul className="round-pick__list">
          {ranking.map((r) => (
            <li key={r.ideaId}>
              <label className="checkbox small">
                <input
                  type="checkbox"
                  checked={picked.has(r.ideaId)}
                  onChange={(e) => toggle(r.ideaId, e.target.checked)}
                />
                <span>
                  {r.rank}. {textOf.get(r.ideaId)} ({t.votesCount(r.votes)})
                </span>
              </label>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={picked.size < 2}
          onClick={() => start({ ideaIds: [...picked] })}
        >
          {t.roundPickStart(picked.size)}
        </button>
      </details>
    </fieldset>
  );
}
