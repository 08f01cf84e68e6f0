import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, MAX_RETRY_MS, reconnectDelayMs } from './reconnect-backoff.js';

describe('reconnect backoff', () => {
  it('doubles the window per attempt up to the cap', () => {
    const longest = (attempt: number) => reconnectDelayMs(attempt, () => 1);
    expect([0, 1, 2, 3].map(longest)).toEqual([FIRST_RETRY_MS, 2 * FIRST_RETRY_MS, 4 * FIRST_RETRY_MS, 8 * FIRST_RETRY_MS]);
    expect(longest(30)).toBe(MAX_RETRY_MS);
    expect(longest(5000)).toBe(MAX_RETRY_MS);
  });

  it('spreads clients over the upper half of the window', () => {
    expect(reconnectDelayMs(3, () => 0)).toBe(4 * FIRST_RETRY_MS);
    const delays = Array.from({ length: 200 }, () => reconnectDelayMs(3));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4 * FIRST_RETRY_MS);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8 * FIRST_RETRY_MS);
    // Two hundred clients do not come back at one instant.
    expect(new Set(delays).size).toBeGreaterThan(150);
  });
});
