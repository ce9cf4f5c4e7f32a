import { canSubmitIdea, currentQuestion, LIMITS } from '@convene/shared';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { t } from '../../i18n/messages.ts';
import {
  flushMyIdeas,
  loadMyIdeas,
  type MyIdea,
  submitMyIdea,
  useMyIdeas,
} from '../../stores/myIdeasStore.ts';
import { useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { IdeaCard } from '../../ui/IdeaCard.tsx';
import { PhaseBadge } from '../../ui/PhaseBadge.tsx';
import { TopBar } from '../../ui/TopBar.tsx';
import { useRoleConnection } from '../useRoleConnection.ts';

/** A participant's phone or laptop: the question, what to do now, the idea form, own ideas. */
export function ParticipantScreen({ workshopId }: { workshopId: string }) {
  const token = useRoleConnection('participant', workshopId);
  const board = useWorkshop((s) => s.board);
  const status = useWorkshop((s) => s.status);
  useEffect(() => loadMyIdeas(workshopId), [workshopId]);
  useEffect(() => {
    if (status === 'online') void flushMyIdeas();
  }, [status]);

  if (!token) {
    return (
      <main className="page page--narrow">
        <p>
          <a href="/join">{t.joinTitle}</a>
        </p>
      </main>
    );
  }
  const question = board ? currentQuestion(board) : null;
  const index = question && board ? board.questions.findIndex((q) => q.id === question.id) : -1;
  const roomIdeas =
    board && question ? board.ideas.filter((i) => i.questionId === question.id) : [];

  return (
    <>
      <TopBar title={board?.workshop.title || t.loading} />
      <ConnectionBanner />
      <main className="page page--narrow stack">
        {!board || !question ? (
          <p aria-busy="true">{t.connecting}</p>
        ) : (
          <>
            <section className="card stack" aria-labelledby="q-h">
              <div className="row">
                <span className="muted small">
                  {t.questionOf(index + 1, board.questions.length)}
                </span>
                <PhaseBadge phase={question.phase} />
              </div>
              <h2 id="q-h">{question.prompt}</h2>
              <p className="muted" aria-live="polite">
                {question.phase === 'lobby'
                  ? t.waitingToStart
                  : canSubmitIdea(question.phase)
                    ? t.submitOpen
                    : t.notCollecting}
              </p>
              {canSubmitIdea(question.phase) ? <IdeaForm questionId={question.id} /> : null}
            </section>
            <MyIdeas questionId={question.id} />
            {roomIdeas.length > 0 ? (
              <section className="card stack" aria-labelledby="room-h">
                <h2 id="room-h">
                  {t.ideasSoFar}{' '}
                  <span className="muted small">({t.ideasCount(roomIdeas.length)})</span>
                </h2>
                <ul className="idea-list">
                  {roomIdeas.map((i) => (
                    <IdeaCard key={i.id} text={i.text} actor={i.actor} nextStep={i.nextStep} />
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        )}
      </main>
    </>
  );
}

const draftKey = (questionId: string) => `convene:draft:${questionId}`;

function IdeaForm({ questionId }: { questionId: string }) {
  const ids = useId();
  const [draft, setDraft] = useState(() => {
    try {
      return JSON.parse(localStorage.getItem(draftKey(questionId)) ?? '') as {
        text: string;
        actor: string;
        nextStep: string;
      };
    } catch {
      return { text: '', actor: '', nextStep: '' };
    }
  });
  // Drafts survive a reload or a flat battery.
  useEffect(() => {
    localStorage.setItem(draftKey(questionId), JSON.stringify(draft));
  }, [draft, questionId]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.text.trim()) return;
    submitMyIdea({ questionId, ...draft });
    setDraft({ text: '', actor: '', nextStep: '' });
  };
  const left = LIMITS.ideaText - draft.text.length;
  return (
    <form className="stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${ids}-text`}>{t.yourIdea}</label>
        <textarea
          id={`${ids}-text`}
          required
          rows={3}
          maxLength={LIMITS.ideaText}
          value={draft.text}
          aria-describedby={`${ids}-left`}
          onChange={(e) => setDraft({ ...draft, text: e.target.value })}
        />
        <span id={`${ids}-left`} className="hint">
          {t.charsLeft(left)}
        </span>
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${ids}-actor`}>{t.actor}</label>
          <input
            id={`${ids}-actor`}
            type="text"
            maxLength={LIMITS.ideaActor}
            placeholder={t.actorHint}
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-next`}>{t.nextStep}</label>
          <input
            id={`${ids}-next`}
            type="text"
            maxLength={LIMITS.ideaNextStep}
            placeholder={t.nextStepHint}
            value={draft.nextStep}
            onChange={(e) => setDraft({ ...draft, nextStep: e.target.value })}
          />
        </div>
      </div>
      <div>
        <button type="submit" className="btn" disabled={!draft.text.trim()}>
          {t.submit}
        </button>
      </div>
    </form>
  );
}

const stateLabel: Record<MyIdea['status'], string> = {
  waiting: t.waiting,
  sending: t.sending,
  saved: t.saved,
  failed: t.failed,
};

function MyIdeas({ questionId }: { questionId: string }) {
  const all = useMyIdeas((s) => s.ideas);
  const mine = all.filter((i) => i.questionId === questionId);
  if (mine.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="mine-h">
      <h2 id="mine-h">{t.yourIdeas}</h2>
      <ul className="idea-list" aria-live="polite">
        {mine.map((i) => (
          <IdeaCard key={i.commandId} text={i.text} actor={i.actor} nextStep={i.nextStep}>
            <p className={`idea__state idea__state--${i.status}`}>
              {stateLabel[i.status]}
              {i.error ? ` — ${i.error}` : ''}
            </p>
          </IdeaCard>
        ))}
      </ul>
    </section>
  );
}
