import type { BoardCluster, BoardIdea } from '@convene/shared';
import { type RefObject, useEffect, useId, useRef, useState } from 'react';
import { es } from '../../i18n/es.ts';
import { fr } from '../../i18n/fr.ts';
import { t } from '../../i18n/i18n.ts';
import { en } from '../../i18n/messages.ts';
import { sendCommand } from '../../net/commands.ts';
import { type DuplicatePair, type SuggestedGroup, senseQueries } from '../../net/senseQueries.ts';
import { STORAGE_KEYS } from '../../net/storageKeys.ts';

const short = (text: string) => text.slice(0, 60).trimEnd();
/** How many "may belong here" candidates are worth a look: more is a second pool to read. */
const BELONG_SHOWN = 5;
/** Waits before asking the server again while the board is changing under the facilitator. */
const BELONG_DEBOUNCE_MS = 250;
const DUPLICATES_DEBOUNCE_MS = 800;
/** The surest pairs first; the rest on request, so that the suggested groups stay in view. */
const PAIRS_SHOWN = 2;

const groupKey = (ids: readonly string[]) => [...ids].sort().join(' ');
const pairKey = (p: DuplicatePair) => [p.a, p.b].sort().join(' ');
/**
 * A cluster still bearing the name a new one gets (in whichever language the facilitator who
 * made it used) has not been named yet: that is where a name suggestion helps. A name someone
 * chose is not second-guessed.
 */
const isUnnamed = (label: string) =>
  !label.trim() || [en, fr, es].some((d) => d.untitledCluster === label.trim());

/** The help panel's element id (the toggle controls it). */
export const SENSE_HELP_ID = 'sense-help';
/** Whether the clustering help is open, remembered on this device. */
const HELP_KEY = STORAGE_KEYS.clusteringHelp;

/** Open by default: a facilitator who does not want it closes it once on this device. */
export function useClusteringHelpOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(() => localStorage.getItem(HELP_KEY) !== 'closed');
  return [
    open,
    (next) => {
      localStorage.setItem(HELP_KEY, next ? 'open' : 'closed');
      setOpen(next);
    },
  ];
}

/** Shows or hides the clustering help; beside the board's heading, where the row is free. */
export function ClusteringHelpToggle({
  open,
  onToggle,
}: {
  open: boolean;
  onToggle: (open: boolean) => void;
}) {
  return (
    <button
      type="button"
      className="btn btn--secondary btn--small"
      aria-expanded={open}
      aria-controls={open ? SENSE_HELP_ID : undefined}
      onClick={() => onToggle(!open)}
    >
      {t.senseHelp}
    </button>
  );
}

/**
 * Clustering help (issue 13, section 2): suggestions computed on the server from the visible
 * ideas, none of which moves a card. Every change goes through the board's own actions, so what
 * the facilitator accepts is one step of the board's undo history, like any other move.
 */
export function SensePanel({
  id,
  questionId,
  pool,
  allIdeas,
  working,
  onAdd,
  onAccept,
  onRename,
  announce,
}: {
  id: string;
  questionId: string;
  /** The unclustered ideas, in board order. */
  pool: readonly BoardIdea[];
  allIdeas: readonly BoardIdea[];
  /** The cluster the facilitator is working on (last focused, clicked, made or filled). */
  working: { cluster: BoardCluster; ideas: readonly BoardIdea[] } | null;
  /** Puts unclustered ideas into a cluster, in one step of the undo history. */
  onAdd: (ideaIds: readonly string[], clusterId: string) => void;
  onAccept: (name: string, ideaIds: readonly string[]) => void;
  onRename: (clusterId: string, name: string) => void;
  announce: (message: string) => void;
}) {
  const byId = new Map(allIdeas.map((i) => [i.id, i]));
  const poolIds = new Set(pool.map((i) => i.id));

  // Near-duplicates: asked for on their own whenever the set of ideas changes (not when ideas
  // move between clusters: a duplicate is a duplicate wherever it sits).
  const ideasKey = allIdeas
    .map((i) => `${i.id}:${i.text.length}`)
    .sort()
    .join(' ');
  const [duplicates, setDuplicates] = useState<DuplicatePair[]>([]);
  const [notSame, setNotSame] = useState<ReadonlySet<string>>(new Set());
  // Groups: only on request; the list then follows the board (accepted or moved ideas leave it).
  const [groups, setGroups] = useState<SuggestedGroup[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [allPairs, setAllPairs] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  // The last pair gone takes its section with it: the focus then goes to the help's title.
  const pairsFocus = useFocusKeeper(title);
  const groupsHeading = useRef<HTMLHeadingElement>(null);
  // Which suggestion's name takes the focus once rendered: the first when suggestions arrive,
  // the next one after an accept or a dismissal. Typing then renames it and Enter accepts it,
  // so a keyboard can go through the suggestions without a detour.
  const focusGroup = useRef<number | null>(null);
  const base = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: ideasKey stands for allIdeas (a new array on every doc change)
  useEffect(() => {
    if (allIdeas.length < 2) {
      setDuplicates([]);
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      const r = await senseQueries.suggest(questionId);
      if (live && r.ok) setDuplicates(r.duplicates);
    }, DUPLICATES_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [questionId, ideasKey]);

  const suggest = async () => {
    setLoading(true);
    setFailed(false);
    const r = await senseQueries.suggest(questionId);
    setLoading(false);
    if (!r.ok) {
      setFailed(true);
      announce(t.senseUnavailable);
      return;
    }
    setGroups(r.groups);
    setDuplicates(r.duplicates);
    setDismissed(new Set());
    const shown = r.groups.filter((g) => g.ideaIds.filter((i) => poolIds.has(i)).length >= 2);
    announce(shown.length === 0 ? t.senseGroupsNone : t.senseGroups(shown.length));
    focusGroup.current = 0;
  };
  useEffect(() => {
    const at = focusGroup.current;
    if (at === null || !panel.current) return;
    focusGroup.current = null;
    const names = panel.current.querySelectorAll<HTMLInputElement>('input.sense__group-name');
    const next = names[Math.min(at, names.length - 1)];
    if (next) next.focus();
    else groupsHeading.current?.focus();
  });

  // A suggestion follows the board: ideas clustered meanwhile leave it, and a group with fewer
  // than two unclustered ideas left is no longer a group to propose.
  const liveGroups = (groups ?? [])
    .map((g) => ({
      ...g,
      key: groupKey(g.ideaIds),
      ideaIds: g.ideaIds.filter((i) => poolIds.has(i)),
    }))
    .filter((g) => g.ideaIds.length >= 2 && !dismissed.has(g.key));
  const livePairs = duplicates.filter(
    (p) => byId.has(p.a) && byId.has(p.b) && !notSame.has(pairKey(p)),
  );

  const merge = async (p: DuplicatePair) => {
    // The second of the pair goes into the first: both texts stay on record, dots move.
    const r = await sendCommand('idea:merge', { ideaId: p.b, intoId: p.a });
    announce(r.ok ? t.senseMergedPair : r.error.message);
  };

  return (
    <section
      id={id}
      ref={panel}
      className="board__help board__scroll stack"
      aria-labelledby={`${base}-h`}
    >
      <div className="sense__head">
        <h3 id={`${base}-h`} ref={title} tabIndex={-1} className="cluster__title">
          {t.senseHelp}
        </h3>
        <p className="small muted">{t.senseHelpNote}</p>
        <button
          type="button"
          className="btn btn--small"
          onClick={suggest}
          disabled={loading || pool.length < 2}
          aria-describedby={`${base}-status`}
        >
          {groups ? t.senseSuggestAgain : t.senseSuggest}
        </button>
        <p id={`${base}-status`} className="small muted" aria-live="polite">
          {loading ? t.senseLoading : failed ? t.senseUnavailable : ''}
        </p>
      </div>

      <WorkingOn
        key={working?.cluster.id ?? 'none'}
        questionId={questionId}
        working={working}
        pool={pool}
        onAdd={onAdd}
        onRename={onRename}
      />

      {livePairs.length > 0 ? (
        <section className="sense__section" aria-labelledby={`${base}-dup`}>
          <h4 id={`${base}-dup`} ref={pairsFocus.heading} tabIndex={-1} className="sense__title">
            {t.senseDuplicates} ({livePairs.length})
          </h4>
          <ul ref={pairsFocus.list} className="sense__list">
            {(allPairs ? livePairs : livePairs.slice(0, PAIRS_SHOWN)).map((p, at) => {
              const a = byId.get(p.a);
              const b = byId.get(p.b);
              if (!a || !b) return null;
              return (
                <li key={pairKey(p)} data-key={pairKey(p)} className="sense__pair">
                  <p className="sense__text">{a.text}</p>
                  <p className="sense__text">{b.text}</p>
                  <div className="row sense__actions">
                    <button
                      type="button"
                      className="btn btn--small"
                      aria-label={t.senseMergePair(short(b.text), short(a.text))}
                      onClick={() => {
                        pairsFocus.leaving(at, pairKey(p));
                        void merge(p);
                      }}
                    >
                      {t.senseMerge}
                    </button>
                    <button
                      type="button"
                      className="btn btn--secondary btn--small"
                      aria-label={t.senseNotSameLabel(short(b.text))}
                      onClick={() => {
                        pairsFocus.leaving(at, pairKey(p));
                        setNotSame((s) => new Set([...s, pairKey(p)]));
                      }}
                    >
                      {t.senseNotSame}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          {livePairs.length > PAIRS_SHOWN ? (
            <button
              type="button"
              className="btn btn--secondary btn--small sense__more"
              aria-expanded={allPairs}
              onClick={() => setAllPairs(!allPairs)}
            >
              {allPairs ? t.senseFewerPairs : t.senseMorePairs(livePairs.length - PAIRS_SHOWN)}
            </button>
          ) : null}
        </section>
      ) : null}

      {groups ? (
        <section className="sense__section" aria-labelledby={`${base}-groups`}>
          <h4 id={`${base}-groups`} ref={groupsHeading} tabIndex={-1} className="sense__title">
            {liveGroups.length === 0 ? t.senseGroupsNone : t.senseGroups(liveGroups.length)}
          </h4>
          <ul className="sense__list">
            {liveGroups.map((g, index) => (
              <GroupSuggestion
                key={g.key}
                group={g}
                byId={byId}
                into={working?.cluster ?? null}
                onAccept={(name, ids) => {
                  setDismissed((s) => new Set([...s, g.key]));
                  focusGroup.current = index;
                  onAccept(name, ids);
                }}
                onAddInto={(ids, cluster) => {
                  setDismissed((s) => new Set([...s, g.key]));
                  focusGroup.current = index;
                  onAdd(ids, cluster.id);
                  announce(t.senseAddedInto(cluster.label, ids.length));
                }}
                onDismiss={() => {
                  setDismissed((s) => new Set([...s, g.key]));
                  focusGroup.current = index;
                }}
              />
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

/**
 * Keeps a keyboard user's place when an action takes away the list item it was on (an idea
 * added to the cluster, a pair merged or set aside): once the item has left, the focus goes to
 * the item now at its place (the next one moved up), or the last one, or the heading — not back
 * to the start of the page. Nothing moves if the focus went elsewhere meanwhile.
 */
function useFocusKeeper(fallback?: RefObject<HTMLElement | null>) {
  const list = useRef<HTMLUListElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const pending = useRef<{ at: number; key: string } | null>(null);
  useEffect(() => {
    const p = pending.current;
    if (!p) return;
    const active = document.activeElement;
    const items = [...(list.current?.querySelectorAll<HTMLLIElement>(':scope > li') ?? [])];
    if (items.some((li) => li.dataset.key === p.key)) {
      if (active === document.body || (active && list.current?.contains(active))) return;
      pending.current = null;
      return;
    }
    pending.current = null;
    if (active && active !== document.body && !list.current?.contains(active)) return;
    const li = items[Math.min(p.at, items.length - 1)];
    (li?.querySelector<HTMLElement>('button') ?? heading.current ?? fallback?.current)?.focus();
  });
  return {
    list,
    heading,
    /** Called by the action that will take away the item `key`, at position `at`. */
    leaving: (at: number, key: string) => {
      pending.current = { at, key };
    },
  };
}

/** The cluster being worked on: a name for it, and the unclustered ideas that may belong. */
function WorkingOn({
  questionId,
  working,
  pool,
  onAdd,
  onRename,
}: {
  questionId: string;
  working: { cluster: BoardCluster; ideas: readonly BoardIdea[] } | null;
  pool: readonly BoardIdea[];
  onAdd: (ideaIds: readonly string[], clusterId: string) => void;
  onRename: (clusterId: string, name: string) => void;
}) {
  const [belong, setBelong] = useState<string[] | null>(null);
  const [name, setName] = useState<string | null>(null);
  const headingId = useId();
  const focus = useFocusKeeper();
  const clusterId = working?.cluster.id ?? null;
  const members = working ? working.ideas.map((i) => i.id) : [];
  const membersKey = [...members].sort().join(' ');
  const poolKey = pool.map((i) => i.id).join(' ');
  const poolIds = useRef<ReadonlySet<string>>(new Set());
  poolIds.current = new Set(pool.map((i) => i.id));
  const unnamed = working ? isUnnamed(working.cluster.label) : false;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the keys stand for the arrays
  useEffect(() => {
    if (!clusterId || members.length === 0 || pool.length === 0) {
      setBelong([]);
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      const r = await senseQueries.belong(questionId, clusterId);
      if (!live) return;
      const next = r.ok ? r.ideas.map((i) => i.ideaId) : [];
      // The list stays put under the facilitator's pointer: what is shown and still
      // unclustered keeps its place, fresh candidates fill the gaps. A list that re-ranked
      // after every add would move the next idea away just as it is clicked.
      setBelong((prev) => {
        const shown = (prev ?? []).filter((id) => poolIds.current.has(id)).slice(0, BELONG_SHOWN);
        return [...new Set([...shown, ...next])];
      });
    }, BELONG_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [questionId, clusterId, membersKey, poolKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: membersKey stands for members
  useEffect(() => {
    if (!clusterId || members.length < 2 || !unnamed) {
      setName(null);
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      const r = await senseQueries.name(questionId, members);
      if (live) setName(r.ok && r.name.trim() ? r.name.trim() : null);
    }, BELONG_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [questionId, clusterId, membersKey, unnamed]);

  if (!working) {
    return <p className="small muted sense__section">{t.sensePickCluster}</p>;
  }
  const label = working.cluster.label;
  const inPool = new Map(pool.map((i) => [i.id, i]));
  const candidates = (belong ?? [])
    .flatMap((id) => {
      const idea = inPool.get(id);
      return idea ? [idea] : [];
    })
    .slice(0, BELONG_SHOWN);
  return (
    <section className="sense__section sense__working" aria-labelledby={headingId}>
      <h4 id={headingId} ref={focus.heading} tabIndex={-1} className="sense__title">
        {t.senseWorkingOn(label)}
      </h4>
      {name && unnamed ? (
        <div className="sense__name">
          <span className="small">
            {t.senseNameSuggestion}: <strong>{name}</strong>
          </span>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            aria-label={t.senseUseNameFor(name, label)}
            onClick={() => {
              // The button leaves with the name it offered; the keyboard stays in this section.
              focus.heading.current?.focus();
              onRename(working.cluster.id, name);
            }}
          >
            {t.senseUseName}
          </button>
        </div>
      ) : null}
      <p className="small sense__sub">
        <strong>{t.senseMayBelong}</strong>
      </p>
      {belong === null ? (
        // The first answer for this cluster is on its way (a quarter second, more on a busy
        // server): say so rather than show an empty list.
        <p className="small muted">{t.senseLoading}</p>
      ) : candidates.length === 0 ? (
        <p className="small muted">{t.senseMayBelongNone}</p>
      ) : (
        <ul ref={focus.list} className="sense__list">
          {candidates.map((idea, at) => (
            <li key={idea.id} data-key={idea.id} className="sense__candidate">
              <p className="sense__text">{idea.text}</p>
              <button
                type="button"
                className="btn btn--secondary btn--small"
                aria-label={t.senseAddTo(label, short(idea.text))}
                onClick={() => {
                  focus.leaving(at, idea.id);
                  onAdd([idea.id], working.cluster.id);
                }}
              >
                + {t.senseAdd}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * One proposed group: untick what does not belong, adjust the name, accept or dismiss — or add
 * its ideas to the cluster being worked on, when the suggestion turns out to be more of a
 * theme already on the board (one step, like an accept).
 */
function GroupSuggestion({
  group,
  byId,
  into,
  onAccept,
  onAddInto,
  onDismiss,
}: {
  group: SuggestedGroup;
  byId: ReadonlyMap<string, BoardIdea>;
  /** The cluster being worked on, if any. */
  into: BoardCluster | null;
  onAccept: (name: string, ideaIds: readonly string[]) => void;
  onAddInto: (ideaIds: readonly string[], cluster: BoardCluster) => void;
  onDismiss: () => void;
}) {
  const [name, setName] = useState(group.name);
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [edited, setEdited] = useState(false);
  const base = useId();
  const chosen = group.ideaIds.filter((i) => !unticked.has(i));
  const finalName = name.trim() || group.name || t.untitledCluster;
  const accept = () => {
    if (chosen.length > 0) onAccept(finalName, chosen);
  };
  return (
    <li className="sense__group">
      <label className="visually-hidden" htmlFor={`${base}-name`}>
        {t.senseGroupName}
      </label>
      <input
        id={`${base}-name`}
        type="text"
        className="sense__group-name"
        maxLength={120}
        value={name}
        // Focusing the suggested name selects it, so typing replaces it at once.
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => {
          setName(e.target.value);
          setEdited(true);
        }}
        // Until typed in, Ctrl+Z here undoes the board (the accept that put the focus here).
        data-board-undo={edited ? undefined : 'true'}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            accept();
          }
        }}
      />
      {/* Under the name, in view with it: at the foot of a long suggestion these buttons sent
          the facilitator scrolling the column (counted by the what-it-saves e2e). */}
      <div className="row sense__actions">
        <button
          type="button"
          className="btn btn--small"
          disabled={chosen.length === 0}
          aria-label={t.senseAcceptLabel(finalName, chosen.length)}
          onClick={accept}
        >
          {t.senseAccept(chosen.length)}
        </button>
        {into ? (
          <button
            type="button"
            className="btn btn--secondary btn--small sense__into"
            disabled={chosen.length === 0}
            aria-label={t.senseAddIntoLabel(finalName, into.label, chosen.length)}
            onClick={() => {
              if (chosen.length > 0) onAddInto(chosen, into);
            }}
          >
            {t.senseAddInto(into.label, chosen.length)}
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn--secondary btn--small"
          aria-label={t.senseDismissLabel(finalName)}
          onClick={onDismiss}
        >
          {t.senseDismiss}
        </button>
      </div>
      <ul className="sense__group-ideas">
        {group.ideaIds.map((id) => {
          const idea = byId.get(id);
          if (!idea) return null;
          return (
            <li key={id}>
              <label className="checkbox sense__idea">
                <input
                  type="checkbox"
                  checked={!unticked.has(id)}
                  aria-label={t.senseInclude(short(idea.text))}
                  onChange={() =>
                    setUnticked((s) => {
                      const next = new Set(s);
                      if (next.has(id)) next.delete(id);
                      else next.add(id);
                      return next;
                    })
                  }
                />
                <span className="sense__text">{idea.text}</span>
              </label>
            </li>
          );
        })}
      </ul>
    </li>
  );
}
