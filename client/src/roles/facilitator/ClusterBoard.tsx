import {
  type BoardCluster,
  type BoardIdea,
  type BoardSnapshot,
  clusteringTypes,
  clustersOf,
  createCluster,
  deleteCluster,
  groupByCluster,
  type LensConfig,
  mergeClusters,
  ORIGINS,
  placeIdea,
  renameCluster,
  reorderClusters,
  setClusterContest,
} from '@convene/shared';
// Why a library rather than native HTML5 drag and drop or hand-written pointer events: native
// drag and drop has no touch (a facilitator on a tablet could not drag at all) and does not
// scroll a container while a card is held, which is what made nine of ten drags need page
// scrolling. @dnd-kit/core (6.3.1, ~40 M downloads a month, React ≥ 16.8 so React 19, no
// runtime dependency beyond two of its own small packages, bundled by Vite, nothing fetched at
// run time) gives mouse, touch and keyboard sensors, auto-scroll of the board's own scrolling
// areas and screen-reader announcements; writing all of that again with pointer events would be
// more code to get wrong than the library weighs.
import {
  type Announcements,
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  type KeyboardEventHandler,
  type MouseEvent,
  type ReactNode,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import * as Y from 'yjs';
import { t } from '../../i18n/i18n.ts';
import { randomId } from '../../net/api.ts';
import { ContestBadge, ContestForm } from '../../ui/ContestMark.tsx';
import { LensFilter, matchesLensFilter } from '../../ui/lenses/LensFilter.tsx';
import { LensMarkers } from '../../ui/lenses/LensMarkers.tsx';
import { TagControls } from '../../ui/lenses/TagControls.tsx';
import { OriginMark } from '../../ui/OriginMark.tsx';
import { IdeaActions } from './IdeaActions.tsx';
import { MoveSelect, NEW_CLUSTER } from './MoveSelect.tsx';
import { SENSE_HELP_ID, SensePanel } from './SensePanel.tsx';
import { SpotlightButton } from './SpotlightButton.tsx';

const POOL = 'pool';
const dragId = (ideaId: string) => `drag:${ideaId}`;
const cardDropId = (ideaId: string) => `card:${ideaId}`;
const themeDropId = (clusterId: string) => `theme:${clusterId}`;
const short = (text: string) => text.slice(0, 60);

/** Hits on a card win over the cluster around it: dropping on a card means "with this idea". */
const collide: CollisionDetection = (args) => {
  if (args.pointerCoordinates) {
    const hits = pointerWithin(args);
    const cards = hits.filter((h) => String(h.id).startsWith('card:'));
    return cards.length > 0 ? cards : hits;
  }
  // The keyboard sensor has no pointer: it lands on clusters and the pool, never on a card.
  return closestCenter({
    ...args,
    droppableContainers: args.droppableContainers.filter((c) => !String(c.id).startsWith('card:')),
  });
};

/**
 * Arrow keys jump a held card from one drop target (the pool, then each cluster in reading order)
 * to the next, instead of dnd-kit's default 25 px steps across a board 1,400 px wide.
 */
const jumpBetweenTargets: KeyboardCoordinateGetter = (event, { context }) => {
  const forward = event.code === 'ArrowRight' || event.code === 'ArrowDown';
  const backward = event.code === 'ArrowLeft' || event.code === 'ArrowUp';
  if (!forward && !backward) return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, over } = context;
  if (!collisionRect) return undefined;
  const targets = [...droppableRects.entries()]
    .filter(([id]) => !String(id).startsWith('card:'))
    .sort(([a, ra], [b, rb]) =>
      a === POOL ? -1 : b === POOL ? 1 : ra.top - rb.top || ra.left - rb.left,
    );
  if (targets.length === 0) return undefined;
  const at = targets.findIndex(([id]) => id === over?.id);
  const next = targets[at < 0 ? 0 : (at + (forward ? 1 : -1) + targets.length) % targets.length];
  if (!next) return undefined;
  const [, rect] = next;
  return {
    x: rect.left + rect.width / 2 - collisionRect.width / 2,
    // Centred on the target, which closestCenter then finds at distance zero.
    y: rect.top + rect.height / 2 - collisionRect.height / 2,
  };
};

/** The board's scrolling areas may scroll while a card is held; the page itself never does. */
const canScroll = (el: Element) => el.classList.contains('board__scroll');

/**
 * The facilitators' clustering board, sized to the screen: the unclustered ideas as a compact
 * grid on the left, the clusters on the right, each area scrolling on its own so every drop
 * target is reachable without scrolling the page while holding a card. Everything is a direct
 * edit of the shared doc through the mutators of shared/src/doc, so several facilitators can
 * cluster at once; every action has a keyboard path; undo and redo cover this facilitator's own
 * edits and answer Ctrl+Z / Ctrl+Y wherever focus is on the page (outside text fields, which keep
 * their own text undo).
 */
export function ClusterBoard({
  board,
  questionId,
  doc,
  helpOpen = false,
}: {
  board: BoardSnapshot;
  questionId: string;
  doc: Y.Doc;
  /** Whether the clustering help (issue 13) is shown beside the board. */
  helpOpen?: boolean;
}) {
  // captureTimeout 0: each move is its own undo step, however quickly the next one follows.
  const undo = useMemo(
    () =>
      new Y.UndoManager(clusteringTypes(doc), {
        trackedOrigins: new Set([ORIGINS.local]),
        captureTimeout: 0,
      }),
    [doc],
  );
  const [, setStackTick] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [announce, setAnnounce] = useState('');
  const [dragging, setDragging] = useState<BoardIdea | null>(null);
  // Lenses (issue 13): the board shows only ideas with this tag ('' = all).
  const [lensFilter, setLensFilter] = useState('');
  // The cluster the facilitator is working on (clustering help, issue 13): the last one focused,
  // clicked, made or filled. Its "may belong here" list and name suggestion follow it.
  const [workingId, setWorkingId] = useState<string | null>(null);
  // After a move the card is rendered in another list (a new element): focus follows it there.
  const focusAfter = useRef<{ id: string; kind: 'move' | 'label'; cluster?: string } | null>(null);

  useEffect(() => {
    const bump = () => setStackTick((n) => n + 1);
    undo.on('stack-item-added', bump);
    undo.on('stack-item-popped', bump);
    return () => {
      undo.off('stack-item-added', bump);
      undo.off('stack-item-popped', bump);
      undo.destroy();
    };
  }, [undo]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const el = e.target as HTMLElement | null;
      // Text fields keep the browser's own undo of what is being typed, except a field not
      // typed in yet that asks for the board's (a suggestion's name, focused after an accept).
      if (
        el &&
        el.dataset.boardUndo !== 'true' &&
        (el.tagName === 'TEXTAREA' ||
          el.isContentEditable ||
          (el.tagName === 'INPUT' &&
            !['checkbox', 'radio'].includes((el as HTMLInputElement).type)))
      )
        return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        if (undo.canUndo()) {
          undo.undo();
          setAnnounce(t.undone);
        }
      } else if (key === 'y' || (key === 'z' && e.shiftKey)) {
        e.preventDefault();
        if (undo.canRedo()) {
          undo.redo();
          setAnnounce(t.redone);
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undo]);

  useLayoutEffect(() => {
    const want = focusAfter.current;
    if (!want) return;
    const el = document.getElementById(want.kind === 'move' ? `move-${want.id}` : `cl-${want.id}`);
    // Wait for the render in which the card has reached its new list (the doc's update may come
    // a render after this component's own state change).
    const arrived =
      want.cluster === undefined || el?.closest('li')?.dataset.cluster === want.cluster;
    if (arrived && (el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) {
      focusAfter.current = null;
      el.focus();
      if (el instanceof HTMLInputElement) el.select();
    }
  });

  const clusters = clustersOf(board, questionId);
  const groups = groupByCluster(board, questionId);
  const pool = groups.find((g) => g.cluster === null)?.ideas ?? [];
  const themed = groups.filter(
    (g): g is { cluster: BoardCluster; ideas: BoardIdea[] } => g.cluster !== null,
  );
  const allIdeas = groups.flatMap((g) => g.ideas);
  const byId = new Map(allIdeas.map((i) => [i.id, i]));
  const labelOf = (clusterId: string | null) =>
    clusterId === null
      ? t.unclustered
      : (clusters.find((c) => c.id === clusterId)?.label ?? t.untitledCluster);
  const working = themed.find((g) => g.cluster.id === workingId) ?? null;
  // A selection only ever holds ideas still on this board.
  const selection = [...selected].filter((id) => byId.has(id));
  const lenses = board.workshop.lenses;
  const shows = (i: BoardIdea) => matchesLensFilter(i, lensFilter, lenses);
  const shownCount = allIdeas.filter(shows).length;

  const newCluster = (ideaIds: readonly string[]) => {
    const id = randomId();
    const position = clusters.reduce((n, c) => Math.max(n, c.position + 1), 0);
    createCluster(doc, { id, questionId, label: t.untitledCluster, position }, ideaIds);
    focusAfter.current = { id, kind: 'label' };
    setSelected(new Set());
    setWorkingId(id);
    setAnnounce(t.madeCluster(ideaIds.length));
    return id;
  };
  /**
   * Accepting a suggested group: the cluster, its name and its ideas in one transaction, so it
   * is one step of the undo history (Ctrl+Z takes the whole suggestion back).
   */
  const acceptGroup = (name: string, ideaIds: readonly string[]) => {
    const id = randomId();
    const position = clusters.reduce((n, c) => Math.max(n, c.position + 1), 0);
    const placing = ideaIds.filter((i) => byId.get(i)?.clusterId === null);
    createCluster(doc, { id, questionId, label: name, position }, placing);
    setSelected((s) => new Set([...s].filter((i) => !placing.includes(i))));
    setWorkingId(id);
    setAnnounce(t.senseAccepted(name, placing.length));
  };
  /** Moves ideas in one transaction, so one Ctrl+Z puts them all back. */
  const moveIdeas = (ideaIds: readonly string[], target: string, focusId?: string) => {
    if (ideaIds.length === 0) return;
    if (target === NEW_CLUSTER) {
      newCluster(ideaIds);
      return;
    }
    const clusterId = target || null;
    const moving = ideaIds.filter((id) => byId.get(id)?.clusterId !== clusterId);
    if (moving.length === 0) return;
    doc.transact(() => {
      for (const id of moving) placeIdea(doc, id, clusterId);
    }, ORIGINS.local);
    if (focusId) focusAfter.current = { id: focusId, kind: 'move', cluster: clusterId ?? '' };
    if (clusterId) setWorkingId(clusterId);
    setSelected((s) => new Set([...s].filter((id) => !ideaIds.includes(id))));
    setAnnounce(t.movedTo(moving.length, labelOf(clusterId)));
  };
  const toggle = (ideaId: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(ideaId)) next.delete(ideaId);
      else next.add(ideaId);
      return next;
    });
  const reorder = (clusterId: string, delta: number) => {
    const ids = clusters.map((c) => c.id);
    const i = ids.indexOf(clusterId);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    reorderClusters(doc, ids);
  };

  const sensors = useSensors(
    // A few pixels before a drag starts, so a click on a card's checkbox or list stays a click.
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // On a tablet a short hold picks a card up; a swipe still scrolls the area.
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenTargets }),
  );
  const spoken = (text: string | undefined) => short(text ?? '').trimEnd();
  const ideaOfActive = (id: string | number) => byId.get(String(id).slice('drag:'.length));
  const targetName = (overId: string | number | undefined) => {
    const o = String(overId ?? '');
    if (o === POOL) return t.unclustered;
    if (o.startsWith('theme:')) return labelOf(o.slice('theme:'.length));
    if (o.startsWith('card:')) return spoken(byId.get(o.slice('card:'.length))?.text);
    return '';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t.dragPicked(spoken(ideaOfActive(active.id)?.text)),
    onDragOver: ({ active, over }) =>
      over ? t.dragOver(spoken(ideaOfActive(active.id)?.text), targetName(over.id)) : '',
    // What moved is said by the board's own live region once the doc has changed.
    onDragEnd: () => undefined,
    onDragCancel: ({ active }) => t.dragCancelled(spoken(ideaOfActive(active.id)?.text)),
  };
  const onDragStart = (e: DragStartEvent) => setDragging(ideaOfActive(e.active.id) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const idea = ideaOfActive(e.active.id);
    const over = e.over ? String(e.over.id) : null;
    if (!idea || !over) return;
    // Dragging one of the selected ideas carries the whole selection with it.
    const moving = selected.has(idea.id) ? selection : [idea.id];
    if (over === POOL) moveIdeas(moving, '');
    else if (over.startsWith('theme:')) moveIdeas(moving, over.slice('theme:'.length));
    else if (over.startsWith('card:')) {
      const target = byId.get(over.slice('card:'.length));
      if (!target || moving.includes(target.id)) return;
      // On a clustered card: join its cluster. On an unclustered card: the two make a cluster.
      if (target.clusterId) moveIdeas(moving, target.clusterId);
      else newCluster([target.id, ...moving]);
    }
  };

  const moveOptions = [
    { value: '', label: t.unclustered },
    ...clusters.map((c) => ({ value: c.id, label: c.label })),
    { value: NEW_CLUSTER, label: t.newClusterOption },
  ];
  const card = (idea: BoardIdea) => (
    <BoardCard
      key={idea.id}
      idea={idea}
      options={moveOptions}
      selected={selected.has(idea.id)}
      onToggle={() => toggle(idea.id)}
      onMove={(target) => moveIdeas([idea.id], target, idea.id)}
      others={allIdeas}
      lenses={lenses}
    />
  );

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collide}
      autoScroll={{ canScroll }}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: t.dragInstructions },
      }}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
    >
      <div className="cluster-board">
        <div className="board__toolbar">
          <button type="button" className="btn btn--small" onClick={() => newCluster([])}>
            + {t.newCluster}
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={!undo.canUndo()}
            onClick={() => undo.undo()}
            aria-keyshortcuts="Control+Z"
          >
            ↶ {t.undo}
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={!undo.canRedo()}
            onClick={() => undo.redo()}
            aria-keyshortcuts="Control+Y"
          >
            ↷ {t.redo}
          </button>
          <span className="board__selection" aria-live="polite">
            {selection.length > 0 ? t.selectedCount(selection.length) : ''}
          </span>
          <MoveSelect
            label={t.moveSelectedTo}
            value="-"
            disabled={selection.length === 0}
            options={[{ value: '-', label: `${t.moveSelectedTo}…` }, ...moveOptions]}
            onCommit={(target) => target !== '-' && moveIdeas(selection, target)}
          />
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={selection.length === 0}
            onClick={() => newCluster(selection)}
          >
            {t.newClusterFromSelection}
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={selection.length === 0}
            onClick={() => setSelected(new Set())}
          >
            {t.clearSelection}
          </button>
          <LensFilter
            ideas={allIdeas}
            lenses={lenses}
            value={lensFilter}
            onChange={setLensFilter}
          />
          {lensFilter ? (
            <span className="muted small" aria-live="polite">
              {t.showingOf(shownCount, allIdeas.length)}
            </span>
          ) : null}
        </div>
        {selection.length > 0 ? (
          <TagControls
            ideas={selection.flatMap((id) => byId.get(id) ?? [])}
            lenses={lenses}
            legend={t.tagSelected(selection.length)}
          />
        ) : null}
        <p className="visually-hidden" aria-live="polite">
          {announce}
        </p>
        <div className={`board__areas${helpOpen ? ' board__areas--help' : ''}`}>
          <PoolArea count={pool.length}>{pool.filter(shows).map(card)}</PoolArea>
          <section
            className="board__themes board__scroll"
            aria-label={t.boardThemes(themed.length)}
          >
            {themed.length === 0 ? <p className="small muted">{t.senseNoClusters}</p> : null}
            <div className="board__themes-grid">
              {themed.map(({ cluster, ideas }, index) => (
                <ThemeCard
                  key={cluster.id}
                  doc={doc}
                  cluster={cluster}
                  working={cluster.id === working?.cluster.id}
                  onWork={() => setWorkingId(cluster.id)}
                  count={ideas.length}
                  others={clusters.filter((c) => c.id !== cluster.id)}
                  canLeft={index > 0}
                  canRight={index < themed.length - 1}
                  onReorder={(d) => reorder(cluster.id, d)}
                >
                  {ideas.filter(shows).map(card)}
                </ThemeCard>
              ))}
            </div>
          </section>
          {helpOpen ? (
            <SensePanel
              id={SENSE_HELP_ID}
              questionId={questionId}
              pool={pool}
              allIdeas={allIdeas}
              working={working}
              onAdd={(ideaIds, clusterId) => moveIdeas(ideaIds, clusterId)}
              onAccept={acceptGroup}
              onRename={(clusterId, name) => {
                renameCluster(doc, clusterId, name);
                setAnnounce(t.senseRenamed(name));
              }}
              announce={setAnnounce}
            />
          ) : null}
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        {dragging ? (
          <div className="idea board-card board-card--overlay">
            <p className="idea__text">{dragging.text}</p>
            {selected.has(dragging.id) && selection.length > 1 ? (
              <p className="idea__meta">{t.selectedCount(selection.length)}</p>
            ) : null}
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

function PoolArea({ count, children }: { count: number; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: POOL });
  return (
    <section
      ref={setNodeRef}
      className={`board__pool board__scroll${isOver ? ' is-over' : ''}`}
      aria-labelledby="pool-h"
    >
      <h3 id="pool-h" className="cluster__title">
        {t.boardPool(count)}
      </h3>
      <ul className="board__grid">{children}</ul>
    </section>
  );
}

function ThemeCard({
  doc,
  cluster,
  working,
  onWork,
  count,
  others,
  canLeft,
  canRight,
  onReorder,
  children,
}: {
  doc: Y.Doc;
  cluster: BoardCluster;
  working: boolean;
  onWork: () => void;
  count: number;
  others: { id: string; label: string }[];
  canLeft: boolean;
  canRight: boolean;
  onReorder: (delta: number) => void;
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: themeDropId(cluster.id) });
  const [contesting, setContesting] = useState(false);
  const [draft, setDraft] = useState(cluster.label);
  useEffect(() => setDraft(cluster.label), [cluster.label]);
  const commit = () => {
    const next = draft.trim() || t.untitledCluster;
    if (next !== cluster.label) renameCluster(doc, cluster.id, next);
  };
  const label = cluster.label;
  return (
    <section
      ref={setNodeRef}
      className={`cluster${isOver ? ' is-over' : ''}${working ? ' is-working' : ''}`}
      aria-label={t.clusterOf(label, count)}
      aria-current={working || undefined}
      onFocus={onWork}
      onPointerDown={onWork}
    >
      <div className="cluster__head">
        <label className="visually-hidden" htmlFor={`cl-${cluster.id}`}>
          {t.clusterLabel}
        </label>
        <input
          id={`cl-${cluster.id}`}
          type="text"
          className="cluster__label"
          maxLength={120}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          }}
        />
        <span className="cluster__count" aria-hidden="true">
          {count}
        </span>
      </div>
      <div className="row cluster__tools">
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small"
          aria-label={`${label}: ←`}
          disabled={!canLeft}
          onClick={() => onReorder(-1)}
        >
          ←
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small"
          aria-label={`${label}: →`}
          disabled={!canRight}
          onClick={() => onReorder(1)}
        >
          →
        </button>
        {others.length > 0 ? (
          <MoveSelect
            label={`${t.mergeCluster} (${label})`}
            value=""
            options={[
              { value: '', label: t.mergeCluster },
              ...others.map((o) => ({ value: o.id, label: o.label })),
            ]}
            onCommit={(into) => into && mergeClusters(doc, cluster.id, into)}
          />
        ) : null}
        <SpotlightButton target={{ kind: 'cluster', id: cluster.id }} label={label} compact />
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small"
          title={t.contestAction}
          aria-expanded={contesting}
          aria-label={t.contestActionFor(label)}
          onClick={() => setContesting((o) => !o)}
        >
          ⇄
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small"
          aria-label={`${t.deleteCluster}: ${label}`}
          onClick={() => deleteCluster(doc, cluster.id)}
        >
          ✕
        </button>
      </div>
      {contesting ? (
        <ContestForm
          contested={cluster.contested}
          note={cluster.contestNote}
          subject={label}
          save={(contested, note) => {
            // A writer's edit of the doc, like the label: undoable, shared at once.
            setClusterContest(doc, cluster.id, contested, note);
            return null;
          }}
          onClose={() => setContesting(false)}
        />
      ) : null}
      {cluster.contested ? <ContestBadge note={cluster.contestNote} /> : null}
      <ul className="idea-list board__theme-ideas">{children}</ul>
    </section>
  );
}

function BoardCard({
  idea,
  options,
  selected,
  onToggle,
  onMove,
  others,
  lenses,
}: {
  idea: BoardIdea;
  options: readonly { value: string; label: string }[];
  selected: boolean;
  onToggle: () => void;
  onMove: (target: string) => void;
  others: readonly BoardIdea[];
  lenses: LensConfig;
}) {
  const drag = useDraggable({ id: dragId(idea.id) });
  const drop = useDroppable({ id: cardDropId(idea.id) });
  const [more, setMore] = useState(false);
  const { onKeyDown, ...pointerListeners } = drag.listeners ?? {};
  // Ctrl/Cmd/Shift-click on a card adds it to the selection, as in a file manager.
  const onClick = (e: MouseEvent) => {
    if (!(e.ctrlKey || e.metaKey || e.shiftKey)) return;
    if ((e.target as HTMLElement).closest('button, select, input, textarea, a')) return;
    e.preventDefault();
    onToggle();
  };
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the click only adds Ctrl-click selection; the checkbox is the keyboard path
    <li
      ref={(el) => {
        drag.setNodeRef(el);
        drop.setNodeRef(el);
      }}
      className={`idea board-card${selected ? ' is-selected' : ''}${drag.isDragging ? ' is-dragging' : ''}${drop.isOver && !drag.isDragging ? ' is-over' : ''}`}
      data-idea-id={idea.id}
      data-cluster={idea.clusterId ?? ''}
      onClick={onClick}
      {...pointerListeners}
    >
      <p className="idea__text">{idea.text}</p>
      {idea.mergedCount > 0 ? <p className="idea__meta">{t.merged(idea.mergedCount)}</p> : null}
      <OriginMark origins={idea.origins} />
      {idea.contested ? <ContestBadge note={idea.contestNote} /> : null}
      <LensMarkers idea={idea} lenses={lenses} />
      <div className="board-card__tools">
        <label className="board-card__check">
          <input type="checkbox" checked={selected} onChange={onToggle} />
          <span className="visually-hidden">
            {t.selectIdea}: {short(idea.text)}
          </span>
        </label>
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small board-card__handle"
          {...drag.attributes}
          aria-label={t.dragHandle(short(idea.text))}
          onKeyDown={onKeyDown as KeyboardEventHandler | undefined}
        >
          ⠿
        </button>
        <MoveSelect
          id={`move-${idea.id}`}
          label={`${t.moveTo}: ${short(idea.text)}`}
          value={idea.clusterId ?? ''}
          options={options}
          onCommit={onMove}
        />
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small"
          aria-expanded={more}
          aria-label={t.moreActions(short(idea.text))}
          onClick={() => setMore((m) => !m)}
        >
          ⋯
        </button>
      </div>
      {more ? <IdeaActions idea={idea} others={others.filter((o) => o.id !== idea.id)} /> : null}
    </li>
  );
}
