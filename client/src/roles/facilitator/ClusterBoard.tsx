import {
  type BoardIdea,
  type BoardSnapshot,
  clusteringTypes,
  clustersOf,
  createCluster,
  deleteCluster,
  groupByCluster,
  mergeClusters,
  ORIGINS,
  placeIdea,
  renameCluster,
  reorderClusters,
} from '@convene/shared';
import { type DragEvent, type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { t } from '../../i18n/i18n.ts';
import { randomId } from '../../net/api.ts';
import { IdeaActions } from './IdeaActions.tsx';
import { SpotlightButton } from './SpotlightButton.tsx';

const DRAG_TYPE = 'application/x-convene-idea';

/**
 * The facilitators' clustering board. Everything is a direct edit of the shared doc, so several
 * facilitators can cluster at once; every action has a keyboard path (selects and buttons) as
 * well as drag and drop, and undo/redo covers this facilitator's own moves.
 */
export function ClusterBoard({
  board,
  questionId,
  doc,
}: {
  board: BoardSnapshot;
  questionId: string;
  doc: Y.Doc;
}) {
  const undo = useMemo(
    () => new Y.UndoManager(clusteringTypes(doc), { trackedOrigins: new Set([ORIGINS.local]) }),
    [doc],
  );
  const [, setStackTick] = useState(0);
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

  const clusters = clustersOf(board, questionId);
  const groups = groupByCluster(board, questionId);
  const addCluster = (ideaIds: string[] = []) =>
    createCluster(
      doc,
      { id: randomId(), questionId, label: t.untitledCluster, position: clusters.length },
      ideaIds,
    );
  const move = (clusterId: string, delta: number) => {
    const ids = clusters.map((c) => c.id);
    const i = ids.indexOf(clusterId);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    reorderClusters(doc, ids);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || (e.target as HTMLElement).tagName === 'INPUT') return;
    if (e.key.toLowerCase() === 'z' && !e.shiftKey) {
      e.preventDefault();
      undo.undo();
    } else if (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey)) {
      e.preventDefault();
      undo.redo();
    }
  };
  const onDrop = (clusterId: string | null) => (e: DragEvent) => {
    e.preventDefault();
    const ideaId = e.dataTransfer.getData(DRAG_TYPE);
    if (ideaId) placeIdea(doc, ideaId, clusterId);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the handler only adds Ctrl+Z/Ctrl+Y to the buttons inside
    <div className="cluster-board" onKeyDown={onKeyDown}>
      <div className="row">
        <button type="button" className="btn btn--small" onClick={() => addCluster()}>
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
      </div>
      <div className="cluster-columns">
        {groups.map(({ cluster, ideas }, index) => (
          <section
            key={cluster?.id ?? 'unclustered'}
            className={`cluster ${cluster ? '' : 'cluster--none'}`}
            aria-label={cluster ? t.clusterOf(cluster.label, ideas.length) : t.unclustered}
            onDragOver={(e) => e.preventDefault()}
            onDrop={onDrop(cluster?.id ?? null)}
          >
            {cluster ? (
              <ClusterHeader
                key={cluster.id}
                doc={doc}
                clusterId={cluster.id}
                label={cluster.label}
                others={clusters.filter((c) => c.id !== cluster.id)}
                canLeft={index > 0}
                canRight={index < clusters.length - 1}
                onMove={(d) => move(cluster.id, d)}
              />
            ) : (
              <h3 className="cluster__title">{t.unclustered}</h3>
            )}
            <ul className="idea-list">
              {ideas.map((idea) => (
                <ClusterIdea
                  key={idea.id}
                  idea={idea}
                  doc={doc}
                  clusters={clusters}
                  others={groups.flatMap((g) => g.ideas).filter((i) => i.id !== idea.id)}
                />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

function ClusterHeader({
  doc,
  clusterId,
  label,
  others,
  canLeft,
  canRight,
  onMove,
}: {
  doc: Y.Doc;
  clusterId: string;
  label: string;
  others: { id: string; label: string }[];
  canLeft: boolean;
  canRight: boolean;
  onMove: (delta: number) => void;
}) {
  const [draft, setDraft] = useState(label);
  useEffect(() => setDraft(label), [label]);
  const commit = () => {
    const next = draft.trim() || t.untitledCluster;
    if (next !== label) renameCluster(doc, clusterId, next);
  };
  return (
    <div className="cluster__head">
      <label className="visually-hidden" htmlFor={`cl-${clusterId}`}>
        {t.clusterLabel}
      </label>
      <input
        id={`cl-${clusterId}`}
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
      <div className="row cluster__tools">
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small"
          aria-label={`${label}: ←`}
          disabled={!canLeft}
          onClick={() => onMove(-1)}
        >
          ←
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small"
          aria-label={`${label}: →`}
          disabled={!canRight}
          onClick={() => onMove(1)}
        >
          →
        </button>
        {others.length > 0 ? (
          <select
            aria-label={`${t.mergeCluster} (${label})`}
            value=""
            onChange={(e) => e.target.value && mergeClusters(doc, clusterId, e.target.value)}
          >
            <option value="">{t.mergeCluster}</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        ) : null}
        <SpotlightButton target={{ kind: 'cluster', id: clusterId }} label={label} />
        <button
          type="button"
          className="btn btn--secondary btn--icon btn--small"
          aria-label={`${t.deleteCluster}: ${label}`}
          onClick={() => deleteCluster(doc, clusterId)}
        >
          ✕
        </button>
      </div>
    </div>
  );
}

function ClusterIdea({
  idea,
  doc,
  clusters,
  others,
}: {
  idea: BoardIdea;
  doc: Y.Doc;
  clusters: { id: string; label: string }[];
  others: BoardIdea[];
}) {
  return (
    <li
      className="idea idea--draggable"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, idea.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <p className="idea__text">{idea.text}</p>
      {idea.mergedCount > 0 ? <p className="idea__meta">{t.merged(idea.mergedCount)}</p> : null}
      <div className="row">
        <select
          aria-label={`${t.moveTo}: ${idea.text.slice(0, 60)}`}
          value={idea.clusterId ?? ''}
          onChange={(e) => placeIdea(doc, idea.id, e.target.value || null)}
        >
          <option value="">{t.unclustered}</option>
          {clusters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <IdeaActions idea={idea} others={others} />
      </div>
    </li>
  );
}
