import { appendFileSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, startListening, tempCheckout } from './temp-checkout.js';

// What `npm install` and `npm start` do about builds, on a throwaway copy of
// the repository (scripts/temp-checkout.ts): install builds both targets,
// start checks their stamps and builds only what an edit made stale.
//
// Each test names the breakage it catches (each checked once by breaking the code):
// - a pre-step that rebuilds on every start (freshness() always stale, or a stamp
//   written before the build with a hash that never matches): "npm start … without building"
// - a check over file names rather than contents (inputHash() over paths only):
//   "an edited web source …" fails; over modification times: "touching …" fails
// - a writersroom bin that runs dist/cli.js however stale it is: "the writersroom command …"

const BUILD = ['scripts/build.mjs'];
let checkout: { dir: string; remove(): void };
const file = (relative: string) => path.join(checkout.dir, relative);
const build = (...args: string[]) => run(process.execPath, [...BUILD, ...args], checkout.dir);

beforeAll(async () => {
  checkout = tempCheckout();
  const installed = await build();
  expect(installed.code, installed.stderr).toBe(0);
  expect(installed.stdout).toContain('Built the web client');
  expect(installed.stdout).toContain('Built the server');
}, 300_000);

afterAll(() => checkout?.remove());

describe('builds', () => {
  it('npm start after the build shows the URL without building anything', async () => {
    const server = await startListening('npm', ['start'], checkout.dir, { PORT: '0', DATA_DIR: file('data'), AUTH_MODE: 'local' });
    try {
      expect(server.output).not.toMatch(/Building/);
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      // The built client (its hashed script), not the "not built" notice.
      expect(await page.text()).toMatch(/<script type="module"[^>]*src="\/assets\//);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    const check = await build('--check');
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain('web, server: up to date');
  }, 120_000);

  it('touching a file without changing it, or editing a test file, keeps both builds fresh', async () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(file('packages/web/src/main.tsx'), later, later);
    utimesSync(file('packages/server/src/errors.ts'), later, later);
    writeFileSync(file('packages/web/src/edited.test.ts'), 'export {};\n');
    writeFileSync(file('packages/server/src/edited.test.ts'), 'export {};\n');
    try {
      const check = await build('--check');
      expect(check.code, check.stdout).toBe(0);
    } finally {
      rmSync(file('packages/web/src/edited.test.ts'));
      rmSync(file('packages/server/src/edited.test.ts'));
    }
  });

  it('an edited web source makes the check say stale, and the start pre-step rebuilds the web client only', async () => {
    appendFileSync(file('packages/web/src/main.tsx'), '\n// an edit\n');
    const check = await build('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('web: stale (its sources changed since the last build)');
    expect(check.stdout).not.toContain('server: stale');

    const before = readFileSync(file('packages/web/.dist-stamp'), 'utf8');
    const prestart = await build();
    expect(prestart.code, prestart.stderr).toBe(0);
    expect(prestart.stdout).toContain('Building the web client (its sources changed since the last build)');
    expect(prestart.stdout).not.toContain('Building the server');
    expect(readFileSync(file('packages/web/.dist-stamp'), 'utf8')).not.toBe(before);
    expect((await build('--check')).code).toBe(0);
  }, 180_000);

  it('the writersroom command runs the compiled CLI when current, else the sources, and says so', async () => {
    const current = await run(process.execPath, ['packages/server/bin/writersroom.js', '--help'], checkout.dir);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toContain('Usage: writersroom');
    expect(current.stderr).toBe('');

    // A `git pull` that changed the server: the compiled CLI is stale until the next build.
    appendFileSync(file('packages/server/src/errors.ts'), '\n// pulled\n');
    const check = await build('--check');
    expect(check.stdout).toContain('server: stale');
    expect(check.stdout).not.toContain('web: stale');
    const stale = await run(process.execPath, ['packages/server/bin/writersroom.js', '--help'], checkout.dir);
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stdout).toContain('Usage: writersroom');
    expect(stale.stderr).toContain('running the sources through tsx');

    const prestart = await build();
    expect(prestart.stdout).toContain('Building the server');
    expect(prestart.stdout).not.toContain('Building the web client');
    const rebuilt = await run(process.execPath, ['packages/server/bin/writersroom.js', '--help'], checkout.dir);
    expect(rebuilt.stderr).toBe('');
  }, 120_000);
});
