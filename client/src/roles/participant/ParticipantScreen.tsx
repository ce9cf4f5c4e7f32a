import {
  type BoardIdea,
  type BoardSnapshot,
  canEditOwnIdea,
  canSubmitIdea,
  clustersOf,
  currentQuestion,
  DEFAULT_LENSES,
  groupByCluster,
  type IdeaLensTags,
  ideasOf,
  type LensConfig,
  LIMITS,
  latestResultsOf,
  NO_TAGS,
  type OwnIdea,
  openRoundOf,
  type Phase,
} from '@convene/shared';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { sendCommand, showingRefusal } from '../../net/commands.ts';
import { STORAGE_KEYS } from '../../net/storageKeys.ts';
import { loadBallot } from '../../stores/ballotStore.ts';
import {
  flushMyIdeas,
  loadMyIdeas,
  type MyIdea,
  refreshMyIdeas,
  submitMyIdea,
  useMyIdeas,
} from '../../stores/myIdeasStore.ts';
import { useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { IdeaCard } from '../../ui/IdeaCard.tsx';
import { IdeaLensFields } from '../../ui/lenses/IdeaLensFields.tsx';
import { LensMarkers } from '../../ui/lenses/LensMarkers.tsx';
import { PanelBoundary } from '../../ui/PanelBoundary.tsx';
import { PhaseBadge } from '../../ui/PhaseBadge.tsx';
import { ResultsView } from '../../ui/ResultsView.tsx';
import { RoundLabel } from '../../ui/RoundLabel.tsx';
import { ScreenBoundary } from '../../ui/ScreenBoundary.tsx';
import { TimerDisplay } from '../../ui/TimerDisplay.tsx';
import { TopBar } from '../../ui/TopBar.tsx';
import { useProgressiveCount } from '../../ui/useProgressive.ts';
import { useRoleConnection } from '../useRoleConnection.ts';
import { Ballot } from './Ballot.tsx';
import { SimilarIdeas } from './SimilarIdeas.tsx';

/** What to do now, in plain words (read at render time so a language switch applies). */
const instruction = (phase: Phase): string =>
  ({
    lobby: t.waitingToStart,
    submit: t.submitOpen,
    cluster: t.doClustering,
    vote: t.doVote,
    results: t.doResults,
    closed: t.notCollecting,
  })[phase];

/** A participant's phone or laptop: the question, what to do now, the idea form, own ideas. */
export function ParticipantScreen({ workshopId }: { workshopId: string }) {
  return (
    <ScreenBoundary name="participant screen">
      <Participant workshopId={workshopId} />
    </ScreenBoundary>
  );
}

function Participant({ workshopId }: { workshopId: string }) {
  const token = useRoleConnection('participant', workshopId);
  const board = useWorkshop((s) => s.board);
  const status = useWorkshop((s) => s.status);
  const participants = useWorkshop((s) => s.participants);
  const outbox = useMyIdeas((s) => s.ideas);
  const serverMine = useMyIdeas((s) => s.server);
  useEffect(() => loadMyIdeas(workshopId), [workshopId]);
  useEffect(() => {
    if (status === 'online') void refreshMyIdeas().then(flushMyIdeas);
  }, [status]);
  const question = board ? currentQuestion(board) : null;
  const roundId = board && question ? (openRoundOf(board, question.id)?.id ?? null) : null;
  const questionId = question?.id ?? null;
  useEffect(() => {
    if (questionId && roundId && status === 'online') void loadBallot(questionId);
  }, [questionId, roundId, status]);

  if (!token) {
    return (
      <main className="page page--narrow">
        <p>
          <a href="/join">{t.joinTitle}</a>
        </p>
      </main>
    );
  }
  const index = question && board ? board.questions.findIndex((q) => q.id === question.id) : -1;
  const roomIdeas = board && question ? ideasOf(board, question.id) : [];
  const results = board && question ? latestResultsOf(board, question.id) : null;
  const round = board && question ? openRoundOf(board, question.id) : null;
  // The participant's own ideas are listed (with their controls) under "Your ideas": the room's
  // list shows everyone else's, so no idea appears twice on the phone.
  const ownIds = new Set<string>([
    ...serverMine.map((i) => i.id),
    ...outbox.flatMap((i) => (i.ideaId ? [i.ideaId] : [])),
  ]);
  const othersIdeas = roomIdeas.filter((i) => !ownIds.has(i.id));

  return (
    <>
      <TopBar title={board?.workshop.title || t.loading} brandLinks={false}>
        {board ? (
          <PanelBoundary name="timer" resetKey={board} inline>
            <TimerDisplay timer={board.timer} question={question} />
          </PanelBoundary>
        ) : null}
        <span className="badge">{t.participantsConnected(participants)}</span>
      </TopBar>
      <ConnectionBanner />
      <main className="page page--narrow stack">
        {!board || !question ? (
          <p aria-busy="true">{t.connecting}</p>
        ) : (
          <>
            <PanelBoundary name="question" resetKey={board} className="card">
              <section className="card stack" aria-labelledby="q-h">
                <div className="row">
                  <span className="muted small">
                    {t.questionOf(index + 1, board.questions.length)}
                  </span>
                  <PhaseBadge phase={question.phase} />
                </div>
                <h2 id="q-h">{question.prompt}</h2>
                <p className="muted" aria-live="polite">
                  {instruction(question.phase)}
                </p>
                {question.phase === 'vote' && round ? <RoundLabel round={round} /> : null}
                {canSubmitIdea(question.phase) ? (
                  <IdeaForm
                    questionId={question.id}
                    lenses={board.workshop.lenses}
                    // Never in hidden mode: there a participant writes without seeing the room.
                    boardIdeas={question.mode === 'open' ? roomIdeas : null}
                  />
                ) : null}
              </section>
            </PanelBoundary>
            {question.phase === 'vote' && round ? (
              <PanelBoundary name="voting" resetKey={board} className="card">
                <Ballot
                  groups={groupByCluster(board, question.id).map((g) => ({
                    cluster: g.cluster,
                    // A later round votes only on its shortlist.
                    ideas: g.ideas.filter(
                      (i) => !round.candidates || round.candidates.includes(i.id),
                    ),
                  }))}
                />
              </PanelBoundary>
            ) : null}
            {results && (question.phase === 'results' || question.phase === 'closed') ? (
              <PanelBoundary name="results" resetKey={board} className="card">
                <section className="card stack" aria-labelledby="res-h">
                  <h2 id="res-h">{t.results}</h2>
                  <RoundLabel round={results} />
                  <ResultsView
                    round={results}
                    ideas={roomIdeas}
                    clusters={clustersOf(board, question.id)}
                  />
                </section>
              </PanelBoundary>
            ) : null}
            <PanelBoundary name="my ideas" resetKey={board} className="card">
              <MyIdeas
                questionId={question.id}
                phase={question.phase}
                lenses={board.workshop.lenses}
              />
            </PanelBoundary>
            {question.hiddenCount > 0 ? (
              <p className="card muted" aria-live="polite">
                {t.hiddenWaiting(question.hiddenCount)}
              </p>
            ) : null}
            {othersIdeas.length > 0 && question.phase !== 'vote' && question.phase !== 'results' ? (
              <PanelBoundary name="ideas" resetKey={board} className="card">
                <section
                  className="card stack"
                  aria-labelledby="room-h"
                  data-items={othersIdeas.length}
                >
                  <h2 id="room-h">
                    {t.othersIdeas}{' '}
                    <span className="muted small">({t.ideasCount(othersIdeas.length)})</span>
                  </h2>
                  <RoomIdeas board={board} questionId={question.id} ownIds={ownIds} />
                </section>
              </PanelBoundary>
            ) : null}
          </>
        )}
      </main>
    </>
  );
}

/** The room's ideas under the facilitator's themes; a long list comes in after its first screen. */
function RoomIdeas({
  board,
  questionId,
  ownIds,
}: {
  board: BoardSnapshot;
  questionId: string;
  ownIds: ReadonlySet<string>;
}) {
  const groups = groupByCluster(board, questionId)
    .map((g) => ({ ...g, ideas: g.ideas.filter((i) => !ownIds.has(i.id)) }))
    .filter((g) => g.ideas.length > 0);
  let left = useProgressiveCount(groups.reduce((n, g) => n + g.ideas.length, 0));
  return groups.map((g) => {
    if (left <= 0) return null;
    const ideas = g.ideas.slice(0, left);
    left -= ideas.length;
    return (
      <div key={g.cluster?.id ?? 'none'} className="stack">
        {g.cluster ? <h3>{g.cluster.label}</h3> : null}
        <ul className="idea-list">
          {ideas.map((i) => (
            <IdeaCard
              key={i.id}
              text={i.text}
              actor={i.actor}
              nextStep={i.nextStep}
              origins={i.origins}
            />
          ))}
        </ul>
      </div>
    );
  });
}

const draftKey = STORAGE_KEYS.draft;

interface Draft {
  text: string;
  actor: string;
  nextStep: string;
  /** Lens tags (issue 13): drafts saved before lenses have none. */
  countries: string[];
  pbc: boolean;
}
const EMPTY_DRAFT: Draft = { text: '', actor: '', nextStep: '', countries: [], pbc: false };

function IdeaForm({
  questionId,
  lenses,
  boardIdeas,
}: {
  questionId: string;
  lenses: LensConfig;
  /** The room's visible ideas to compare a draft with; null where none may be shown. */
  boardIdeas: readonly BoardIdea[] | null;
}) {
  const ids = useId();
  const textBox = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState<Draft>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(draftKey(questionId)) ?? '') as Partial<Draft>;
      return { ...EMPTY_DRAFT, ...saved };
    } catch {
      return EMPTY_DRAFT;
    }
  });
  // Drafts survive a reload or a flat battery.
  useEffect(() => {
    localStorage.setItem(draftKey(questionId), JSON.stringify(draft));
  }, [draft, questionId]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.text.trim()) return;
    submitMyIdea({
      questionId,
      ...draft,
      // Only tags of lenses that are on (one may have been switched off meanwhile).
      countries: lenses.countries ? draft.countries : [],
      pbc: lenses.pbc && draft.pbc,
    });
    setDraft(EMPTY_DRAFT);
    // Straight back to the idea box for the next idea: a phone keeps its keyboard open.
    textBox.current?.focus();
  };
  const left = LIMITS.ideaText - draft.text.length;
  return (
    <form className="stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${ids}-text`}>{t.yourIdea}</label>
        <textarea
          ref={textBox}
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
        {boardIdeas ? <SimilarIdeas draft={draft.text} ideas={boardIdeas} /> : null}
      </div>
      <div className="grid-2">
        <IdeaDetailFields
          ids={ids}
          actor={draft.actor}
          nextStep={draft.nextStep}
          onActor={(actor) => setDraft({ ...draft, actor })}
          onNextStep={(nextStep) => setDraft({ ...draft, nextStep })}
        />
      </div>
      <IdeaLensFields
        lenses={lenses}
        text={draft.text}
        countries={draft.countries}
        pbc={draft.pbc}
        onCountries={(countries) => setDraft({ ...draft, countries })}
        onPbc={(pbc) => setDraft({ ...draft, pbc })}
      />
      <div>
        {/* Tapping the button must not take focus from the form's fields: on a phone that would
            close the keyboard after every idea. */}
        <button
          type="submit"
          className="btn"
          disabled={!draft.text.trim()}
          onPointerDown={(e) => {
            if (e.currentTarget.form?.contains(document.activeElement)) e.preventDefault();
          }}
        >
          {t.submit}
        </button>
      </div>
    </form>
  );
}

/** "Who should act" and "first step": the same two optional fields when writing and editing. */
function IdeaDetailFields(props: {
  ids: string;
  actor: string;
  nextStep: string;
  onActor: (value: string) => void;
  onNextStep: (value: string) => void;
}) {
  const { ids } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${ids}-actor`}>{t.actor}</label>
        <input
          id={`${ids}-actor`}
          type="text"
          maxLength={LIMITS.ideaActor}
          placeholder={t.actorHint}
          value={props.actor}
          onChange={(e) => props.onActor(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-next`}>{t.nextStep}</label>
        <input
          id={`${ids}-next`}
          type="text"
          maxLength={LIMITS.ideaNextStep}
          placeholder={t.nextStepHint}
          value={props.nextStep}
          onChange={(e) => props.onNextStep(e.target.value)}
        />
      </div>
    </>
  );
}

const stateLabel = (status: MyIdea['status']): string =>
  ({ waiting: t.waiting, sending: t.sending, saved: t.saved, failed: t.failed })[status];

const serverStateLabel = (status: OwnIdea['status']): string =>
  ({
    visible: t.saved,
    hidden: t.waitingReveal,
    withdrawn: t.withdrawn,
    moderated: t.moderated,
    merged: t.mergedWithOther,
  })[status];

function MyIdeas({
  questionId,
  phase,
  lenses = DEFAULT_LENSES,
}: {
  questionId: string;
  phase: Phase;
  lenses?: LensConfig;
}) {
  const outbox = useMyIdeas((s) => s.ideas);
  const server = useMyIdeas((s) => s.server);
  const known = new Map(server.map((i) => [i.id, i]));
  const mine = outbox.filter((i) => i.questionId === questionId);
  // Ideas this person sent from another device or before clearing the browser.
  const elsewhere = server.filter(
    (i) => i.questionId === questionId && !mine.some((m) => m.ideaId === i.id),
  );
  if (mine.length === 0 && elsewhere.length === 0) return null;
  const editable = canEditOwnIdea(phase);
  return (
    <section className="card stack" aria-labelledby="mine-h">
      <h2 id="mine-h">{t.yourIdeas}</h2>
      <ul className="idea-list" aria-live="polite">
        {mine.map((i) => {
          const s = i.ideaId ? known.get(i.ideaId) : undefined;
          if (s?.status === 'withdrawn') return null;
          return (
            <OwnIdeaCard
              key={i.commandId}
              ideaId={i.ideaId}
              // Once the server has the idea its fields are the truth, a cleared one included.
              text={s ? s.text : i.text}
              actor={s ? s.actor : i.actor}
              nextStep={s ? s.nextStep : i.nextStep}
              tags={s ? ownTags(s) : { ...NO_TAGS, countries: i.countries ?? [], pbc: !!i.pbc }}
              lenses={lenses}
              state={s ? serverStateLabel(s.status) : stateLabel(i.status)}
              stateClass={s ? s.status : i.status}
              error={i.error}
              editable={editable && (s?.status === 'visible' || s?.status === 'hidden')}
            />
          );
        })}
        {elsewhere
          .filter((s) => s.status !== 'withdrawn')
          .map((s) => (
            <OwnIdeaCard
              key={s.id}
              ideaId={s.id}
              text={s.text}
              actor={s.actor}
              nextStep={s.nextStep}
              tags={ownTags(s)}
              lenses={lenses}
              state={serverStateLabel(s.status)}
              stateClass={s.status}
              error={null}
              editable={editable && (s.status === 'visible' || s.status === 'hidden')}
            />
          ))}
      </ul>
    </section>
  );
}

/** An own idea's tags as the server has them. */
const ownTags = (s: OwnIdea): IdeaLensTags => ({
  countries: s.countries ?? [],
  pbc: s.pbc ?? false,
  tags: s.tags ?? {},
});

function OwnIdeaCard(props: {
  ideaId: string | null;
  text: string;
  actor: string | null;
  nextStep: string | null;
  tags: IdeaLensTags;
  lenses: LensConfig;
  state: string;
  stateClass: string;
  error: string | null;
  editable: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(props.text);
  const [actor, setActor] = useState(props.actor ?? '');
  const [nextStep, setNextStep] = useState(props.nextStep ?? '');
  const [countries, setCountries] = useState(props.tags.countries);
  const [pbc, setPbc] = useState(props.tags.pbc);
  const ids = useId();
  const [error, setError] = useState<string | null>(null);
  const run = showingRefusal(setError);
  const act = async (p: ReturnType<typeof sendCommand>) => {
    if (!(await run(p))) return;
    setEditing(false);
    await refreshMyIdeas();
  };
  return (
    <IdeaCard text={props.text} actor={props.actor} nextStep={props.nextStep}>
      <LensMarkers idea={props.tags} lenses={props.lenses} />
      <p className={`idea__state idea__state--${props.stateClass}`}>
        {props.state}
        {props.error ? ` — ${props.error}` : ''}
      </p>
      {props.editable && props.ideaId && !editing ? (
        <div className="row">
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => {
              setText(props.text);
              setActor(props.actor ?? '');
              setNextStep(props.nextStep ?? '');
              setCountries(props.tags.countries);
              setPbc(props.tags.pbc);
              setEditing(true);
            }}
          >
            {t.edit}
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() =>
              props.ideaId && act(sendCommand('idea:withdraw', { ideaId: props.ideaId }))
            }
          >
            {t.withdraw}
          </button>
        </div>
      ) : null}
      {editing && props.ideaId ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            // An emptied field clears it on the server (actor/nextStep "" → none).
            if (props.ideaId) {
              void act(
                sendCommand('idea:edit', {
                  ideaId: props.ideaId,
                  text,
                  actor,
                  nextStep,
                  // Tags of a lens switched off are left as they are.
                  ...(props.lenses.countries ? { countries } : {}),
                  ...(props.lenses.pbc ? { pbc } : {}),
                }),
              );
            }
          }}
        >
          <div className="field">
            <label htmlFor={`${ids}-text`}>{t.yourIdea}</label>
            <textarea
              id={`${ids}-text`}
              rows={3}
              required
              maxLength={LIMITS.ideaText}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <IdeaDetailFields
            ids={ids}
            actor={actor}
            nextStep={nextStep}
            onActor={setActor}
            onNextStep={setNextStep}
          />
          <IdeaLensFields
            lenses={props.lenses}
            text={text}
            countries={countries}
            pbc={pbc}
            onCountries={setCountries}
            onPbc={setPbc}
          />
          <div className="row">
            <button type="submit" className="btn btn--small">
              {t.save}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => setEditing(false)}
            >
              {t.cancel}
            </button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p className="error-text small" role="alert">
          {error}
        </p>
      ) : null}
    </IdeaCard>
  );
}
