import { LIMITS } from '@convene/shared';
import { useId, useState } from 'react';
import { t } from '../i18n/i18n.ts';

/**
 * Points of debate (issue 13): the mark "views differed" on an idea or a cluster, shown to the
 * facilitator and the rapporteur only (the projector shows it on a spotlit item alone). A
 * quiet, neutral marker — a debate is part of the record, not an alarm.
 */
export function ContestBadge({ note }: { note: string | null }) {
  return (
    <p className="contest">
      <span className="contest__mark">
        <span aria-hidden="true">⇄ </span>
        {t.contested}
      </span>
      {note ? <span className="contest__note">{note}</span> : null}
    </p>
  );
}

/**
 * The form that marks, re-words or unmarks a point of debate. `save` resolves with an error
 * message to show, or null when it was taken; the form then closes.
 */
export function ContestForm({
  contested,
  note,
  subject,
  save,
  onClose,
}: {
  contested: boolean;
  note: string | null;
  /** What is marked (an idea's text, a cluster's name), for labels. */
  subject: string;
  save: (contested: boolean, note: string) => Promise<string | null> | string | null;
  onClose: () => void;
}) {
  const base = useId();
  const [draft, setDraft] = useState(note ?? '');
  const [error, setError] = useState<string | null>(null);
  const run = async (mark: boolean) => {
    const problem = await save(mark, mark ? draft.trim() : '');
    if (problem) setError(problem);
    else onClose();
  };
  return (
    <form
      className="stack contest-form"
      aria-label={t.contestActionFor(subject.slice(0, 60))}
      onSubmit={(e) => {
        e.preventDefault();
        void run(true);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <label className="small" htmlFor={`${base}-note`}>
        {t.contestNoteLabel}
      </label>
      <input
        id={`${base}-note`}
        type="text"
        maxLength={LIMITS.contestNote}
        placeholder={t.contestNotePlaceholder}
        // biome-ignore lint/a11y/noAutofocus: opened by the person's own click on "Views differed…"
        autoFocus
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
      <div className="row">
        <button type="submit" className="btn btn--small">
          {contested ? t.save : t.contestMark}
        </button>
        {contested ? (
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => void run(false)}
          >
            {t.contestUnmark}
          </button>
        ) : null}
        <button type="button" className="btn btn--secondary btn--small" onClick={onClose}>
          {t.cancel}
        </button>
      </div>
      {error ? (
        <p className="error-text small" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/**
 * A "Views differed…" button that opens the form under it (rapporteur's cards, clusters).
 * Compact: only the ⇄ sign, in the card's corner, so that 80 cards do not each grow a row.
 */
export function ContestControl({
  contested,
  note,
  subject,
  save,
  compact = false,
}: {
  contested: boolean;
  note: string | null;
  subject: string;
  save: (contested: boolean, note: string) => Promise<string | null> | string | null;
  compact?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className={`contest-control${compact ? ' contest-control--compact' : ''}`}>
      <button
        type="button"
        className={`btn btn--secondary btn--small contest-control__toggle${compact ? ' btn--icon' : ''}`}
        title={compact ? t.contestAction : undefined}
        aria-expanded={open}
        aria-label={t.contestActionFor(subject.slice(0, 60))}
        onClick={() => setOpen((o) => !o)}
      >
        {compact ? '⇄' : t.contestAction}
      </button>
      {open ? (
        <ContestForm
          contested={contested}
          note={note}
          subject={subject}
          save={save}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </div>
  );
}
