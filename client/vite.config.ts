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
