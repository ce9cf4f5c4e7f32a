import {
  type BoardQuestion,
  canTransition,
  clustersOf,
  currentQuestion,
  ideasOf,
  latestResultsOf,
  type NewLink,
  openRoundOf,
  PHASES,
  type Phase,
} from '@convene/shared';
import { useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { apiFetch } from '../../net/api.ts';
import { sendCommand, showingRefusal } from '../../net/commands.ts';
import { rememberToken, tokenKey } from '../../net/tokens.ts';
import { useServerNow } from '../../stores/clock.ts';
import { currentConnection, useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { ContestBadge } from '../../ui/ContestMark.tsx';
import { CopyField } from '../../ui/CopyField.tsx';
import { IdeaCard } from '../../ui/IdeaCard.tsx';
import { LensFilter, matchesLensFilter } from '../../ui/lenses/LensFilter.tsx';
import { LensMarkers } from '../../ui/lenses/LensMarkers.tsx';
import { NoToken } from '../../ui/NoToken.tsx';
import { PanelBoundary } from '../../ui/PanelBoundary.tsx';
import { PhaseBadge } from '../../ui/PhaseBadge.tsx';
import { ResultsView } from '../../ui/ResultsView.tsx';
import { roundLabel } from '../../ui/RoundLabel.tsx';
import { ScreenBoundary } from '../../ui/ScreenBoundary.tsx';
import { TimerDisplay } from '../../ui/TimerDisplay.tsx';
import { TopBar } from '../../ui/TopBar.tsx';
import { useRoleConnection } from '../useRoleConnection.ts';
import { BriefDetailsPanel } from './BriefDetailsPanel.tsx';
import { ClusterBoard } from './ClusterBoard.tsx';
import { IdeaActions } from './IdeaActions.tsx';
import { LensPanel } from './LensPanel.tsx';
import { ClusteringHelpToggle, useClusteringHelpOpen } from './SensePanel.tsx';
import { TimerControls } from './TimerControls.tsx';
import { RoundAgain, VotePanel } from './VotePanel.tsx';
import { WallModeControl } from './WallModeControl.tsx';

/** The facilitator's laptop: agenda, phase and timer controls, the board, links. */
export function FacilitatorScreen({ workshopId }: { workshopId: string }) {
  return (
    <ScreenBoundary name="facilitator screen">
      <Facilitator workshopId={workshopId} />
    </ScreenBoundary>
  );
}

function Facilitator({ workshopId }: { workshopId: string }) {
  const token = useRoleConnection('facilitator', workshopId);
  const board = useWorkshop((s) => s.board);
  const participants = useWorkshop((s) => s.participants);
  const [error, setError] = useState<string | null>(null);
  const [lensFilter, setLensFilter] = useState('');
  const now = useServerNow(10_000);
  const [helpOpen, setHelpOpen] = useClusteringHelpOpen();

  if (!token) return <NoToken />;
  const question = board ? currentQuestion(board) : null;
  const doc = currentConnection()?.doc;

  const run = showingRefusal(setError);
  const setPhase = (q: BoardQuestion, phase: Phase) =>
    run(sendCommand('phase:set', { questionId: q.id, phase }));

  const ideas = board && question ? ideasOf(board, question.id) : [];
  const openRound = board && question ? openRoundOf(board, question.id) : null;
  const results = board && question ? latestResultsOf(board, question.id) : null;
  const origin = location.origin;
  const onBoard = !!question && question.phase !== 'lobby' && question.phase !== 'submit';
  const actualMinutes = (q: BoardQuestion) =>
    Math.round((q.actualMs + (q.activeSince ? Math.max(0, now - q.activeSince) : 0)) / 60_000);

  return (
    <>
      <TopBar title={board?.workshop.title || t.loading}>
        {board ? (
          <PanelBoundary name="timer" resetKey={board} inline>
            <TimerDisplay timer={board.timer} question={question} />
          </PanelBoundary>
        ) : null}
        <span className="badge" aria-live="polite">
          {t.participantsConnected(participants)}
        </span>
      </TopBar>
      <ConnectionBanner />
      {!board || !question ? (
        <p className="page" aria-busy="true">
          {t.connecting}
        </p>
      ) : (
        <div className="facilitator">
          <aside className="stack">
            <PanelBoundary name="agenda" resetKey={board} className="card">
              <section className="card" aria-labelledby="agenda-h">
                <h2 id="agenda-h">{t.agenda}</h2>
                <ol className="agenda">
                  {board.questions.map((q, i) => (
                    <li key={q.id} className="agenda__item" aria-current={q.id === question.id}>
                      <p className="agenda__prompt">
                        <strong>{i + 1}.</strong> {q.prompt}
                      </p>
                      <div className="row">
                        <PhaseBadge phase={q.phase} />
                        <span className="muted small">
                          {t.plannedActual(q.plannedMinutes, actualMinutes(q))}
                        </span>
                        {q.id === question.id ? (
                          <span className="small">
                            <strong>{t.current}</strong>
                          </span>
                        ) : (
                          <button
                            type="button"
                            className="btn btn--secondary btn--small"
                            onClick={() => setPhase(q, q.phase)}
                            aria-label={`${t.makeCurrent}: ${t.fieldPrompt(i + 1)}`}
                          >
                            {t.makeCurrent}
                          </button>
                        )}
                      </div>
                    </li>
                  ))}
                </ol>
              </section>
            </PanelBoundary>
            <PanelBoundary name="links" resetKey={board} className="card">
              <section className="card stack" aria-labelledby="links-h">
                <h2 id="links-h">{t.links}</h2>
                <CopyField
                  label={t.linkParticipant}
                  value={`${origin}/join/${board.workshop.joinCode}`}
                />
                <RoleLink workshopId={workshopId} facilitatorToken={token} screen="projector" />
                <WallModeControl />
                <RoleLink workshopId={workshopId} facilitatorToken={token} screen="rapporteur" />
              </section>
            </PanelBoundary>
            {/* Issue 14 (brief data): what the meeting brief says about the workshop. */}
            <PanelBoundary name="brief details" resetKey={board} className="card">
              <BriefDetailsPanel workshopId={workshopId} token={token} />
            </PanelBoundary>
            <PanelBoundary name="lenses" resetKey={board} className="card">
              <section className="card" aria-label={t.lenses}>
                <LensPanel lenses={board.workshop.lenses} />
              </section>
            </PanelBoundary>
          </aside>
          <main className="stack">
            <PanelBoundary name="current question" resetKey={board} className="card">
              <section className="card stack" aria-labelledby="current-h">
                <div className="row">
                  <span className="muted small">
                    {t.questionOf(
                      board.questions.findIndex((q) => q.id === question.id) + 1,
                      board.questions.length,
                    )}
                  </span>
                  <PhaseBadge phase={question.phase} />
                  <span className="muted small">{t.ideasCount(ideas.length)}</span>
                  <span className="muted small">{t.submittedCount(question.submitters)}</span>
                </div>
                <h2 id="current-h">{question.prompt}</h2>
                <fieldset className="fieldset-plain stack">
                  <legend className="label">{t.setPhase}</legend>
                  <div className="phase-buttons">
                    {PHASES.map((p) => (
                      <button
                        key={p}
                        type="button"
                        className="btn btn--secondary btn--small"
                        aria-pressed={question.phase === p}
                        disabled={!canTransition(question.phase, p)}
                        onClick={() => setPhase(question, p)}
                      >
                        {t.phase[p]}
                      </button>
                    ))}
                  </div>
                </fieldset>
                <div className="grid-2">
                  <fieldset className="fieldset-plain stack">
                    <legend className="label">{t.submissionMode}</legend>
                    <label className="checkbox small">
                      <input
                        type="radio"
                        name="mode"
                        checked={question.mode === 'open'}
                        onChange={() =>
                          run(
                            sendCommand('question:mode', { questionId: question.id, mode: 'open' }),
                          )
                        }
                      />
                      <span>{t.modeOpen}</span>
                    </label>
                    <label className="checkbox small">
                      <input
                        type="radio"
                        name="mode"
                        checked={question.mode === 'hidden'}
                        onChange={() =>
                          run(
                            sendCommand('question:mode', {
                              questionId: question.id,
                              mode: 'hidden',
                            }),
                          )
                        }
                      />
                      <span>{t.modeHidden}</span>
                    </label>
                    {question.hiddenCount > 0 ? (
                      <div>
                        <button
                          type="button"
                          className="btn btn--small"
                          onClick={() =>
                            run(sendCommand('ideas:reveal', { questionId: question.id }))
                          }
                        >
                          {t.reveal(question.hiddenCount)}
                        </button>
                      </div>
                    ) : null}
                  </fieldset>
                  <PanelBoundary name="timer controls" resetKey={board}>
                    <TimerControls
                      // A new question prefills its own planned minutes.
                      key={question.id}
                      timer={board.timer}
                      question={question}
                      defaultMinutes={
                        question.plannedMinutes ? Math.min(question.plannedMinutes, 15) : 5
                      }
                      onError={setError}
                    />
                  </PanelBoundary>
                </div>
                {error ? (
                  <p className="error-text" role="alert">
                    {error}
                  </p>
                ) : null}
              </section>
            </PanelBoundary>
            {question.phase === 'cluster' || question.phase === 'vote' ? (
              <PanelBoundary name="voting" resetKey={board} className="card">
                <section className="card stack" aria-labelledby="vote-h">
                  <h2 id="vote-h">{t.voting}</h2>
                  <VotePanel
                    question={question}
                    workshop={board.workshop}
                    open={openRound}
                    participants={participants}
                  />
                </section>
              </PanelBoundary>
            ) : null}
            {results && (question.phase === 'results' || question.phase === 'closed') ? (
              <PanelBoundary name="results" resetKey={board} className="card">
                <section className="card stack" aria-labelledby="results-h">
                  <h2 id="results-h">
                    {t.results} — {t.round(results.number)}
                  </h2>
                  {roundLabel(results) ? <p className="muted">{roundLabel(results)}</p> : null}
                  <ResultsView
                    round={results}
                    ideas={ideas}
                    clusters={clustersOf(board, question.id)}
                  />
                  {question.phase === 'results' ? (
                    <RoundAgain
                      questionId={question.id}
                      results={results}
                      ideas={ideas}
                      onError={setError}
                    />
                  ) : null}
                </section>
              </PanelBoundary>
            ) : null}
          </main>
          {onBoard ? null : (
            // The whole width, several columns, one line of actions per card: the collecting
            // view stays a few screens long at 80 ideas.
            <PanelBoundary name="ideas" resetKey={board} className="card facilitator__board">
              <section className="card stack facilitator__board" aria-labelledby="ideas-h">
                <h2 id="ideas-h">{t.ideasSoFar}</h2>
                {question.hiddenCount > 0 ? (
                  <p className="muted">{t.hiddenWaiting(question.hiddenCount)}</p>
                ) : null}
                {ideas.length === 0 ? (
                  <p className="muted">{t.noIdeasYet}</p>
                ) : (
                  <>
                    <div className="row">
                      <LensFilter
                        ideas={ideas}
                        lenses={board.workshop.lenses}
                        value={lensFilter}
                        onChange={setLensFilter}
                      />
                      {lensFilter ? (
                        <span className="muted small" aria-live="polite">
                          {t.showingOf(
                            ideas.filter((i) =>
                              matchesLensFilter(i, lensFilter, board.workshop.lenses),
                            ).length,
                            ideas.length,
                          )}
                        </span>
                      ) : null}
                    </div>
                    <ul className="idea-list idea-list--grid" aria-live="polite">
                      {ideas
                        .filter((i) => matchesLensFilter(i, lensFilter, board.workshop.lenses))
                        .map((i) => (
                          <IdeaCard
                            key={i.id}
                            text={i.text}
                            actor={i.actor}
                            nextStep={i.nextStep}
                            origins={i.origins}
                          >
                            <LensMarkers idea={i} lenses={board.workshop.lenses} />
                            {i.contested ? <ContestBadge note={i.contestNote} /> : null}
                            {/* Views differ once the room discusses (clustering on): while
                                ideas are collected, a card keeps one line of actions and only
                                a marked idea offers to change its mark; tags are on the
                                clustering board. */}
                            <IdeaActions
                              idea={i}
                              others={ideas.filter((o) => o.id !== i.id)}
                              contest={false}
                              tags={false}
                            />
                          </IdeaCard>
                        ))}
                    </ul>
                  </>
                )}
              </section>
            </PanelBoundary>
          )}
          {onBoard && doc ? (
            // The clustering board spans the whole width under the controls, sized to the screen.
            <PanelBoundary name="ideas" resetKey={board} className="card facilitator__board">
              <section className="card stack facilitator__board" aria-labelledby="ideas-h">
                <div className="board__head">
                  <h2 id="ideas-h">{question.phase === 'cluster' ? t.clustering : t.ideasSoFar}</h2>
                  <ClusteringHelpToggle open={helpOpen} onToggle={setHelpOpen} />
                </div>
                {question.hiddenCount > 0 ? (
                  <p className="muted">{t.hiddenWaiting(question.hiddenCount)}</p>
                ) : null}
                <ClusterBoard
                  board={board}
                  questionId={question.id}
                  doc={doc}
                  helpOpen={helpOpen}
                />
              </section>
            </PanelBoundary>
          ) : null}
        </div>
      )}
    </>
  );
}

/**
 * The projector or rapporteur link. Tokens are stored hashed, so a facilitator on another device
 * cannot read the original back: they make a new one (the old one keeps working).
 */
function RoleLink({
  workshopId,
  facilitatorToken,
  screen: role,
}: {
  workshopId: string;
  facilitatorToken: string;
  screen: 'projector' | 'rapporteur';
}) {
  const [token, setToken] = useState(() => localStorage.getItem(tokenKey(role, workshopId)));
  const [error, setError] = useState<string | null>(null);
  const label = role === 'projector' ? t.linkProjector : t.linkRapporteur;
  if (token) {
    return (
      <CopyField
        label={label}
        value={`${location.origin}/${role}/${workshopId}#token=${token}`}
        openLabel={role === 'projector' ? t.openProjector : t.open}
        newWindow={role === 'projector'}
      />
    );
  }
  const make = async () => {
    setError(null);
    try {
      const made = await apiFetch<NewLink>(
        `/api/workshops/${encodeURIComponent(workshopId)}/links`,
        {
          method: 'POST',
          body: { role },
          token: facilitatorToken,
        },
      );
      rememberToken(role, workshopId, made.token);
      setToken(made.token);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="copy-field">
      <span className="label">{label}</span>
      <button type="button" className="btn btn--secondary btn--small" onClick={make}>
        {t.makeLink(label)}
      </button>
      {error ? (
        <span className="error-text" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
