import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, LoadFailed, Loading, route } from './App.tsx';
import { registerServiceWorker } from './net/offline.ts';
import './ui/theme.css';

const root = document.getElementById('root');
if (root) {
  // Every error boundary in the app is a PanelBoundary, which reports what it catches to
  // console.error itself (once per distinct error): React's own report would repeat it.
  const reactRoot = createRoot(root, { onCaughtError: () => {} });
  const { load, param } = route();
  // The screen's chunk is requested before React renders anything. (Opening the workshop's
  // connection here too, while the chunk loads, was measured slower: the board arrives while
  // the screen's code is still being fetched and compiled, and holds it up.)
  performance.mark('convene:main');
  const screen = load();
  // Offline support is set up once the screen is in, so that installing the service worker
  // (which fetches the app shell) never competes with the first screen.
  screen.finally(() => setTimeout(registerServiceWorker, 1000)).catch(() => {});
  reactRoot.render(
    <StrictMode>
      <Loading />
    </StrictMode>,
  );
  screen.then(
    (Screen) => {
      performance.mark('convene:screen-loaded');
      reactRoot.render(
        <StrictMode>
          <App Screen={Screen} param={param} />
        </StrictMode>,
      );
    },
    () =>
      reactRoot.render(
        <StrictMode>
          <LoadFailed />
        </StrictMode>,
      ),
  );
}
