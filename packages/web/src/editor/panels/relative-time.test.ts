import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('relativeTime', () => {
  it('reads a moment under ten seconds ago as now', () => {
    expect(relativeTime(ago(3), NOW, 'en')).toBe('now');
  });

  it('uses the largest unit that fits, rounded', () => {
    expect(relativeTime(ago(45), NOW, 'en')).toBe('45 seconds ago');
    expect(relativeTime(ago(5 * 60 + 20), NOW, 'en')).toBe('5 minutes ago');
    expect(relativeTime(ago(3 * 3600), NOW, 'en')).toBe('3 hours ago');
    expect(relativeTime(ago(26 * 3600), NOW, 'en')).toBe('yesterday');
    expect(relativeTime(ago(15 * 86400), NOW, 'en')).toBe('2 weeks ago');
    expect(relativeTime(ago(400 * 86400), NOW, 'en')).toBe('last year');
  });

  it('says "in …" for a time ahead of this clock (the server’s clock runs ahead)', () => {
    expect(relativeTime(new Date(NOW + 2 * 3600 * 1000).toISOString(), NOW, 'en')).toBe('in 2 hours');
  });
});
