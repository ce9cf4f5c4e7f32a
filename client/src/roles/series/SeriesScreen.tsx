import type { CreatedSeries, SeriesReply, SeriesWorkshop } from '@convene/shared';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { formatDate, t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { CopyField } from '../../ui/CopyField.tsx';
import { NoToken } from '../../ui/NoToken.tsx';
import { TopBar } from '../../ui/TopBar.tsx';
import '../rapporteur/brief.css';
import { PaperPanel } from './PaperPanel.tsx';

/**
 * A series of workshops: its page lists the workshops and where each stands, and exports the
 * policy-paper draft. The page is opened by a series link (a capability, like role links: the
 * token travels in the URL fragment and is kept on this device). Without an id, the page
 * creates a series.
 */

const tokenKey = (id: string) => `convene:series:${id}`;

function seriesToken(id: string): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    localStorage.setItem(tokenKey(id), fromHash);
    return fromHash;
  }
  return localStorage.getItem(tokenKey(id));
}

export function SeriesScreen({ seriesId }: { seriesId: string }) {
  return seriesId ? <SeriesPage seriesId={seriesId} /> : <CreateSeries />;
}

function CreateSeries() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [adminToken, setAdminToken] = useState('');
  const [needsAdmin, setNeedsAdmin] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedSeries | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const reply = await apiFetch<CreatedSeries>('/api/series', {
        method: 'POST',
        token: adminToken || null,
        body: { name, ...(description.trim() ? { description } : {}) },
      });
      setCreated(reply);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setNeedsAdmin(true);
        setError(t.seriesNeedsAdmin);
      } else if (err instanceof ApiError && err.code === 'series_exists') {
        setError(t.seriesExists);
      } else {
        setError(err instanceof ApiError && err.status !== 0 ? err.message : t.seriesFailed);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <TopBar title={t.seriesCreateTitle} />
      <main className="page page--narrow stack">
        {created ? (
          <section className="card stack" aria-labelledby="series-ready">
            <h2 id="series-ready">{t.seriesReady(created.name)}</h2>
            <p className="hint">{t.seriesLinkHint}</p>
            <CopyField label={t.seriesLink} value={created.link} openLabel={t.open} />
          </section>
        ) : (
          <form className="card stack" onSubmit={submit} aria-labelledby="series-create">
            <h2 id="series-create">{t.seriesCreateTitle}</h2>
            <p className="hint">{t.seriesCreateHint}</p>
            <div className="field">
              <label htmlFor="series-name">{t.seriesName}</label>
              <input
                id="series-name"
                type="text"
                required
                maxLength={200}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="series-description">{t.seriesDescription}</label>
              <textarea
                id="series-description"
                rows={4}
                maxLength={2000}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            </div>
            {needsAdmin ? (
              <div className="field">
                <label htmlFor="series-admin">{t.fieldAdminToken}</label>
                <input
                  id="series-admin"
                  type="password"
                  autoComplete="off"
                  value={adminToken}
                  onChange={(e) => setAdminToken(e.target.value)}
                />
              </div>
            ) : null}
            {error ? (
              <p className="error-text" role="alert">
                {error}
              </p>
            ) : null}
            <div className="row">
              <button type="submit" className="btn" disabled={busy || !name.trim()}>
                {busy ? t.creating : t.seriesCreate}
              </button>
            </div>
          </form>
        )}
      </main>
    </>
  );
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

function SeriesPage({ seriesId }: { seriesId: string }) {
  const [token] = useState(() => seriesToken(seriesId));
  const [series, setSeries] = useState<SeriesReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);

  const path = `/api/series/${encodeURIComponent(seriesId)}`;
  const load = useCallback(async () => {
    if (!token) return;
    try {
      setSeries(await apiFetch<SeriesReply>(path, { token }));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t.linkInvalid : t.seriesFailed);
    }
  }, [path, token]);

  useEffect(() => {
    void load();
  }, [load]);

  const workshopTitle = useCallback(
    (id: string) => series?.workshops.find((w) => w.id === id)?.title ?? id,
    [series],
  );

  if (!token) return <NoToken />;

  const attach = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSeries(
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
    try {
      setSeries(
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
    <>
      <TopBar title={series?.name ?? t.loading} />
      <main className="page stack">
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        {series ? (
          <>
            {series.description ? <p className="muted">{series.description}</p> : null}
            <section className="card stack" aria-labelledby="workshops-title">
              <div className="row">
                <h2 id="workshops-title">{t.seriesWorkshops(series.workshops.length)}</h2>
                <button type="button" className="btn btn--secondary btn--small" onClick={load}>
                  {t.seriesRefresh}
                </button>
              </div>
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
                            {[w.date ? formatDate(w.date) : null, w.host]
                              .filter(Boolean)
                              .join(' · ')}
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
                <button
                  type="submit"
                  className="btn btn--secondary"
                  disabled={busy || !link.trim()}
                >
                  {t.seriesAttach}
                </button>
              </form>
            </section>
            <PaperPanel seriesId={seriesId} token={token} workshopTitle={workshopTitle} />
          </>
        ) : !error ? (
          <p aria-busy="true">{t.loading}</p>
        ) : null}
      </main>
    </>
  );
}
