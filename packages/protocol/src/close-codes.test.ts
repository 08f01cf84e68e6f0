import { describe, expect, it } from 'vitest';
import { CloseCode, closeReason, isDoNotRetry, retryAfterSeconds } from './close-codes.js';

describe('close codes', () => {
  it('keeps the older backend\'s 4001, 4003 and 4004', () => {
    expect([CloseCode.Unauthenticated, CloseCode.Forbidden, CloseCode.ScriptNotFound]).toEqual([4001, 4003, 4004]);
  });

  it('tells clients to stop retrying only where a retry would fail the same way', () => {
    expect(isDoNotRetry(CloseCode.Forbidden)).toBe(true);
    expect(isDoNotRetry(CloseCode.ScriptDamaged)).toBe(true);
    expect(isDoNotRetry(CloseCode.StorageUnavailable)).toBe(false);
    expect(isDoNotRetry(CloseCode.GoingAway)).toBe(false);
    expect(isDoNotRetry(1006)).toBe(false);
  });

  it('puts the wait of a rate limit in the close reason, and reads it back', () => {
    expect(closeReason('WR_ERR_RATE_LIMITED', 29.2)).toBe('WR_ERR_RATE_LIMITED retry-after=30');
    expect(retryAfterSeconds(closeReason('WR_ERR_RATE_LIMITED', 30))).toBe(30);
    expect(closeReason('WR_ERR_FORBIDDEN')).toBe('WR_ERR_FORBIDDEN');
    expect(retryAfterSeconds('WR_ERR_FORBIDDEN')).toBeUndefined();
    expect(isDoNotRetry(CloseCode.TooManyRequests)).toBe(false);
    expect(isDoNotRetry(CloseCode.DocumentTooLarge)).toBe(true);
  });

  it('uses each code once', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
