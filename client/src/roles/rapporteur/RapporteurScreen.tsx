import {
  type BoardQuestion,
  type BoardSnapshot,
  clustersOf,
  groupByCluster,
  ideasOf,
  latestResultsOf,
  notesText,
} from '@convene/shared';
import { useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { downloadFile } from '../../net/api.ts';
import { currentConnection, useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { IdeaCard } from '../../ui/IdeaCard.tsx';
import { PhaseBadge } from '../../ui/PhaseBadge.tsx';
import { ResultsView } from '../../ui/ResultsView.tsx';
import { SharedTextArea } from '../../ui/SharedTextArea.tsx';
import { TopBar } from '../../ui/TopBar.tsx';
import { NoToken } from '../facilitator/FacilitatorScreen.tsx';
import { useRoleConnection } from '../useRoleConnection.ts';

/** The rapporteur's view: every question and idea, live, with shared notes per question. */
export function RapporteurScreen({ workshopId }: { workshopId: string }) {
  const token = useRoleConnection('rapporteur', workshopId);
  const board = useWorkshop((s) => s.board);
  const synced = useWorkshop((s) => s.synced);
  const [error, setError] = useState<string | null>(null);
  if (!token) return <NoToken />;

  const exportJson = async () => {
    setError(null);
    try {
      await downloadFile(
        `/api/workshops/${encodeURIComponent(workshopId)}/export?format=json`,
        token,
        'workshop.json',
      );
    } catch {
      setError(t.exportFailed);
    }
  };

  return (
    <>
      <TopBar title={board?.workshop.title || t.loading}>
        <button type="button" className="btn btn--secondary" onClick={exportJson}>
          {t.exportJson}
        </button>
      </TopBar>
      <ConnectionBanner />
      <main className="page stack">
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        {!board || !synced ? (
          <p aria-busy="true">{t.connecting}</p>
        ) : (
          board.questions.map((q, i) => (
            <QuestionPanel key={q.id} board={board} question={q} index={i} />
          ))
        )}
      </main>
    </>
  );
}

function QuestionPanel({
  board,
  question,
  index,
}: {
  board: BoardSnapshot;
  question: BoardQuestion;
  index: number;
}) {
  const doc = currentConnection()?.doc;
  const text = doc ? notesText(doc, question.id) : null;
  const headingId = `q-${question.id}`;
  const ideas = ideasOf(board, question.id);
  const results = latestResultsOf(board, question.id);
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <div className="row">
        <span className="muted small">{t.fieldPrompt(index + 1)}</span>
        <PhaseBadge phase={question.phase} />
        <span className="muted small">{t.ideasCount(ideas.length)}</span>
      </div>
      <h2 id={headingId}>{question.prompt}</h2>
      <div className="grid-2">
        <div className="stack">
          {ideas.length === 0 ? <p className="muted">{t.noIdeasYet}</p> : null}
          {groupByCluster(board, question.id)
            .filter((g) => g.ideas.length > 0)
            .map((g) => (
              <div key={g.cluster?.id ?? 'none'} className="stack">
                {g.cluster ? <h3>{g.cluster.label}</h3> : null}
                <ul className="idea-list">
                  {g.ideas.map((i) => (
                    <IdeaCard key={i.id} text={i.text} actor={i.actor} nextStep={i.nextStep} />
                  ))}
                </ul>
              </div>
            ))}
          {results ? (
            <div className="stack">
              <h3>
                {t.results} — {t.round(results.number)}
              </h3>
              <ResultsView
                round={results}
                ideas={ideas}
                clusters={clustersOf(board, question.id)}
              />
            </div>
          ) : null}
        </div>
        {text ? (
          <div className="field">
            <label htmlFor={`notes-${question.id}`}>{t.notes}</label>
            <SharedTextArea
              text={text}
              id={`notes-${question.id}`}
              rows={8}
              describedBy={`notes-hint-${question.id}`}
            />
            <span id={`notes-hint-${question.id}`} className="hint">
              {t.notesHint}
            </span>
          </div>
        ) : null}
      </div>
    </section>
  );
}
