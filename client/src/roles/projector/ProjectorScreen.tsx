import {
  type BoardQuestion,
  type BoardSnapshot,
  clustersOf,
  currentQuestion,
  formatJoinCode,
  groupByCluster,
  ideasOf,
  latestResultsOf,
  openRoundOf,
} from '@convene/shared';
import { useEffect, useRef, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { LanguagePicker } from '../../ui/LanguagePicker.tsx';
import { QrCode } from '../../ui/QrCode.tsx';
import { ResultsView } from '../../ui/ResultsView.tsx';
import { TimerDisplay } from '../../ui/TimerDisplay.tsx';
import { useAutoFit } from '../../ui/useAutoFit.ts';
import { NoToken } from '../facilitator/FacilitatorScreen.tsx';
import { useRoleConnection } from '../useRoleConnection.ts';

/** The room's screen: read-only, legible from the back, never anything attributable. */
export function ProjectorScreen({ workshopId }: { workshopId: string }) {
  const token = useRoleConnection('projector', workshopId);
  const board = useWorkshop((s) => s.board);
  const participants = useWorkshop((s) => s.participants);
  const [light, setLight] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'f' || e.key === 'F') void toggleFullscreen();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!token) return <NoToken />;
  const question = board ? currentQuestion(board) : null;
  const ideas = board && question ? ideasOf(board, question.id) : [];
  const joinUrl = board ? `${location.origin}/join/${board.workshop.joinCode}` : '';
  // A full wall leaves more room to the ideas: a smaller question and join panel.
  const dense = ideas.length > 24;

  return (
    <div
      className={`projector ${light ? 'projector--light' : ''} ${dense ? 'projector--dense' : ''}`}
    >
      <ConnectionBanner />
      {!board || !question ? (
        <p aria-busy="true">{t.connecting}</p>
      ) : (
        <>
          <header className="projector__head">
            <p className="projector__title">{board.workshop.title}</p>
            <h1 className="projector__question">{question.prompt}</h1>
            <div className="projector__phase" aria-live="polite">
              <span className="badge">{t.phase[question.phase]}</span>
              <span>{t.ideasCount(ideas.length)}</span>
              <TimerDisplay timer={board.timer} className="projector__timer" />
            </div>
          </header>
          <aside className="projector__side" aria-label={t.joinCode}>
            <div className="projector__join">
              <div>{t.joinAt}</div>
              {/* People type the short address and then the code; the QR carries both. */}
              <div className="projector__url">{`${location.host}/join`}</div>
              <p className="projector__code">
                <span className="visually-hidden">{t.joinCode}: </span>
                {formatJoinCode(board.workshop.joinCode)}
              </p>
              <div className="projector__qr">
                <QrCode value={joinUrl} label={t.qrAlt(joinUrl)} />
              </div>
            </div>
            <p className="projector__count" aria-live="polite">
              {t.participantsConnected(participants)}
            </p>
            <div className="projector__tools">
              <button
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => void toggleFullscreen()}
              >
                {t.fullScreen}
              </button>
              <button
                type="button"
                className="btn btn--secondary btn--small"
                aria-pressed={light}
                onClick={() => setLight((v) => !v)}
              >
                {t.lightTheme}
              </button>
              <LanguagePicker className="projector__language" />
            </div>
          </aside>
          <ProjectorBody board={board} question={question} participants={participants} />
        </>
      )}
    </div>
  );
}

/** What fills the wall, by phase: never a tally before results, never anything hidden. */
function ProjectorBody({
  board,
  question,
  participants,
}: {
  board: BoardSnapshot;
  question: BoardQuestion;
  participants: number;
}) {
  const ideas = ideasOf(board, question.id);
  const results = latestResultsOf(board, question.id);
  const round = openRoundOf(board, question.id);
  const wallRef = useRef<HTMLUListElement>(null);
  const clusterRef = useRef<HTMLDivElement>(null);
  // Re-fit whenever the ideas or their grouping change.
  const layoutKey = `${question.phase}|${ideas.map((i) => `${i.id}:${i.clusterId}:${i.text.length}`).join(',')}|${board.clusters.length}`;
  useAutoFit(wallRef, layoutKey);
  useAutoFit(clusterRef, layoutKey);
  const spot = board.spotlight;
  const spotIdea = spot?.kind === 'idea' ? ideas.find((i) => i.id === spot.id) : undefined;
  const spotCluster =
    spot?.kind === 'cluster'
      ? clustersOf(board, question.id).find((c) => c.id === spot.id)
      : undefined;
  if (spotIdea) {
    return (
      <section className="projector__main spotlight" aria-live="polite" aria-label={t.spotlight}>
        <p className="spotlight__text">{spotIdea.text}</p>
        {spotIdea.actor ? (
          <p className="spotlight__meta">
            {t.actor}: {spotIdea.actor}
          </p>
        ) : null}
        {spotIdea.nextStep ? (
          <p className="spotlight__meta">
            {t.nextStep}: {spotIdea.nextStep}
          </p>
        ) : null}
      </section>
    );
  }
  if (spotCluster) {
    return (
      <section className="projector__main spotlight" aria-live="polite" aria-label={t.spotlight}>
        <h2 className="spotlight__title">{spotCluster.label}</h2>
        <ul className="spotlight__list">
          {ideas
            .filter((i) => i.clusterId === spotCluster.id)
            .map((i) => (
              <li key={i.id}>{i.text}</li>
            ))}
        </ul>
      </section>
    );
  }
  if ((question.phase === 'results' || question.phase === 'closed') && results) {
    return (
      <section className="projector__main" aria-label={t.results}>
        <ResultsView
          round={results}
          ideas={ideas}
          clusters={clustersOf(board, question.id)}
          variant="projector"
          limit={10}
        />
      </section>
    );
  }
  if (question.phase === 'vote' && round) {
    const total = Math.max(participants, round.votersStarted);
    return (
      <section className="projector__main projector__progress" aria-live="polite">
        <p className="projector__big">
          {round.votersDone} / {total}
        </p>
        <p>{t.voteProgress(round.votersDone, total)}</p>
        <p className="projector__hint">{t.voteSecret}</p>
      </section>
    );
  }
  if (question.phase === 'submit' && question.mode === 'hidden') {
    return (
      <section className="projector__main projector__progress" aria-live="polite">
        <p className="projector__big">{question.hiddenCount + ideas.length}</p>
        <p>{t.ideasCount(question.hiddenCount + ideas.length)}</p>
        <p className="projector__hint">{t.modeHidden}</p>
      </section>
    );
  }
  if (ideas.length === 0) {
    return (
      <p className="projector__main wall__empty">
        {question.phase === 'lobby' ? t.waitingToStart : t.noIdeasYet}
      </p>
    );
  }
  // Clusters show as they form, empty ones too; the unclustered rest only while it has ideas.
  const groups = groupByCluster(board, question.id).filter((g) => g.cluster || g.ideas.length > 0);
  if (groups.some((g) => g.cluster)) {
    return (
      <div ref={clusterRef} className="projector__main cluster-wall">
        {groups.map((g) => (
          <section key={g.cluster?.id ?? 'none'} className="cluster-wall__group">
            <h2 className="cluster-wall__label">{g.cluster?.label ?? t.unclustered}</h2>
            <ul className="cluster-wall__ideas">
              {g.ideas.map((i) => (
                <li key={i.id} className="wall__idea">
                  {i.text}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    );
  }
  return (
    <ul ref={wallRef} className="projector__main wall" aria-live="polite" aria-label={t.ideasSoFar}>
      {ideas.map((i) => (
        <li key={i.id} className="wall__idea">
          {i.text}
        </li>
      ))}
    </ul>
  );
}

async function toggleFullscreen(): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch {
    // Some browsers refuse without a user gesture; the button is the fallback.
  }
}
