import type { ComponentType } from 'react';
import { t, useLanguage } from './i18n/i18n.ts';
import { PanelBoundary } from './ui/PanelBoundary.tsx';

/** A role's screen, given the id that follows its section in the path. */
type Screen = ComponentType<{ param: string }>;

/**
 * Each role's screen is its own chunk: a projector or a phone joining a 1,000-idea board must
 * not download and compile the organiser form, the cluster board or the brief editor before its
 * first socket opens. What the screens share (React, yjs, socket.io, small UI) is one chunk
 * that index.html preloads with the entry (vite.config.ts).
 */
const SCREENS: Record<string, () => Promise<Screen>> = {
  join: () =>
    import('./roles/participant/JoinScreen.tsx').then((m) => ({ param }) => (
      <m.JoinScreen initialCode={param} />
    )),
  participant: () =>
    import('./roles/participant/ParticipantScreen.tsx').then((m) => ({ param }) => (
      <m.ParticipantScreen workshopId={param} />
    )),
  facilitator: () =>
    import('./roles/facilitator/FacilitatorScreen.tsx').then((m) => ({ param }) => (
      <m.FacilitatorScreen workshopId={param} />
    )),
  projector: () =>
    import('./roles/projector/ProjectorScreen.tsx').then((m) => ({ param }) => (
      <m.ProjectorScreen workshopId={param} />
    )),
  rapporteur: () =>
    import('./roles/rapporteur/RapporteurScreen.tsx').then((m) => ({ param }) => (
      <m.RapporteurScreen workshopId={param} />
    )),
  series: () =>
    import('./roles/series/SeriesScreen.tsx').then((m) => ({ param }) => (
      <m.SeriesScreen seriesId={param} />
    )),
};
const home = () => import('./roles/home/HomeScreen.tsx').then((m) => () => <m.HomeScreen />);

/** One route per role; the path is the whole router (links are shared as plain URLs). */
export function route(): { load: () => Promise<Screen>; param: string } {
  const [, section = '', id = ''] = location.pathname.split('/');
  return { load: SCREENS[section] ?? home, param: decodeURIComponent(id) };
}

export function App({ Screen, param }: { Screen: Screen; param: string }) {
  // A language switch re-renders every screen with the new dictionary.
  const language = useLanguage();
  // The last line of defence for screens without boundaries of their own (home, join,
  // series): a message and a retry rather than a blank page. Role screens have their own.
  return (
    <PanelBoundary name="page" resetKey={language} className="page">
      <Screen key={language} param={param} />
    </PanelBoundary>
  );
}

/**
 * Shown while the screen's chunk loads. main.tsx renders it and then the screen, rather than
 * React.lazy under Suspense: React holds a revealed Suspense boundary back until 300 ms after
 * its fallback appeared, which would add up to 300 ms to every cold open.
 */
export function Loading() {
  return (
    <p className="route-loading" role="status" aria-busy="true">
      {t.loading}
    </p>
  );
}

/** The screen's chunk could not be fetched (the network went away mid-load). */
export function LoadFailed() {
  return (
    <main className="page page--narrow">
      <p className="error-text" role="alert">
        {t.loadFailed}
      </p>
      <button type="button" className="btn" onClick={() => location.reload()}>
        {t.reload}
      </button>
    </main>
  );
}
