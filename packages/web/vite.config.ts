import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite` (dev) proxies the server's own paths to a WritersRoom on :3000, so the
// session cookie stays same-origin; `vite build` writes dist/, which the server serves.
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/metrics': server,
      '/ws': { target: server.replace('http', 'ws'), ws: true },
    },
  },
});
