import { describe, expect, it, vi } from 'vitest';
import { CARET_COLORS, freeColor, writerColor } from './writer-color.js';

// What writers have seen so far: a change here recolours everyone between two visits.
const KNOWN: Record<string, string> = {
  'user-1': '#0d9488',
  '00000000-0000-4000-8000-000000000000': '#92400e',
  '3f2b8c1e-9d4a-4e6f-8b7a-1c2d3e4f5a6b': '#ca8a04',
  'local:ada': '#475569',
  'dev:ben': '#dc2626',
};

describe('writer colours', () => {
  it('gives a writer the same colour every time, on every screen and every visit, whoever was coloured first', async () => {
    // Fails if the colour depends on anything but the user id: a random pick, palette slots handed out in order of arrival, or a changed hash.
    const ids = Object.keys(KNOWN);
    for (const id of ids) {
      expect(writerColor(id), id).toBe(KNOWN[id]);
      // An equal id from another source (the server's JSON, say), not the same string object.
      expect(writerColor(JSON.parse(JSON.stringify(id)) as string), id).toBe(KNOWN[id]);
      expect(CARET_COLORS).toContain(writerColor(id));
    }
    // Another tab or a later visit: the module loaded afresh, asked about other writers first, in another order.
    vi.resetModules();
    const fresh = await import('./writer-color.js');
    for (let i = 0; i < 20; i += 1) fresh.writerColor(`someone-else-${i}`);
    for (const id of [...ids].reverse()) expect(fresh.writerColor(id), id).toBe(KNOWN[id]);
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
