import { describe, expect, it } from 'vitest';
import { afterwritingLayout, rowsOfPages } from './afterwriting-layout.js';

describe("afterwriting's layout, run in this process", () => {
  it('counts a page after each page break of the liner, and the rows on each', () => {
    const lines = ['action', 'separator', 'action', 'page_break', 'dialogue', 'page_break', 'action'].map((type) => ({ type }));
    expect(rowsOfPages(lines)).toEqual({ pages: 3, rowsPerPage: [3, 1, 1] });
  });

  it("lays Fountain out on afterwriting's US Letter page, with its widths or the ones given", () => {
    // One-row actions, a blank line between: 28 a page of 55 rows, as our engine fits them.
    const fountain = Array.from({ length: 40 }, (_, i) => `Beat ${i}.`).join('\n\n');
    const layout = afterwritingLayout(fountain);
    expect(layout).toMatchObject({ pages: 2, rowsPerPage: [55, 23], rowsPerPageLimit: 55 });
    expect(layout.widths).toMatchObject({ dialogue: 36, action: 61 });
    // Breaks if the widths given do not reach the liner: 61 characters of action would fit on one line.
    const wide = `${'word '.repeat(12)}w`;
    expect(afterwritingLayout(wide).rowsPerPage).toEqual([1]);
    expect(afterwritingLayout(wide, { action: 60 }).rowsPerPage).toEqual([2]);
  });
});
