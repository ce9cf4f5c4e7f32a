import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The dev server proxies the API, socket.io and the Yjs endpoint to the Convene server.
const target = process.env.CONVENE_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    react(),
    // The service worker (sw/sw.ts; why and how: docs/offline.md). vite-plugin-pwa builds it
    // and injects the list of built files to precache; the page itself is never precached (the
    // worker fetches it network-first, so a new version takes effect on the next load).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,svg,png,ico,woff2}'],
        // Screens are cached when a page loads them (see sw/sw.ts), not on every device.
        globIgnores: ['**/*Screen-*.js'],
        // The largest screen chunk is well under this; the limit guards against precaching a
        // mistake (a stray multi-megabyte file) on every participant's phone.
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // One stylesheet for every screen (issue 18): the rapporteur's few class-scoped rules cost
    // less than a second stylesheet request, which on a first load queues behind the browser's
    // six connections to the server with the scripts every screen needs.
    cssCodeSplit: false,
    // The server reads it to preload each route's screen chunk with the page (server/src/http/clientPages.ts).
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // The app (index.html) and the boot script that opens a screen's Yjs connection before
      // the app has loaded (src/boot/earlyYjs.ts; the server adds it to each page).
      input: {
        index: `${import.meta.dirname}/index.html`,
        boot: `${import.meta.dirname}/src/boot/earlyYjs.ts`,
      },
      treeshake: {
        // shared/ is pure (schemas, readers, rules; no module-level effects): the client drops
        // what it does not call, above all the zod schemas only the server parses with.
        moduleSideEffects: [{ test: /[\\/]shared[\\/]src[\\/]/, sideEffects: false }],
      },
      output: {
        // Role screens are lazy chunks (App.tsx). What two or more of them use (React, yjs,
        // socket.io, the stores, i18n, small UI) is one chunk that index.html preloads along
        // with the entry: a screen's chunk is then the only thing fetched after the entry runs,
        // rather than the connection code and a dozen small chunks. A screen's own code and
        // libraries (the projector's QR encoder, the rapporteur's editor) stay in its chunk.
        codeSplitting: {
          groups: [
            {
              name: 'shared',
              test: /node_modules|client[\\/]src[\\/](ui|stores|net|i18n|roles[\\/]useRoleConnection)|shared[\\/]src/,
              minShareCount: 2,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': target,
      '/healthz': target,
      '/socket.io': { target, ws: true },
      '/yjs': { target, ws: true },
    },
  },
});
