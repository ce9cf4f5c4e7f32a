import type { BriefState, SeriesNewLink, SeriesReply, SeriesWorkshop } from '@convene/shared';
import { type FormEvent, useState } from 'react';
import { formatDate, t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { CopyField } from '../../ui/CopyField.tsx';
import type { SeriesPanelProps } from './seriesPanel.ts';

/**
 * The series' workshops and where each stands (issue 15, item 4): number, questions closed,
 * join code, the brief's state (none, draft, checked, exported) and new facilitator or
 * rapporteur links — role links are stored hashed, so they are minted anew, never shown again.
 * A workshop is also added by its facilitator link.
 */

function briefLabel(state: BriefState): string {
  switch (state) {
    case 'none':
      return t.seriesBriefNone;
    case 'draft':
      return t.seriesBriefDraft;
    case 'checked':
      return t.seriesBriefChecked;
    case 'exported':
      return t.seriesBriefExported;
  }
}

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
  const [minted, setMinted] = useState<(SeriesNewLink & { workshopId: string }) | null>(null);

  const mint = async (w: SeriesWorkshop, role: 'facilitator' | 'rapporteur') => {
    setBusy(true);
    setError(null);
    try {
      const link = await apiFetch<SeriesNewLink>(
        `${path}/workshops/${encodeURIComponent(w.id)}/links`,
        { method: 'POST', token, body: { role } },
      );
      setMinted({ ...link, workshopId: w.id });
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.message : t.seriesFailed);
    } finally {
      setBusy(false);
    }
  };

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
              <th scope="col" className="num">
                {t.seriesColNumber}
              </th>
              <th scope="col">{t.seriesColWorkshop}</th>
              <th scope="col">{t.seriesColState}</th>
              <th scope="col" className="num">
                {t.seriesColParticipants}
              </th>
              <th scope="col" className="num">
                {t.seriesColIdeas}
              </th>
              <th scope="col">{t.seriesColJoin}</th>
              <th scope="col">{t.seriesColBrief}</th>
            </tr>
          </thead>
          <tbody>
            {series.workshops.flatMap((w) => {
              const row = (
                <tr key={w.id}>
                  <td className="num" data-label={t.seriesColNumber}>
                    {w.consolidation ? '—' : (w.number ?? '—')}
                  </td>
                  <td data-label={t.seriesColWorkshop}>
                    <strong>{w.title}</strong>
                    {w.consolidation ? (
                      <span className="badge series-consolidation">{t.seriesConsolidation}</span>
                    ) : null}
                    <div className="muted small">
                      {[w.date ? formatDate(w.date) : null, w.host].filter(Boolean).join(' · ')}
                    </div>
                    <div className="row series-actions">
                      <span className="small muted" aria-hidden="true">
                        {t.seriesNewLink}
                      </span>
                      <button
                        type="button"
                        className="btn btn--secondary btn--small"
                        disabled={busy}
                        onClick={() => mint(w, 'facilitator')}
                        aria-label={t.seriesNewLinkLabel(t.seriesNewFacilitatorLink, w.title)}
                      >
                        {t.linkFacilitator}
                      </button>
                      <button
                        type="button"
                        className="btn btn--secondary btn--small"
                        disabled={busy}
                        onClick={() => mint(w, 'rapporteur')}
                        aria-label={t.seriesNewLinkLabel(t.seriesNewRapporteurLink, w.title)}
                      >
                        {t.linkRapporteur}
                      </button>
                      <button
                        type="button"
                        className="btn btn--secondary btn--small"
                        disabled={busy}
                        onClick={() => remove(w)}
                        aria-label={t.seriesRemoveLabel(w.title)}
                      >
                        {t.seriesRemove}
                      </button>
                    </div>
                  </td>
                  <td className="series-state" data-label={t.seriesColState}>
                    <Progress w={w} />
                    {stateOf(w)}
                  </td>
                  <td className="num" data-label={t.seriesColParticipants}>
                    {w.participants}
                  </td>
                  <td className="num" data-label={t.seriesColIdeas}>
                    {w.ideas}
                  </td>
                  <td data-label={t.seriesColJoin}>
                    {w.joinCode ? <code className="join-code-small">{w.joinCode}</code> : '—'}
                  </td>
                  <td data-label={t.seriesColBrief}>
                    {w.brief ? (
                      <span
                        className={`brief-state brief-state--${w.brief}`}
                        title={t.seriesBriefHint[w.brief]}
                      >
                        {briefLabel(w.brief)}
                      </span>
                    ) : null}
                    {w.draftSections > 0 || !w.brief ? (
                      <div className="muted small">
                        {w.draftSections === 0
                          ? t.seriesNoDraft
                          : t.seriesDraft(w.draftSections, w.editedSections)}
                      </div>
                    ) : null}
                  </td>
                </tr>
              );
              if (minted?.workshopId !== w.id) return [row];
              return [
                row,
                <tr key={`${w.id}-link`} className="series-minted">
                  <td colSpan={7}>
                    <div className="stack" role="status">
                      <CopyField
                        label={minted.role === 'facilitator' ? t.linkFacilitator : t.linkRapporteur}
                        value={minted.link}
                      />
                      <span className="hint">{t.seriesLinkOnce}</span>
                    </div>
                  </td>
                </tr>,
              ];
            })}
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
