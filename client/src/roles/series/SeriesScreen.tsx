import type { SeriesReply } from '@convene/shared';
import { useCallback, useEffect, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch, downloadFile } from '../../net/api.ts';
import { NoToken } from '../../ui/NoToken.tsx';
import { TopBar } from '../../ui/TopBar.tsx';
import { CreateSeries } from './CreateSeries.tsx';
import { SeriesPlanPanel } from './SeriesPlanPanel.tsx';
import { SeriesSettingsPanel } from './SeriesSettingsPanel.tsx';
import { SeriesWorkshopsPanel } from './SeriesWorkshopsPanel.tsx';
import type { SeriesPanelProps } from './seriesPanel.ts';
import '../rapporteur/brief.css';
import './series.css';

/**
 * A series of workshops: its page is the organisers' desk — the series' settings, its plan,
 * its workshops and where each stands, the consolidation session and the policy paper, one
 * panel each (issue 15). The page is opened by a series link (a capability, like role links:
 * the token travels in the URL fragment and is kept on this device). Without an id, the page
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

function SeriesPage({ seriesId }: { seriesId: string }) {
  const [token] = useState(() => seriesToken(seriesId));
  const [series, setSeries] = useState<SeriesReply | null>(null);
  const [error, setError] = useState<string | null>(null);

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

  if (!token) return <NoToken />;

  const panel: SeriesPanelProps | null = series
    ? { seriesId, token, path, series, onSeries: setSeries, reload: load }
    : null;

  return (
    <>
      <TopBar title={series?.name ?? t.loading} />
      <main className="page series-page stack">
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        {panel ? (
          <>
            {panel.series.description ? <p className="muted">{panel.series.description}</p> : null}
            <SeriesSettingsPanel {...panel} />
            <SeriesPlanPanel {...panel} />
            <SeriesWorkshopsPanel {...panel} />
            <PaperExport {...panel} />
          </>
        ) : !error ? (
          <p aria-busy="true">{t.loading}</p>
        ) : null}
      </main>
    </>
  );
}

/** The paper's exports as they stood before issue 15 (the paper's own panel replaces this). */
function PaperExport({ token, path }: SeriesPanelProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const download = async (format: 'docx' | 'html' | 'md') => {
    setBusy(true);
    setError(null);
    try {
      await downloadFile(`${path}/export?format=${format}`, token, `policy-paper.${format}`);
    } catch {
      setError(t.exportFailed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="paper-title">
      <h2 id="paper-title">{t.seriesPaper}</h2>
      <p className="hint">{t.seriesPaperHint}</p>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row">
        <button type="button" className="btn" disabled={busy} onClick={() => download('docx')}>
          {t.exportDocx}
        </button>
        <button
          type="button"
          className="btn btn--secondary"
          disabled={busy}
          onClick={() => download('html')}
        >
          {t.exportHtml}
        </button>
        <button
          type="button"
          className="btn btn--secondary"
          disabled={busy}
          onClick={() => download('md')}
        >
          {t.exportMd}
        </button>
      </div>
    </section>
  );
}
