import { ELEMENT_COLUMNS, type Pagination } from '@writersroom/screenplay';
import type { AfterwritingWidths } from './afterwriting-layout.js';

/**
 * Why two layouts of one script take different numbers of pages: how many
 * rows each prints (its column widths decide how text wraps), and how many
 * rows it leaves empty at the foot of its pages (its page-break rules
 * decide: the stricter they are, the more a page ends early).
 */

export interface LayoutFigures {
  pages: number;
  /** Rows of text and the blank rows between elements, over all pages. */
  rowsPrinted: number;
  /** Rows left empty at the foot of every page but the last. */
  rowsEmptyAtPageEnds: number;
  /** Column widths in characters. */
  widths: { dialogue: number; action: number; parenthetical: number };
}

/** Our column widths, by afterwriting's element names. */
export const OUR_WIDTHS: Required<AfterwritingWidths> = {
  scene_heading: ELEMENT_COLUMNS.sceneHeading.width,
  action: ELEMENT_COLUMNS.action.width,
  shot: ELEMENT_COLUMNS.shot.width,
  character: ELEMENT_COLUMNS.character.width,
  parenthetical: ELEMENT_COLUMNS.parenthetical.width,
  dialogue: ELEMENT_COLUMNS.dialogue.width,
  transition: ELEMENT_COLUMNS.transition.width,
  centered: ELEMENT_COLUMNS.centered.width,
};

/** Body rows each page fills: down to its last printed row (the page number above the body not counted). */
export function rowsPerPageOf(pagination: Pagination): number[] {
  return pagination.pages.map((page) => page.lines.reduce((rows, line) => (line.row >= 0 ? Math.max(rows, line.row + 1) : rows), 0));
}

export function layoutFigures(rowsPerPage: readonly number[], bodyRows: number, widths: Required<AfterwritingWidths>): LayoutFigures {
  return {
    pages: rowsPerPage.length,
    rowsPrinted: rowsPerPage.reduce((sum, rows) => sum + rows, 0),
    rowsEmptyAtPageEnds: rowsPerPage.slice(0, -1).reduce((sum, rows) => sum + Math.max(0, bodyRows - rows), 0),
    widths: { dialogue: widths.dialogue, action: widths.action, parenthetical: widths.parenthetical },
  };
}

const pages = (count: number) => `${count} page${Math.abs(count) === 1 ? '' : 's'}`;

/**
 * One line: how many pages afterwriting's wider or narrower columns account
 * for (its layout with our widths against its own), and how many its page
 * breaks account for (its layout with our widths against ours).
 */
export function explainPageDifference(ours: LayoutFigures, theirs: LayoutFigures, theirsWithOurWidths: LayoutFigures): string {
  if (ours.pages === theirs.pages) return `same page count (${pages(ours.pages)})`;
  const { dialogue, action, parenthetical } = theirs.widths;
  const byWidths = theirsWithOurWidths.pages - theirs.pages;
  const byBreaks = ours.pages - theirsWithOurWidths.pages;
  const direction = theirs.pages < ours.pages ? 'fewer' : 'more';
  return (
    `afterwriting takes ${pages(Math.abs(ours.pages - theirs.pages))} ${direction}: ` +
    `${pages(byWidths)} from its columns (dialogue ${dialogue}, action ${action}, parenthetical ${parenthetical} characters wide; ours ${ours.widths.dialogue}, ${ours.widths.action}, ${ours.widths.parenthetical}), ` +
    `${pages(byBreaks)} from its page breaks (${theirsWithOurWidths.rowsEmptyAtPageEnds} rows left empty at page ends with our widths, ours ${ours.rowsEmptyAtPageEnds}: ` +
    'it splits a speech between any two dialogue lines and action of 4+ lines almost anywhere; we split both only at a sentence end, 2 rows each side)'
  );
}
