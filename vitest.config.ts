import { defineConfig } from 'vitest/config';

// One root config for every workspace (`npm test` = `vitest run`).
// Integration tests (packages/*/test/integration) talk to real PostgreSQL and
// Redis, hence the generous timeouts; forks isolate native modules
// (better-sqlite3) and process-wide state per test file.
export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'packages/**/test/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The summary reporter prints the last line of the run ("N passed, N failed"), which CI reads.
    reporters: ['default', './test-support/summary-reporter.ts'],
  },
});
