import fs from 'node:fs';
import path from 'node:path';

/**
 * The page every client route serves (index.html), with the route's screen chunk preloaded.
 *
 * index.html names the entry and the shared chunk; the screen a route shows (participant,
 * projector, …) is a lazy chunk the entry asks for only once it runs, a round trip later. Here
 * each route's page also carries `<link rel="modulepreload">` for its screen (and a preload of
 * the screen's styles), so the browser fetches it alongside the entry. Which chunk is a route's
 * screen comes from Vite's build manifest (client/dist/.vite/manifest.json): the entry's lazy
 * imports are the screens, and a route `/<section>/…` shows `<Section>Screen` (App.tsx's
 * routes; an unknown section shows the home screen, as there).
 *
 * Every page also starts with the boot script (client/src/boot/earlyYjs.ts, its own entry in
 * the manifest), `async`: on a participant's or projector's page it opens the Yjs connection
 * while the app is still loading, so the board is there when the screen connects.
 *
 * The files are read again when index.html changes on disk (a new build while the server
 * runs), and pages are kept per route section.
 */
export interface ClientPages {
  /** The page for a request path, e.g. `/projector/abc`. */
  page(pathname: string): string;
}

interface ManifestEntry {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
  dynamicImports?: string[];
}

const HOME = 'HomeScreen';
/** The boot script's source, its key in the manifest. */
const BOOT = 'src/boot/earlyYjs.ts';

export function createClientPages(clientDir: string): ClientPages {
  const indexFile = path.join(clientDir, 'index.html');
  const manifestFile = path.join(clientDir, '.vite', 'manifest.json');
  let loadedAt = -1;
  let html = '';
  let screens = new Map<string, string>(); // screen name → the tags that preload it
  let boot = ''; // the boot script's tag
  const pages = new Map<string, string>();

  const load = () => {
    const mtime = fs.statSync(indexFile).mtimeMs;
    if (mtime === loadedAt) return;
    html = fs.readFileSync(indexFile, 'utf8');
    const manifest = readManifest(manifestFile);
    screens = readScreens(manifest, html);
    const bootFile = manifest[BOOT]?.file;
    // fetchpriority: Chromium fetches an async script at low priority and holds it back while
    // the page's other scripts load; measured, the boot script then often ran only after the
    // app had connected on its own.
    boot = bootFile
      ? `\n    <script type="module" async fetchpriority="high" crossorigin src="/${bootFile}"></script>`
      : '';
    pages.clear();
    loadedAt = mtime;
  };

  return {
    page(pathname) {
      load();
      const section = pathname.split('/')[1] ?? '';
      const name = screenName(section);
      const key = screens.has(name) ? name : HOME;
      let page = pages.get(key);
      if (page === undefined) {
        const tags = screens.get(key);
        page = tags ? html.replace('</head>', `${tags}\n  </head>`) : html;
        if (boot) page = page.replace('<head>', `<head>${boot}`);
        pages.set(key, page);
      }
      return page;
    },
  };
}

/** `participant` → `ParticipantScreen`; `` → `Screen` (not a screen: home). */
function screenName(section: string): string {
  if (!/^[a-z]+$/.test(section)) return HOME;
  return `${section[0]?.toUpperCase()}${section.slice(1)}Screen`;
}

function readManifest(manifestFile: string): Record<string, ManifestEntry> {
  try {
    return JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestEntry>;
  } catch {
    return {}; // built without a manifest: pages as built, nothing preloaded
  }
}

function readScreens(manifest: Record<string, ManifestEntry>, html: string): Map<string, string> {
  const screens = new Map<string, string>();
  // The app's entry is index.html's; the boot script is an entry too.
  const entry =
    manifest['index.html'] ?? Object.values(manifest).find((e) => e.isEntry && e.dynamicImports);
  for (const src of entry?.dynamicImports ?? []) {
    const chunk = manifest[src];
    if (!chunk) continue;
    const name = path.basename(src).replace(/\.[jt]sx?$/, '');
    const files = new Set<string>([chunk.file]);
    for (const imported of chunk.imports ?? []) {
      const file = manifest[imported]?.file;
      if (file?.endsWith('.js')) files.add(file);
    }
    const tags: string[] = [];
    for (const file of files) {
      // What index.html preloads already (the shared chunk) is not repeated.
      if (html.includes(`/${file}"`)) continue;
      tags.push(`    <link rel="modulepreload" crossorigin href="/${file}">`);
    }
    for (const css of chunk.css ?? []) {
      if (!html.includes(`/${css}"`))
        tags.push(`    <link rel="preload" as="style" crossorigin href="/${css}">`);
    }
    screens.set(name, tags.join('\n'));
  }
  return screens;
}
