/** The first retry waits at most this long: a dropped connection usually comes straight back. */
export const FIRST_RETRY_MS = 500;
/** No retry waits longer than this, so a writer is never offline long after the server is back. */
export const MAX_RETRY_MS = 10_000;

/**
 * How long to wait before reconnect attempt number `attempt` (0 for the first):
 * exponential, capped, and jittered over the upper half of the window. After a
 * server restart every open editor reconnects; without jitter they would all
 * come back in the same instant, at every step of the backoff.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const window = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
  return window / 2 + random() * (window / 2);
}
