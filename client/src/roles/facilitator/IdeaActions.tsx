import { type BoardIdea, LIMITS } from '@convene/shared';
import { useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { sendCommand } from '../../net/commands.ts';
import { SpotlightButton } from './SpotlightButton.tsx';

/** Facilitator moderation of one idea: correct, hide with a reason, merge into another. */
export function IdeaActions({ idea, others }: { idea: BoardIdea; others: readonly BoardIdea[] }) {
  const [mode, setMode] = useState<'idle' | 'edit' | 'hide'>('idle');
  const [text, setText] = useState(idea.text);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const done = async (p: ReturnType<typeof sendCommand>) => {
    const r = await p;
    if (r.ok) {
      setMode('idle');
      setError(null);
    } else setError(r.error.message);
  };
  return (
    <div className="idea-actions">
      {mode === 'idle' ? (
        <div className="row">
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
          <SpotlightButton target={{ kind: 'idea', id: idea.id }} label={idea.text} />
          {others.length > 0 ? (
            <select
              aria-label={`${t.mergeInto} ${idea.text.slice(0, 60)}`}
              value=""
              onChange={(e) =>
                e.target.value &&
                done(sendCommand('idea:merge', { ideaId: idea.id, intoId: e.target.value }))
              }
            >
              <option value="">{t.mergeInto}</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.text.slice(0, 80)}
                </option>
              ))}
            </select>
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
