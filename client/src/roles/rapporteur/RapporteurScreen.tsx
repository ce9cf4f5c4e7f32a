import {
  type BoardQuestion,
  type BoardSnapshot,
  clustersOf,
  debateText,
  groupByCluster,
  ideasOf,
  LIMITS,
  latestResultsOf,
  notesText,
  setClusterContest,
} from '@convene/shared';
import { type KeyboardEvent, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { sendCommand } from '../../net/commands.ts';
import { currentConnection, useWorkshop } from '../../stores/workshopStore.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { ContestBadge, ContestControl } from '../../ui/ContestMark.tsx';
import { IdeaCard } from '../../ui/IdeaCard.tsx';
import { IdeaTagsToggle } from '../../ui/lenses/IdeaTagsToggle.tsx';
import { LensFilter, matchesLensFilter } from '../../ui/lenses/LensFilter.tsx';
import { LensMarkers } from '../../ui/lenses/LensMarkers.tsx';
import { TagControls } from '../../ui/lenses/TagControls.tsx';
import { NoToken } from '../../ui/NoToken.tsx';
import { PanelBoundary } from '../../ui/PanelBoundary.tsx';
import { PhaseBadge } from '../../ui/PhaseBadge.tsx';
import { ResultsView } from '../../ui/ResultsView.tsx';
import { ScreenBoundary } from '../../ui/ScreenBoundary.tsx';
import { SharedTextArea } from '../../ui/SharedTextArea.tsx';
import { TopBar } from '../../ui/TopBar.tsx';
import { useRoleConnection } from '../useRoleConnection.ts';
import { BriefEditor } from './BriefEditor.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import './brief.css';

type Tab = 'board' | 'brief';
const TABS: Tab[] = ['board', 'brief'];

/**
 * The rapporteur's view: the board with shared notes per question, the brief draft with its
 * live preview, and every export behind the name check.
 */
export function RapporteurScreen({ workshopId }: { workshopId: string }) {
  return (
    <ScreenBoundary name="rapporteur screen">
      <Rapporteur workshopId={workshopId} />
    </ScreenBoundary>
  );
}

function Rapporteur({ workshopId }: { workshopId: string }) {
  const token = useRoleConnection('rapporteur', workshopId);
  const board = useWorkshop((s) => s.board);
  const synced = useWorkshop((s) => s.synced);
  const [tab, setTab] = useState<Tab>('board');
  if (!token) return <NoToken />;

  const tabLabel = (x: Tab) => (x === 'board' ? t.tabBoard : t.tabBrief);
  // Arrow keys move between tabs, as in any tab list.
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next =
      TABS[(TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  return (
    <>
      <TopBar title={board?.workshop.title || t.loading} />
      <ConnectionBanner />
      <main className={`page stack${tab === 'brief' ? ' page--brief' : ''}`}>
        {!board || !synced ? (
          <p aria-busy="true">{t.connecting}</p>
        ) : (
          <>
            <PanelBoundary name="exports" resetKey={board} className="card">
              <ExportPanel
                workshopId={workshopId}
                token={token}
                chathamHouse={board.workshop.chathamHouse}
              />
            </PanelBoundary>
            <div className="tabs" role="tablist" aria-label={t.rapporteurViews}>
              {TABS.map((x) => (
                <button
                  key={x}
                  id={`tab-${x}`}
                  type="button"
                  role="tab"
                  className="tabs__tab"
                  aria-selected={tab === x}
                  aria-controls={`panel-${x}`}
                  tabIndex={tab === x ? 0 : -1}
                  onClick={() => setTab(x)}
                  onKeyDown={onTabKey}
                >
                  {tabLabel(x)}
                </button>
              ))}
            </div>
            <div
              id={`panel-${tab}`}
              role="tabpanel"
              aria-labelledby={`tab-${tab}`}
              className="stack"
            >
              {tab === 'board' ? (
                board.questions.map((q, i) => (
                  // One question's panel failing leaves the others (and their notes) alone.
                  <PanelBoundary key={q.id} name="question" resetKey={board} className="card">
                    <QuestionPanel board={board} question={q} index={i} />
                  </PanelBoundary>
                ))
              ) : (
                <PanelBoundary name="brief" resetKey={board}>
                  <BriefEditor
                    workshopId={workshopId}
                    token={token}
                    board={board}
                    doc={currentConnection()?.doc}
                  />
                </PanelBoundary>
              )}
            </div>
          </>
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
  const debate = doc ? debateText(doc, question.id) : null;
  const headingId = `q-${question.id}`;
  const ideas = ideasOf(board, question.id);
  const results = latestResultsOf(board, question.id);
  const contestedCount =
    ideas.filter((i) => i.contested).length +
    clustersOf(board, question.id).filter((c) => c.contested).length;
  const contestIdea = async (ideaId: string, contested: boolean, note: string) => {
    const r = await sendCommand('idea:contest', {
      ideaId,
      contested,
      ...(contested && note ? { note } : {}),
    });
    return r.ok ? null : r.error.message;
  };
  // Lenses (issue 13): filter the question's ideas by a tag; select several to tag at once.
  const lenses = board.workshop.lenses;
  const [lensFilter, setLensFilter] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const selection = ideas.filter((i) => selected.has(i.id));
  const shows = (i: (typeof ideas)[number]) => matchesLensFilter(i, lensFilter, lenses);
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <div className="row">
        <span className="muted small">{t.fieldPrompt(index + 1)}</span>
        <PhaseBadge phase={question.phase} />
        <span className="muted small">{t.ideasCount(ideas.length)}</span>
        {contestedCount > 0 ? (
          <span className="muted small">{t.contestedCount(contestedCount)}</span>
        ) : null}
      </div>
      <h2 id={headingId}>{question.prompt}</h2>
      <div className="grid-2">
        <PanelBoundary name="ideas and results" resetKey={board}>
          <div className="stack">
            {ideas.length === 0 ? <p className="muted">{t.noIdeasYet}</p> : null}
            {ideas.length > 0 ? (
              <div className="row">
                <LensFilter
                  ideas={ideas}
                  lenses={lenses}
                  value={lensFilter}
                  onChange={setLensFilter}
                />
                {lensFilter ? (
                  <span className="muted small" aria-live="polite">
                    {t.showingOf(ideas.filter(shows).length, ideas.length)}
                  </span>
                ) : null}
                {selection.length > 0 ? (
                  <button
                    type="button"
                    className="btn btn--secondary btn--small"
                    onClick={() => setSelected(new Set())}
                  >
                    {t.clearSelection}
                  </button>
                ) : null}
              </div>
            ) : null}
            {selection.length > 0 ? (
              <TagControls
                ideas={selection}
                lenses={lenses}
                legend={t.tagSelected(selection.length)}
              />
            ) : null}
            {groupByCluster(board, question.id)
              .map((g) => ({ ...g, ideas: g.ideas.filter(shows) }))
              .filter((g) => g.ideas.length > 0)
              .map((g) => (
                <div key={g.cluster?.id ?? 'none'} className="stack">
                  {g.cluster ? (
                    <div className="stack rapporteur__theme">
                      <h3>{g.cluster.label}</h3>
                      {g.cluster.contested ? <ContestBadge note={g.cluster.contestNote} /> : null}
                      {doc ? (
                        <ContestControl
                          contested={g.cluster.contested}
                          note={g.cluster.contestNote}
                          subject={g.cluster.label}
                          save={(contested, note) => {
                            const id = g.cluster?.id;
                            if (id) setClusterContest(doc, id, contested, note);
                            return null;
                          }}
                        />
                      ) : null}
                    </div>
                  ) : null}
                  <ul className="idea-list">
                    {g.ideas.map((i) => (
                      <IdeaCard
                        key={i.id}
                        text={i.text}
                        actor={i.actor}
                        nextStep={i.nextStep}
                        origins={i.origins}
                        className={
                          selected.has(i.id) ? 'rapporteur-idea is-selected' : 'rapporteur-idea'
                        }
                      >
                        <LensMarkers idea={i} lenses={lenses} />
                        <div className="row idea-tools">
                          <label className="check">
                            <input
                              type="checkbox"
                              checked={selected.has(i.id)}
                              onChange={() => toggle(i.id)}
                            />
                            <span className="small">{t.selectIdea}</span>
                            <span className="visually-hidden">: {i.text.slice(0, 60)}</span>
                          </label>
                          <IdeaTagsToggle idea={i} lenses={lenses} />
                        </div>
                        {i.contested ? <ContestBadge note={i.contestNote} /> : null}
                        <ContestControl
                          compact
                          contested={i.contested}
                          note={i.contestNote}
                          subject={i.text}
                          save={(contested, note) => contestIdea(i.id, contested, note)}
                        />
                      </IdeaCard>
                    ))}
                  </ul>
                </div>
              ))}
            {results ? (
              <PanelBoundary name="results" resetKey={board}>
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
              </PanelBoundary>
            ) : null}
          </div>
        </PanelBoundary>
        <div className="stack">
          {text ? (
            <PanelBoundary name="notes" resetKey={board}>
              <div className="field">
                <label htmlFor={`notes-${question.id}`}>{t.notes}</label>
                <SharedTextArea
                  text={text}
                  id={`notes-${question.id}`}
                  rows={8}
                  describedBy={`notes-hint-${question.id}`}
                  maxLength={LIMITS.notesText}
                />
                <span id={`notes-hint-${question.id}`} className="hint">
                  {t.notesHint}
                </span>
              </div>
            </PanelBoundary>
          ) : null}
          {debate ? (
            // Points of debate (issue 13): co-edited like the notes, beside them.
            <PanelBoundary name="points of debate" resetKey={board}>
              <div className="field">
                <label htmlFor={`debate-${question.id}`}>{t.pointsOfDebate}</label>
                <SharedTextArea
                  text={debate}
                  id={`debate-${question.id}`}
                  rows={5}
                  describedBy={`debate-hint-${question.id}`}
                  maxLength={LIMITS.notesText}
                />
                <span id={`debate-hint-${question.id}`} className="hint">
                  {t.pointsOfDebateHint}
                </span>
              </div>
            </PanelBoundary>
          ) : null}
        </div>
      </div>
    </section>
  );
}
