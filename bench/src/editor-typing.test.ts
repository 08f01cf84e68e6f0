import { describe, expect, it } from 'vitest';
import { latenciesToNext } from './editor-typing.js';

describe('keystroke latencies', () => {
  it('times each keystroke to the first event at or after it, NaN when none came', () => {
    expect(latenciesToNext([10, 20, 30, 40], [5, 12, 20, 35])).toEqual([2, 0, 5, Number.NaN]);
  });
});
