import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './build.mjs';

/** Build outputs and other machine-made folders: never copied, a checkout builds its own. */
const NOT_COPIED = new Set(['node_modules', 'dist', 'test', 'test-results', 'data', '.dist-stamp', '.build-lock']);

/**
 * A throwaway copy of the parts of the repository the builds read (sources,
 * manifests, lockfile, build script), with no build output, sharing this
 * checkout's node_modules through a symlink. Tests build, edit and start it
 * without touching the real packages/*\/dist, which a running server or a
 * browser test may be serving. (The workspace links in node_modules still
 * point at this checkout's screenplay and protocol packages, so the copy's
 * builds inline those; the stamps hash the copy's own.)
 */
export function tempCheckout(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'wr-checkout-'));
  for (const part of ['package.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/server-loader.mjs', 'packages/protocol', 'packages/screenplay', 'packages/server', 'packages/web']) {
    cpSync(path.join(ROOT, part), path.join(dir, part), {
      recursive: true,
      filter: (source) => !NOT_COPIED.has(path.basename(source)) && !path.basename(source).startsWith('dist-'),
    });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end in `cwd`. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

export interface Listening {
  url: string;
  /** Everything the process printed up to the URL. */
  output: string;
  /** Sends SIGTERM to the process group and resolves with the exit code of the spawned process. */
  stop(): Promise<number | null>;
}

/** Spawns a server (in its own process group) and resolves once it prints "running at <url>". */
export function startListening(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Listening> {
  const child = spawn(command, args, { cwd, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
    child.stdout.on('data', () => {
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        output,
        async stop() {
          if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
          return exited;
        },
      });
    });
  });
}
