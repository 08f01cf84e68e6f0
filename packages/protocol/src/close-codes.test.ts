import { describe, expect, it } from 'vitest';
import { CloseCode, isDoNotRetry } from './close-codes.js';

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

  it('uses each code once', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
