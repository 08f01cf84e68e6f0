import { describe, expect, it } from 'vitest';
import { paginate, type LayoutBlock } from '@writersroom/screenplay';
import { explainPageDifference, layoutFigures, OUR_WIDTHS, rowsPerPageOf, type LayoutFigures } from './page-comparison.js';

const figures = (pages: number, rowsEmptyAtPageEnds: number, widths = { dialogue: 35, action: 60, parenthetical: 25 }): LayoutFigures => ({ pages, rowsPrinted: 0, rowsEmptyAtPageEnds, widths });

describe('page comparison', () => {
  it('counts the rows each page fills down to its last printed row, leaving out the page number above the body', () => {
    const blocks: LayoutBlock[] = Array.from({ length: 40 }, (_, i) => ({ type: 'action', text: `Beat ${i}.`, styles: [] }));
    // One-row actions, a blank row between: 28 fill the 55 rows of page 1, the other 12 take 23 rows of page 2.
    expect(rowsPerPageOf(paginate(blocks))).toEqual([55, 23]);
  });

  it('counts rows printed on every page, and rows empty at the foot of every page but the last', () => {
    // Breaks if the last page's empty rows count: a short last page is no page break's fault.
    expect(layoutFigures([55, 50, 20], 55, OUR_WIDTHS)).toEqual({ pages: 3, rowsPrinted: 125, rowsEmptyAtPageEnds: 5, widths: { dialogue: 35, action: 60, parenthetical: 25 } });
  });

  it('splits a difference in pages between the columns and the page breaks', () => {
    const line = explainPageDifference(figures(122, 258), figures(120, 161, { dialogue: 36, action: 61, parenthetical: 26 }), figures(121, 147));
    expect(line).toMatch(/^afterwriting takes 2 pages fewer: 1 page from its columns \(dialogue 36, action 61, parenthetical 26 characters wide; ours 35, 60, 25\), 1 page from its page breaks \(147 rows left empty/);
    expect(explainPageDifference(figures(100, 0), figures(103, 0), figures(101, 0))).toMatch(/^afterwriting takes 3 pages more: -2 pages from its columns .*, -1 page from its page breaks/);
    expect(explainPageDifference(figures(120, 0), figures(120, 0), figures(121, 0))).toBe('same page count (120 pages)');
  });
});
