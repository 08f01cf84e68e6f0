import { afterEach, beforeEach, vi } from 'vitest';

/** A promise and the functions that settle it: the test decides when something (a commit, a write) finishes. */
export interface Deferred<T = void> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every promise chain run (fake timers leave setImmediate real, and SQLite answers within one turn). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Advances vitest's fake timers by `ms`, then lets what the timers started run. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
}

/** Whether `promise` has settled once everything that can run has run. */
export async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  return settled;
}

/**
 * vitest's fake timers for each test of the enclosing suite: the timer
 * functions only, so setImmediate stays real and `settle()` still lets
 * promise chains and SQLite answers run. Timers left are cleared after each
 * test.
 */
export function useFakeTimers(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.clearAllTimers();
    vi.useRealTimers();
  });
}
