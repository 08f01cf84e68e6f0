import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/web */
export const webDir = fileURLToPath(new URL('../..', import.meta.url));
/** packages/web/dist: what the server serves. */
export const distDir = path.join(webDir, 'dist');

/**
 * Builds the web client when dist/ is missing or older than its sources, so a
 * browser test never drives a stale build (`npm install` builds it too, via `prepare`).
 */
export function ensureWebBuilt(): void {
  const built = path.join(distDir, 'index.html');
  const sources = [path.join(webDir, 'index.html'), path.join(webDir, 'vite.config.ts'), ...filesUnder(path.join(webDir, 'src'))];
  const newestSource = Math.max(...sources.map((file) => statSync(file).mtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return;
  execFileSync('npm', ['run', 'build'], { cwd: webDir, stdio: 'pipe' });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}
