import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import { packState, type PackedContent } from './checkpoint-content.js';
import type { PackRequest, PackResponse } from './checkpoint-worker.js';

/**
 * Packs checkpoints (pagination, hash, compression) on one worker thread, so
 * a 120-page script's tens of milliseconds of pagination never stall the
 * event loop that carries writers' keystrokes. The worker starts on first
 * use and never keeps the process alive. Should it fail to start or die,
 * packing falls back to this thread: slower for others, never lost.
 *
 * From the sources (tests, `npm run dev`) the worker is the TypeScript file,
 * loaded through tsx; from the build, the bundle beside the server's.
 */
export class CheckpointPacker {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(packed: PackedContent): void; reject(error: Error): void; state: Uint8Array }>();

  constructor(private readonly logger: Logger) {}

  pack(state: Uint8Array): Promise<PackedContent> {
    const worker = this.started();
    if (!worker) return packState(state);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, state });
      worker.postMessage({ id, state } satisfies PackRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.broken = true;
    await worker?.terminate();
  }

  private started(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = import.meta.url.endsWith('.ts') ? workerFromSources() : new Worker(new URL('./checkpoint-worker.js', import.meta.url));
      worker.unref();
      worker.on('message', (response: PackResponse) => this.settle(response));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => code !== 0 && this.fail(new Error(`checkpoint worker exited with code ${code}`)));
      this.worker = worker;
    } catch (error) {
      this.fail(error);
    }
    return this.worker;
  }

  private settle(response: PackResponse): void {
    const job = this.waiting.get(response.id);
    if (!job) return;
    this.waiting.delete(response.id);
    if ('error' in response) job.reject(new Error(response.error));
    else job.resolve({ ...response.packed, content: new Uint8Array(response.packed.content) });
  }

  /** The jobs in flight are packed here instead; later ones too. */
  private fail(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.worker = undefined;
    this.logger.warn({ err: error }, 'checkpoint worker unavailable; packing checkpoints on the main thread');
    for (const [id, job] of this.waiting) {
      this.waiting.delete(id);
      packState(job.state).then(job.resolve, job.reject);
    }
  }
}

/** The TypeScript worker, compiled on load by tsx's loader registered inside the worker (loaders are per thread). */
function workerFromSources(): Worker {
  const tsx = tsxEsmApi();
  const file = new URL('./checkpoint-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); });`, { eval: true });
}

/**
 * tsx's `esm/api` entry for `import`, read from its package's exports:
 * require.resolve gives the CommonJS entry, and import.meta.resolve is not
 * there under the test runner.
 */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, unknown> };
  const entry = exports['./esm/api'] as { import: string | { default: string } };
  const relative = typeof entry.import === 'string' ? entry.import : entry.import.default;
  return pathToFileURL(path.resolve(path.dirname(manifest), relative)).href;
}
