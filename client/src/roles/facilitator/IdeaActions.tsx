import { type BoardIdea, DEFAULT_LENSES, LIMITS } from '@convene/shared';
import { useId, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { sendCommand, showingRefusal } from '../../net/commands.ts';
import { useWorkshop } from '../../stores/workshopStore.ts';
import { ContestForm } from '../../ui/ContestMark.tsx';
import { TagControls } from '../../ui/lenses/TagControls.tsx';
import { SpotlightButton } from './SpotlightButton.tsx';

/**
 * Facilitator moderation of one idea: correct, hide with a reason, merge into another, tag it
 * with the workshop's lenses, and mark it as a point of debate (issue 13).
 */
export function IdeaActions({
  idea,
  others,
  contest = true,
  tags = true,
}: {
  idea: BoardIdea;
  others: readonly BoardIdea[];
  /** Offer "views differed" (the collecting grid offers it only on an idea already marked). */
  contest?: boolean;
  /**
   * Whether to offer "Tags" (lenses). The collecting grid leaves it out: its cards keep one line
   * of actions at 80 ideas (issue 12); tagging is on the clustering board and the rapporteur's.
   */
  tags?: boolean;
}) {
  const [mode, setMode] = useState<'idle' | 'edit' | 'hide' | 'merge' | 'tags' | 'contest'>('idle');
  const lenses = useWorkshop((s) => s.board?.workshop.lenses) ?? DEFAULT_LENSES;
  const hasLenses = tags && (lenses.countries || lenses.pbc || lenses.custom.length > 0);
  const [text, setText] = useState(idea.text);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = showingRefusal(setError);
  const done = async (p: ReturnType<typeof sendCommand>) => {
    if (await run(p)) setMode('idle');
  };
  return (
    <div className="idea-actions">
      {mode === 'idle' ? (
        <div className="row idea-actions__row">
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => {
              setText(idea.text);
              setMode('edit');
            }}
            aria-label={`${t.edit}: ${idea.text.slice(0, 60)}`}
          >
            {t.edit}
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => setMode('hide')}
            aria-label={`${t.hide}: ${idea.text.slice(0, 60)}`}
          >
            {t.hide}
          </button>
          {hasLenses ? (
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => setMode('tags')}
              aria-label={t.tagsOf(idea.text.slice(0, 60))}
            >
              {t.tags}
            </button>
          ) : null}
          <SpotlightButton target={{ kind: 'idea', id: idea.id }} label={idea.text} compact />
          {/* Only the sign, like the spotlight's star: the row stays short. */}
          {contest || idea.contested ? (
            <button
              type="button"
              className="btn btn--secondary btn--small btn--icon"
              title={t.contestAction}
              onClick={() => setMode('contest')}
              aria-label={t.contestActionFor(idea.text.slice(0, 60))}
            >
              ⇄
            </button>
          ) : null}
          {others.length > 0 ? (
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => setMode('merge')}
              aria-label={`${t.mergeInto} ${idea.text.slice(0, 60)}`}
            >
              {t.mergeShort}
            </button>
          ) : null}
        </div>
      ) : null}
      {mode === 'edit' ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void done(sendCommand('idea:edit', { ideaId: idea.id, text }));
          }}
        >
          <label className="visually-hidden" htmlFor={`edit-${idea.id}`}>
            {t.edit}
          </label>
          <textarea
            id={`edit-${idea.id}`}
            rows={2}
            maxLength={LIMITS.ideaText}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="btn btn--small">
              {t.save}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => setMode('idle')}
            >
              {t.cancel}
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'tags' ? (
        <div className="stack">
          <TagControls ideas={[idea]} lenses={lenses} legend={t.tagsOf(idea.text.slice(0, 60))} />
          <div>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => setMode('idle')}
            >
              {t.close}
            </button>
          </div>
        </div>
      ) : null}
      {mode === 'merge' ? (
        <MergePicker
          idea={idea}
          others={others}
          onPick={(intoId) => void done(sendCommand('idea:merge', { ideaId: idea.id, intoId }))}
          onClose={() => setMode('idle')}
        />
      ) : null}
      {mode === 'contest' ? (
        <ContestForm
          contested={idea.contested}
          note={idea.contestNote}
          subject={idea.text}
          save={async (contested, note) => {
            const r = await sendCommand('idea:contest', {
              ideaId: idea.id,
              contested,
              ...(contested && note ? { note } : {}),
            });
            return r.ok ? null : r.error.message;
          }}
          onClose={() => setMode('idle')}
        />
      ) : null}
      {mode === 'hide' ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void done(sendCommand('idea:hide', { ideaId: idea.id, reason }));
          }}
        >
          <label className="small" htmlFor={`hide-${idea.id}`}>
            {t.hideReason}
          </label>
          <input
            id={`hide-${idea.id}`}
            type="text"
            required
            maxLength={LIMITS.moderationReason}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="btn btn--small">
              {t.hide}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => setMode('idle')}
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
    </div>
  );
}

/** Words of a query all found in a text, accents and case ignored ("eleccion" finds "elección"). */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const SHOWN = 8;

/**
 * Search-as-you-type choice of the idea to merge into (a WAI-ARIA combobox with a listbox). A
 * <select> of every idea put 70+ long options on each card at room size; here the facilitator
 * types a few words of the duplicate and picks among at most eight matches.
 */
function MergePicker({
  idea,
  others,
  onPick,
  onClose,
}: {
  idea: BoardIdea;
  others: readonly BoardIdea[];
  onPick: (intoId: string) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const base = useId();
  const words = fold(query).split(/\s+/).filter(Boolean);
  const found =
    words.length === 0 ? [] : others.filter((o) => words.every((w) => fold(o.text).includes(w)));
  const matches = found.slice(0, SHOWN);
  const current = matches[Math.min(active, matches.length - 1)];
  const listId = `${base}-list`;
  return (
    <div className="merge-picker">
      <label className="small" htmlFor={`${base}-q`}>
        {t.mergeInto} {idea.text.slice(0, 60)}
      </label>
      <input
        id={`${base}-q`}
        type="text"
        role="combobox"
        aria-expanded={matches.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${base}-${current.id}` : undefined}
        placeholder={t.mergeSearchPlaceholder}
        maxLength={200}
        // biome-ignore lint/a11y/noAutofocus: opened by the facilitator's own click on "Merge into…"
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, matches.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (current) onPick(current.id);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <div id={listId} role="listbox" aria-label={t.mergeInto} className="merge-picker__list">
        {matches.map((o) => (
          <div
            key={o.id}
            id={`${base}-${o.id}`}
            role="option"
            aria-selected={o.id === current?.id}
            className="merge-picker__option"
            // The input keeps focus (the combobox pattern); a mouse pick must not blur it first.
            onMouseDown={(e) => e.preventDefault()}
            // Not in the tab order (the input keeps focus and points here); a click still picks.
            tabIndex={-1}
            onClick={() => onPick(o.id)}
            onKeyDown={(e) => e.key === 'Enter' && onPick(o.id)}
          >
            {o.text.slice(0, 120)}
          </div>
        ))}
      </div>
      <p className="small muted" aria-live="polite">
        {words.length === 0
          ? ''
          : matches.length === 0
            ? t.mergeNoMatch
            : t.mergeMatches(found.length)}
      </p>
      <div className="row">
        <button type="button" className="btn btn--secondary btn--small" onClick={onClose}>
          {t.cancel}
        </button>
      </div>
    </div>
  );
}
