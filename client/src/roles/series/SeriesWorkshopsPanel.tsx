import type { SeriesReply, SeriesWorkshop } from '@convene/shared';
import { type FormEvent, useState } from 'react';
import { formatDate, t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import type { SeriesPanelProps } from './seriesPanel.ts';

/** The series' workshops and where each stands; adding one by its facilitator link. */

function Progress({ w }: { w: SeriesWorkshop }) {
  const steps = [
    ...Array<string>(w.done).fill('done'),
    ...Array<string>(w.running).fill('running'),
    ...Array<string>(w.notStarted).fill('todo'),
  ];
  return (
    <span className="progress" aria-hidden="true">
      {steps.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the steps are positions in the agenda
        <span key={i} className={`progress__step progress__step--${s}`} />
      ))}
    </span>
  );
}

function stateOf(w: SeriesWorkshop): string {
  if (w.questions > 0 && w.done === w.questions) return t.seriesStateDone;
  if (w.running > 0 || w.done > 0) return t.seriesStateRunning(w.done, w.questions);
  return t.seriesStateNotStarted;
}

export function SeriesWorkshopsPanel({ token, path, series, onSeries, reload }: SeriesPanelProps) {
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const attach = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSeries(
        await apiFetch<SeriesReply>(`${path}/workshops`, {
          method: 'POST',
          token,
          body: { facilitatorToken: link.trim() },
        }),
      );
      setLink('');
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 403 ? t.seriesAttachRefused : t.seriesFailed,
      );
    } finally {
      setBusy(false);
    }
  };

  const remove = async (w: SeriesWorkshop) => {
    if (!window.confirm(t.seriesRemoveConfirm(w.title))) return;
    setBusy(true);
    setError(null);
    try {
      onSeries(
        await apiFetch<SeriesReply>(`${path}/workshops/${encodeURIComponent(w.id)}`, {
          method: 'DELETE',
          token,
        }),
      );
    } catch {
      setError(t.seriesFailed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="workshops-title">
      <div className="row">
        <h2 id="workshops-title">{t.seriesWorkshops(series.workshops.length)}</h2>
        <button type="button" className="btn btn--secondary btn--small" onClick={reload}>
          {t.seriesRefresh}
        </button>
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {series.workshops.length === 0 ? (
        <p className="muted">{t.seriesEmpty}</p>
      ) : (
        <table className="series-table">
          <thead>
            <tr>
              <th scope="col">{t.seriesColWorkshop}</th>
              <th scope="col">{t.seriesColState}</th>
              <th scope="col" className="num">
                {t.seriesColParticipants}
              </th>
              <th scope="col" className="num">
                {t.seriesColIdeas}
              </th>
              <th scope="col">{t.seriesColBrief}</th>
              <th scope="col">
                <span className="visually-hidden">{t.seriesColActions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {series.workshops.map((w) => (
              <tr key={w.id}>
                <td>
                  <strong>{w.title}</strong>
                  <div className="muted small">
                    {[w.date ? formatDate(w.date) : null, w.host].filter(Boolean).join(' · ')}
                  </div>
                </td>
                <td>
                  <Progress w={w} />
                  {stateOf(w)}
                </td>
                <td className="num">{w.participants}</td>
                <td className="num">{w.ideas}</td>
                <td>
                  {w.draftSections === 0
                    ? t.seriesNoDraft
                    : t.seriesDraft(w.draftSections, w.editedSections)}
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn--secondary btn--small"
                    disabled={busy}
                    onClick={() => remove(w)}
                    aria-label={t.seriesRemoveLabel(w.title)}
                  >
                    {t.seriesRemove}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="row" onSubmit={attach}>
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="attach-link">{t.seriesAttachLabel}</label>
          <input
            id="attach-link"
            type="text"
            value={link}
            onChange={(e) => setLink(e.target.value)}
            placeholder="https://…/facilitator/…#token=…"
            autoComplete="off"
          />
          <span className="hint">{t.seriesAttachHint}</span>
        </div>
        <button type="submit" className="btn btn--secondary" disabled={busy || !link.trim()}>
          {t.seriesAttach}
        </button>
      </form>
    </section>
  );
}
