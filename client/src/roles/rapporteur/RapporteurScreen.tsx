import { type BoardQuestion, notesText } from '@convene/shared';
import { useState } from 'react';
import { t } from '../../i18n/messages.ts';
import { downloadFile } from '../../net/api.ts';
import { currentConnection, useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { IdeaCard } from '../../ui/IdeaCard.tsx';
import { PhaseBadge } from '../../ui/PhaseBadge.tsx';
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
            <QuestionPanel
              key={q.id}
              question={q}
              index={i}
              ideas={board.ideas.filter((idea) => idea.questionId === q.id)}
            />
          ))
        )}
      </main>
    </>
  );
}

function QuestionPanel({
  question,
  index,
  ideas,
}: {
  question: BoardQuestion;
  index: number;
  ideas: { id: string; text: string; actor: string | null; nextStep: string | null }[];
}) {
  const doc = currentConnection()?.doc;
  const text = doc ? notesText(doc, question.id) : null;
  const headingId = `q-${question.id}`;
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <div className="row">
        <span className="muted small">{t.fieldPrompt(index + 1)}</span>
        <PhaseBadge phase={question.phase} />
        <span className="muted small">{t.ideasCount(ideas.length)}</span>
      </div>
      <h2 id={headingId}>{question.prompt}</h2>
      <div className="grid-2">
        <div>
          {ideas.length === 0 ? (
            <p className="muted">{t.noIdeasYet}</p>
          ) : (
            <ul className="idea-list">
              {ideas.map((i) => (
                <IdeaCard key={i.id} text={i.text} actor={i.actor} nextStep={i.nextStep} />
              ))}
            </ul>
          )}
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
