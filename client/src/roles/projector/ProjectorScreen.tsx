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
import { useEffect, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { ContestBadge } from '../../ui/ContestMark.tsx';
import { LanguagePicker } from '../../ui/LanguagePicker.tsx';
import { LensMarkers, lensSignature } from '../../ui/lenses/LensMarkers.tsx';
import { NoToken } from '../../ui/NoToken.tsx';
import { OriginMark, originSignature } from '../../ui/OriginMark.tsx';
import { PagedWall } from '../../ui/PagedWall.tsx';
import { PanelBoundary } from '../../ui/PanelBoundary.tsx';
import { QrCode } from '../../ui/QrCode.tsx';
import { ResultsView } from '../../ui/ResultsView.tsx';
import { roundLabel } from '../../ui/RoundLabel.tsx';
import { ScreenBoundary } from '../../ui/ScreenBoundary.tsx';
import { TimerDisplay } from '../../ui/TimerDisplay.tsx';
import { useRoleConnection } from '../useRoleConnection.ts';

/** The room's screen: read-only, legible from the back, never anything attributable. */
export function ProjectorScreen({ workshopId }: { workshopId: string }) {
  return (
    <ScreenBoundary name="projector screen">
      <Projector workshopId={workshopId} />
    </ScreenBoundary>
  );
}

function Projector({ workshopId }: { workshopId: string }) {
  const token = useRoleConnection('projector', workshopId);
  const board = useWorkshop((s) => s.board);
  const participants = useWorkshop((s) => s.participants);
  const [light, setLight] = useState(false);
  const idle = useIdle();

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
      className={`projector ${light ? 'projector--light' : ''} ${dense ? 'projector--dense' : ''} ${idle ? 'projector--idle' : ''}`}
    >
      <ConnectionBanner />
      {!board || !question ? (
        <p aria-busy="true">{t.connecting}</p>
      ) : (
        <>
          {/* The question, the join panel and the wall fail alone: the room keeps the rest. */}
          <PanelBoundary name="question" resetKey={board} className="projector__head">
            <header className="projector__head">
              <p className="projector__title">{board.workshop.title}</p>
              <h1 className="projector__question">{question.prompt}</h1>
              <div className="projector__phase" aria-live="polite">
                <span className="badge">{t.phase[question.phase]}</span>
                <span>{t.ideasCount(ideas.length)}</span>
                <RoundBadge board={board} question={question} />
                <PanelBoundary name="timer" resetKey={board} inline>
                  <TimerDisplay
                    timer={board.timer}
                    question={question}
                    className="projector__timer"
                  />
                </PanelBoundary>
              </div>
            </header>
          </PanelBoundary>
          <PanelBoundary name="join" resetKey={board} className="projector__side">
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
          </PanelBoundary>
          <PanelBoundary name="wall" resetKey={board} className="projector__main">
            {/* A question of its own starts a new fit (from a sample, not every card). */}
            <ProjectorBody
              key={question.id}
              board={board}
              question={question}
              participants={participants}
            />
          </PanelBoundary>
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
  // Clusters show as they form, empty ones too; the unclustered rest only while it has ideas.
  const groups = groupByCluster(board, question.id).filter((g) => g.cluster || g.ideas.length > 0);
  const clustered = groups.some((g) => g.cluster);
  // Re-lay out whenever the ideas or their grouping change.
  const layoutKey = `${question.phase}|${ideas.map((i) => `${i.id}:${i.clusterId}:${i.text.length}:${lensSignature(i)}:${originSignature(i.origins)}`).join(',')}|${groups.map((g) => `${g.cluster?.id}:${g.cluster?.label.length}`).join(',')}|${JSON.stringify(board.workshop.lenses)}`;
  // An idea on the wall with its lens markers (small, under the text).
  const wallNode = (i: (typeof ideas)[number]) => (
    <>
      {i.text}
      <OriginMark origins={i.origins} wall />
      <LensMarkers idea={i} lenses={board.workshop.lenses} wall />
    </>
  );
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
        <OriginMark origins={spotIdea.origins} />
        <LensMarkers idea={spotIdea} lenses={board.workshop.lenses} wall />
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
        {/* Points of debate (issue 13) reach the wall only with the facilitator's spotlight. */}
        {spotIdea.contested ? <ContestBadge note={spotIdea.contestNote} /> : null}
      </section>
    );
  }
  if (spotCluster) {
    return (
      <section className="projector__main spotlight" aria-live="polite" aria-label={t.spotlight}>
        <h2 className="spotlight__title">{spotCluster.label}</h2>
        {spotCluster.contested ? <ContestBadge note={spotCluster.contestNote} /> : null}
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
    const shortlist = results.candidates;
    return (
      <section className="projector__main projector__results" aria-label={t.results}>
        <h2 className="projector__results-head">
          {t.results} — {t.round(results.number)}
          {results.number > 1 && shortlist ? ` · ${t.shortlistOf(shortlist.length)}` : ''}
        </h2>
        <ResultsView
          round={results}
          ideas={ideas}
          clusters={clustersOf(board, question.id)}
          variant="projector"
          pageMs={PAGE_MS}
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
  if (clustered) {
    // Themes page like the wall (a theme too long for a column goes on in the next one).
    return (
      <PagedWall
        key="clusters"
        className="projector__main cluster-wall"
        variant="clusters"
        label={t.clusterTotals}
        mode="page"
        pageMs={PAGE_MS}
        columnEm={14}
        gapEm={0.8}
        layoutKey={layoutKey}
        blocks={groups.map((g) => ({
          key: g.cluster?.id ?? 'none',
          heading: g.cluster?.label ?? t.unclustered,
          items: g.ideas.map((i) => ({ key: i.id, node: wallNode(i) })),
        }))}
      />
    );
  }
  return (
    <PagedWall
      key="wall"
      className="projector__main wall"
      variant="ideas"
      label={t.ideasSoFar}
      mode={board.wallMode}
      pageMs={PAGE_MS}
      columnEm={12}
      gapEm={0.5}
      layoutKey={layoutKey}
      blocks={[
        {
          key: 'ideas',
          heading: null,
          items: ideas.map((i) => ({ key: i.id, node: wallNode(i) })),
        },
      ]}
    />
  );
}

/**
 * How long each page of a wall too big for one screen shows: long enough to read a page from
 * the back of the room. `?pageMs=` shortens it (tests, rehearsals), never below half a second.
 */
const PAGE_MS = (() => {
  const asked = Number(new URLSearchParams(location.search).get('pageMs'));
  return Number.isFinite(asked) && asked >= 500 ? asked : 13_000;
})();

/** Seconds without the mouse after which the screen's own controls leave the room's view. */
const IDLE_MS = 3000;

/**
 * Whether the projector is being watched rather than operated: in full screen, or the mouse
 * has not moved for a few seconds. A mouse move brings the controls back (keyboard focus does
 * too, in CSS), so the one who operates the screen never hunts for them.
 */
function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let timer = 0;
    const wake = () => {
      setIdle(false);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setIdle(true), IDLE_MS);
    };
    const onFullscreen = () => {
      if (!document.fullscreenElement) return wake();
      window.clearTimeout(timer);
      setIdle(true);
    };
    wake();
    window.addEventListener('mousemove', wake);
    window.addEventListener('pointerdown', wake);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('mousemove', wake);
      window.removeEventListener('pointerdown', wake);
      document.removeEventListener('fullscreenchange', onFullscreen);
    };
  }, []);
  return idle;
}

async function toggleFullscreen(): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch {
    // Some browsers refuse without a user gesture; the button is the fallback.
  }
}

/** "Round 2 — shortlist of 5" while a later round is voted on or its results are shown. */
function RoundBadge({ board, question }: { board: BoardSnapshot; question: BoardQuestion }) {
  const round =
    question.phase === 'vote'
      ? openRoundOf(board, question.id)
      : question.phase === 'results' || question.phase === 'closed'
        ? latestResultsOf(board, question.id)
        : null;
  const text = round ? roundLabel(round) : null;
  return text ? <span className="badge">{text}</span> : null;
}
