import type { CreatedSeries } from '@convene/shared';
import { type FormEvent, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { CopyField } from '../../ui/CopyField.tsx';
import { TopBar } from '../../ui/TopBar.tsx';

/** The organiser's form that creates a series and hands out its link (a capability). */
export function CreateSeries() {
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
