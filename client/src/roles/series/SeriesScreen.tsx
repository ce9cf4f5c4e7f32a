import type { SeriesReply } from '@convene/shared';
import { useCallback, useEffect, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { NoToken } from '../../ui/NoToken.tsx';
import { TopBar } from '../../ui/TopBar.tsx';
import { ConsolidationPanel } from './ConsolidationPanel.tsx';
import { CreateSeries } from './CreateSeries.tsx';
import { PaperPanel } from './PaperPanel.tsx';
import { SeriesPlanPanel } from './SeriesPlanPanel.tsx';
import { SeriesSettingsPanel } from './SeriesSettingsPanel.tsx';
import { SeriesWorkshopsPanel } from './SeriesWorkshopsPanel.tsx';
import type { SeriesPanelProps } from './seriesPanel.ts';
import '../rapporteur/brief.css';
import './series.css';
import { STORAGE_KEYS } from '../../net/storageKeys.ts';

/**
 * A series of workshops: its page is the organisers' desk — the series' settings, its plan,
 * its workshops and where each stands, the consolidation session and the policy paper, one
 * panel each (issue 15). The page is opened by a series link (a capability, like role links:
 * the token travels in the URL fragment and is kept on this device). Without an id, the page
 * creates a series.
 */

const tokenKey = STORAGE_KEYS.seriesToken;

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

  const workshopTitle = useCallback(
    (id: string) => series?.workshops.find((w) => w.id === id)?.title ?? id,
    [series],
  );

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
            <SeriesPlanPanel {...panel} />
            <SeriesWorkshopsPanel {...panel} />
            <ConsolidationPanel {...panel} />
            <PaperPanel seriesId={seriesId} token={token} workshopTitle={workshopTitle} />
            <SeriesSettingsPanel {...panel} />
          </>
        ) : !error ? (
          <p aria-busy="true">{t.loading}</p>
        ) : null}
      </main>
    </>
  );
}
