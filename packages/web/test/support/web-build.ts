import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/web */
export const webDir = fileURLToPath(new URL('../..', import.meta.url));
/** packages/web/dist: what the server serves. */
export const distDir = path.join(webDir, 'dist');

const lockDir = path.join(webDir, '.build-lock');
/** A lock older than this belongs to a build that died; a build takes a few seconds. */
const staleLockMs = 120_000;

/**
 * Builds the web client when dist/ is missing or older than its sources, so a
 * browser test never drives a stale build (`npm install` builds it too, via `prepare`).
 * Browser test files run in parallel processes: one builds while the others
 * wait for it, and the new build replaces dist/ in one rename, so a server
 * that is already serving never sees a half-written folder.
 */
export function ensureWebBuilt(): void {
  if (isFresh()) return;
  withBuildLock(() => {
    if (isFresh()) return;
    const staging = path.join(webDir, `dist-${process.pid}`);
    const retired = path.join(webDir, `dist-old-${process.pid}`);
    // Vitest sets NODE_ENV=test, which would give React's development build: test what users get.
    execFileSync('npx', ['vite', 'build', '--outDir', staging, '--emptyOutDir'], {
      cwd: webDir,
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (existsSync(distDir)) renameSync(distDir, retired);
    renameSync(staging, distDir);
    rmSync(retired, { recursive: true, force: true });
  });
}

function isFresh(): boolean {
  const built = path.join(distDir, 'index.html');
  const sources = [path.join(webDir, 'index.html'), path.join(webDir, 'vite.config.ts'), ...filesUnder(path.join(webDir, 'src'))];
  const newestSource = Math.max(...sources.map((file) => statSync(file).mtimeMs));
  return existsSync(built) && statSync(built).mtimeMs >= newestSource;
}

function withBuildLock(build: () => void): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = statSync(lockDir, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > staleLockMs) rmSync(lockDir, { recursive: true, force: true });
      else Atomics.wait(pause, 0, 0, 200);
    }
  }
  try {
    build();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}
