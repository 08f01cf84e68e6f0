import { describe, expect, it } from 'vitest';
import { postgresScriptLockKey } from './script-lock.js';

describe('postgresScriptLockKey', () => {
  it('[ST26] is the first 64 bits of the script id as a signed bigint', () => {
    expect(postgresScriptLockKey('00000000-0000-4000-8000-000000000000')).toBe('16384');
    expect(postgresScriptLockKey('01234567-89ab-4def-8123-456789abcdef')).toBe(BigInt('0x0123456789ab4def').toString());
    expect(postgresScriptLockKey('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe((BigInt('0xffffffffffff4fff') - 2n ** 64n).toString());
    // Only the first half counts: ids differing in the second half share a key.
    expect(postgresScriptLockKey('01234567-89ab-4def-9000-000000000000')).toBe(postgresScriptLockKey('01234567-89ab-4def-8123-456789abcdef'));
  });

  it('refuses anything but a canonical id', () => {
    expect(() => postgresScriptLockKey('not-a-uuid')).toThrow(TypeError);
    expect(() => postgresScriptLockKey('01234567-89AB-4DEF-8123-456789ABCDEF')).toThrow(TypeError);
  });
});
