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
import { NoToken } from '../../ui/NoToken.tsx';
import { PanelBoundary } from '../../ui/PanelBoundary.tsx';
import { QrCode } from '../../ui/QrCode.tsx';
import { ResultsView } from '../../ui/ResultsView.tsx';
import { roundLabel } from '../../ui/RoundLabel.tsx';
import { ScreenBoundary } from '../../ui/ScreenBoundary.tsx';
import { TimerDisplay } from '../../ui/TimerDisplay.tsx';
import { useAutoFit } from '../../ui/useAutoFit.ts';
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
  const wallRef = useRef<HTMLUListElement>(null);
  const clusterRef = useRef<HTMLDivElement>(null);
  // Clusters show as they form, empty ones too; the unclustered rest only while it has ideas.
  const groups = groupByCluster(board, question.id).filter((g) => g.cluster || g.ideas.length > 0);
  const clustered = groups.some((g) => g.cluster);
  // Re-fit whenever the ideas or their grouping change.
  const layoutKey = `${question.phase}|${ideas.map((i) => `${i.id}:${i.clusterId}:${i.text.length}`).join(',')}|${board.clusters.length}`;
  // The wall: the newest `shown` ideas. A big board is measured from a sample of its newest
  // ideas, never by laying out every card.
  const shown = useAutoFit(wallRef, layoutKey, {
    lowest: Math.min(1, ideas.length),
    highest: ideas.length,
    first: ideas.length <= WALL_SAMPLE ? Number.POSITIVE_INFINITY : WALL_SAMPLE,
    estimate: newestThatFit,
  });
  const more = ideas.length - shown;
  // Once the wall has left ideas out, its note keeps its row (blank if all fit again): the
  // wall's box then does not change with the note, so the fit never chases its own note.
  const [noteRow, setNoteRow] = useState(false);
  if (more > 0 && !noteRow) setNoteRow(true);
  // The cluster wall: every group with its newest `perGroup` ideas; below zero, only the first
  // groups (labels alone) — see clusterView.
  // A loop, not Math.max(...list): spreading a list of thousands of groups overflows the stack.
  const largest = groups.reduce((n, g) => Math.max(n, g.ideas.length), 0);
  const clusterLevel = useAutoFit(clusterRef, layoutKey, {
    lowest: 1 - groups.length,
    highest: largest,
    first:
      ideas.length <= WALL_SAMPLE
        ? Number.POSITIVE_INFINITY
        : Math.max(1, Math.floor(WALL_SAMPLE / groups.length)),
  });
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
  if (clustered) {
    const view = clusterView(groups, clusterLevel);
    return (
      <div ref={clusterRef} className="projector__main cluster-wall">
        {view.groups.map((g) => (
          <section key={g.cluster?.id ?? 'none'} className="cluster-wall__group">
            <h2 className="cluster-wall__label">{g.cluster?.label ?? t.unclustered}</h2>
            <ul className="cluster-wall__ideas">
              {g.ideas.map((i) => (
                <li key={i.id} className="wall__idea">
                  {i.text}
                </li>
              ))}
            </ul>
            {g.hidden > 0 ? (
              <p className="cluster-wall__more" data-more={g.hidden}>
                {t.moreInCluster(g.hidden)}
              </p>
            ) : null}
          </section>
        ))}
        {view.hiddenGroups > 0 ? (
          <p className="cluster-wall__more" data-more-groups={view.hiddenGroups}>
            {t.moreClusters(view.hiddenGroups)}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="projector__main wall-frame">
      <ul ref={wallRef} className="wall" aria-live="polite" aria-label={t.ideasSoFar}>
        {(more > 0 ? ideas.slice(more) : ideas).map((i) => (
          <li key={i.id} className="wall__idea">
            {i.text}
          </li>
        ))}
      </ul>
      {more > 0 ? (
        <p className="wall__more" data-more={more}>
          {t.moreIdeas(more)}
        </p>
      ) : noteRow ? (
        <p className="wall__more wall__more--blank" aria-hidden="true">
          {'\u00a0'}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Ideas laid out to measure a big wall: more than fit at the smallest size on a 16:9 screen
 * when ideas are a sentence or two (about 70 of 100–130 characters), few enough to lay out in a
 * few milliseconds; if they all fit, the fit tries twice as many. Boards up to this size render
 * every idea first, as they always did.
 */
const WALL_SAMPLE = 100;

/**
 * How many of the newest cards fit the wall, from one layout of `amount` of them (oldest first)
 * that overflowed at the smallest size. Columns fill top to bottom and a card that does not fit
 * under the last one starts the next column (break-inside: avoid), so the packing of any run of
 * the newest cards follows from their heights; the caller lays out the answer to check it.
 */
function newestThatFit(wall: HTMLElement, amount: number): number | null {
  const cards = [...wall.children].filter((c) => c instanceof HTMLElement);
  const first = cards[0];
  if (!first || cards.length !== amount) return null;
  const width = wall.clientWidth;
  const height = wall.clientHeight;
  const gap = Number.parseFloat(getComputedStyle(first).marginBottom) || 0;
  const columns = new Set(
    cards.filter((c) => c.offsetLeft + c.offsetWidth <= width + 1).map((c) => c.offsetLeft),
  ).size;
  const heights = cards.map((c) => c.offsetHeight);
  const fitsFrom = (start: number) => {
    let column = 1;
    let y = 0;
    for (let i = start; i < heights.length; i++) {
      const h = heights[i] as number;
      if (y > 0 && y + h > height + 1) {
        column++;
        y = 0;
      }
      if (column > columns || h > height + 1) return false;
      y += h + gap;
    }
    return true;
  };
  // The fewer the cards, the fewer the columns they need: the first start that fits.
  let lo = 0;
  let hi = heights.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fitsFrom(mid)) hi = mid;
    else lo = mid + 1;
  }
  return heights.length - lo;
}

type Group = ReturnType<typeof groupByCluster>[number];

/**
 * What the cluster wall shows at a fitted `level`: from 0 up, every group with its newest `level`
 * ideas and a count of the rest; below 0, only the first groups, labels alone, and a count of
 * the others (hundreds of clusters).
 */
function clusterView(groups: readonly Group[], level: number) {
  const perGroup = Math.max(0, level);
  const visible = level < 0 ? groups.slice(0, groups.length + level) : groups;
  return {
    groups: visible.map((g) => ({
      cluster: g.cluster,
      ideas: g.ideas.length > perGroup ? g.ideas.slice(g.ideas.length - perGroup) : g.ideas,
      hidden: Math.max(0, g.ideas.length - perGroup),
    })),
    hiddenGroups: groups.length - visible.length,
  };
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
