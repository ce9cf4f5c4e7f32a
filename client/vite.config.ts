import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server proxies the API, socket.io and the Yjs endpoint to the Convene server.
const target = process.env.CONVENE_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
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
