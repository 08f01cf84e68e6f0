import { describe, expect, it } from 'vitest';
import { CARET_COLORS, freeColor, writerColor } from './writer-color.js';

describe('writer colours', () => {
  it('gives a writer the same colour every time', () => {
    expect(writerColor('user-1')).toBe(writerColor('user-1'));
    expect(CARET_COLORS).toContain(writerColor('user-1'));
  });

  it('spreads writers over the palette', () => {
    const colors = new Set(Array.from({ length: 100 }, (_, i) => writerColor(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)));
    expect(colors.size).toBeGreaterThanOrEqual(8);
  });

  it('keeps the usual colour when it is free, else takes the next free one', () => {
    const [first, second, third] = CARET_COLORS as [string, string, string];
    expect(freeColor(first, new Set([second]))).toBe(first);
    expect(freeColor(first, new Set([first, second]))).toBe(third);
    expect(freeColor(CARET_COLORS.at(-1)!, new Set([CARET_COLORS.at(-1)!]))).toBe(first);
    expect(freeColor(first, new Set(CARET_COLORS))).toBe(first);
  });
});
