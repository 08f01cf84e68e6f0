import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './src/service-worker/vite-plugin.js';

// `vite` (dev) proxies the server's own paths to a WritersRoom on :3000 (`npm run dev` says which), so the
// session cookie stays same-origin; `vite build` writes dist/, which the server serves.
const server = process.env.WRITERSROOM_DEV_SERVER ?? 'http://127.0.0.1:3000';

/**
 * Writes a Brotli and a gzip copy next to index.html, the service worker and each built script and
 * stylesheet (every file the server sends with its caching headers: a file
 * without a copy loses them in @fastify/static's fallback).
 * The server sends them to browsers that accept them (@fastify/static's
 * preCompressed), at maximum compression paid once per build rather than per
 * request: the editor bundle shrinks to about a quarter over the wire.
 */
function precompressAssets(): Plugin {
  let outDir = 'dist';
  return {
    name: 'writersroom-precompress-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle() {
      const assets = readdirSync(path.join(outDir, 'assets')).filter((file) => /\.(js|css)$/.test(file));
      const root = ['index.html', 'sw.js'].map((name) => path.join(outDir, name));
      for (const file of [...root, ...assets.map((name) => path.join(outDir, 'assets', name))]) {
        const content = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompressAssets(), serviceWorker()],
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
