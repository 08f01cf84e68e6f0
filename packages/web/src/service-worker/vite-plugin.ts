import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { transformWithEsbuild, type Plugin } from 'vite';

const WORKER_SOURCE = new URL('./worker.ts', import.meta.url);

/**
 * The service worker of one build (/sw.js): worker.ts compiled, with the
 * build's manifest written into it. Its bytes change with every build that
 * changes index.html or an asset's name, which is how a browser learns of a
 * new deployment (it compares /sw.js byte for byte on navigations).
 *
 * @param shellHtml the build's index.html, exactly as served
 * @param assets the build's hashed files, relative to the web root (`assets/…`)
 */
export async function serviceWorkerScript(shellHtml: string | Uint8Array, assets: readonly string[]): Promise<string> {
  const paths = assets.map((asset) => `/${asset}`).sort();
  const shellSha256 = createHash('sha256').update(shellHtml).digest('hex');
  const version = createHash('sha256').update(shellSha256).update(paths.join('\n')).digest('hex').slice(0, 16);
  const compiled = await transformWithEsbuild(readFileSync(WORKER_SOURCE, 'utf8'), WORKER_SOURCE.pathname, {
    loader: 'ts',
    format: 'iife',
    target: 'es2022',
    minify: true,
    define: { __WR_BUILD__: JSON.stringify({ version, shellSha256, assets: paths }) },
  });
  return compiled.code;
}

/**
 * Emits /sw.js beside index.html, precaching index.html and every asset of
 * this build except source maps. `enforce: 'post'`: index.html is emitted by
 * Vite's own HTML plugin, which must have run first.
 */
export function serviceWorker(): Plugin {
  return {
    name: 'writersroom-service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const shell = bundle['index.html'];
      if (shell?.type !== 'asset') throw new Error('the build has no index.html for the service worker to precache');
      const assets = Object.keys(bundle).filter((name) => name.startsWith('assets/') && !name.endsWith('.map'));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: await serviceWorkerScript(shell.source, assets) });
    },
  };
}
