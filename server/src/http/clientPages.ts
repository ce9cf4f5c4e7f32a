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

export function createClientPages(clientDir: string): ClientPages {
  const indexFile = path.join(clientDir, 'index.html');
  const manifestFile = path.join(clientDir, '.vite', 'manifest.json');
  let loadedAt = -1;
  let html = '';
  let screens = new Map<string, string>(); // screen name → the tags that preload it
  const pages = new Map<string, string>();

  const load = () => {
    const mtime = fs.statSync(indexFile).mtimeMs;
    if (mtime === loadedAt) return;
    html = fs.readFileSync(indexFile, 'utf8');
    screens = readScreens(manifestFile, html);
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

function readScreens(manifestFile: string, html: string): Map<string, string> {
  const screens = new Map<string, string>();
  let manifest: Record<string, ManifestEntry>;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestEntry>;
  } catch {
    return screens; // built without a manifest: pages as built, nothing preloaded
  }
  const entry = Object.values(manifest).find((e) => e.isEntry);
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
