/**
 * Vitest reporter whose only job is to end every run with one plain line:
 *
 *     12 passed, 0 failed
 *     12 passed, 1 failed, 3 skipped      (", N skipped" only when N > 0)
 *
 * CI tooling reads that line, so it carries no colour and is printed after the
 * default reporter's summary. Only the current (non-deprecated) reporter API is
 * used: onInit and onTestRunEnd.
 *
 * Counting: one per test case (`todo` counts as skipped). Failures that belong
 * to no single test also count, one each, so "0 failed" always means the run
 * passed: a test file that fails to load or throws during collection, a
 * `beforeAll`/`afterAll` hook that throws, and each unhandled error. If Vitest
 * still ends the run as failed or interrupted with none of those (e.g. no test
 * files found), the line says `1 failed`. The exit code is Vitest's own.
 *
 * Limits: with `--coverage` the coverage table is printed after this line, and
 * Vitest's own teardown warnings ("close timed out", hanging process) come
 * after it too.
 */
import type {
  Reporter,
  SerializedError,
  TestModule,
  TestRunEndReason,
  TestSuite,
  Vitest,
} from 'vitest/node';

export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts a finished run; see the file comment for what counts as failed. */
export function countRun(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
  reason: TestRunEndReason,
): RunCounts {
  const counts: RunCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed += 1;
      else if (state === 'failed') counts.failed += 1;
      else if (state === 'skipped') counts.skipped += 1;
      // 'pending' only remains when the run was interrupted; not counted.
    }
    const containers: Array<TestModule | TestSuite> = [module, ...module.children.allSuites()];
    for (const container of containers) {
      // Errors of the module or suite itself: import/collection errors and hook failures.
      if (container.errors().length > 0) counts.failed += 1;
    }
  }
  counts.failed += unhandledErrors.length;
  if (reason !== 'passed' && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** Formats the summary line exactly as CI parses it. */
export function formatSummary(counts: RunCounts): string {
  const line = `${counts.passed} passed, ${counts.failed} failed`;
  return counts.skipped > 0 ? `${line}, ${counts.skipped} skipped` : line;
}

export default class SummaryReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): Promise<void> {
    const line = formatSummary(countRun(testModules, unhandledErrors, reason));
    // Vitest calls every reporter's onTestRunEnd and then, in the same tick,
    // every onFinished, where the default reporter prints its summary (both
    // synchronously). Waiting one macrotask puts our line after all of that,
    // whatever the order of reporters in the config.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.vitest) this.vitest.logger.log(line);
    else process.stdout.write(`${line}\n`);
  }
}
