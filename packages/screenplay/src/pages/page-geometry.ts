import type { ElementType, PrintedElementType } from '../element-types.js';

/**
 * The printed page, in the units every rule of PAGINATION.md uses: columns
 * of Courier 12 pt at 10 characters per inch (a column is 0.1 in) and rows of
 * 6 lines per inch (a row is 12 pt). Nothing here measures a font: the page
 * is a grid, as typewriter-era screenplays were, so the editor, the PDF and
 * the server agree to the character.
 */
export type Paper = 'letter' | 'a4';

export interface PaperSize {
  /** Page width and height in inches. */
  widthIn: number;
  heightIn: number;
  /** Rows of the body, below the top margin ([PG1]). */
  bodyRows: number;
}

/** Columns per inch and rows per inch of Courier 12 pt ([PG2]). */
export const COLUMNS_PER_INCH = 10;
export const ROWS_PER_INCH = 6;

/** The body starts 1 in below the top edge; the page number sits 0.5 in below it, 3 rows above the body ([PG1], [PG7]). */
export const TOP_MARGIN_IN = 1;
export const PAGE_NUMBER_ROW = -3;
/** The right edge of the text: page numbers, transitions and right scene numbers end here ([PG3]). */
export const RIGHT_EDGE_COLUMN = 75;

export const PAPERS: Readonly<Record<Paper, PaperSize>> = {
  letter: { widthIn: 8.5, heightIn: 11, bodyRows: 55 },
  // The same top margin and at least Letter's bottom margin (0.83 in) on the taller sheet.
  a4: { widthIn: 8.27, heightIn: 11.69, bodyRows: 59 },
};

/** Where an element's text goes: its first column and how many characters fit on a line ([PG3]). */
export interface ElementColumn {
  /** Columns from the page's left edge (0.1 in each). */
  left: number;
  width: number;
  align: 'left' | 'right' | 'center';
}

/** The industry's columns (Final Draft's defaults): a 1.5 in left margin, action 6.0 in wide. */
export const ELEMENT_COLUMNS: Readonly<Record<PrintedElementType, ElementColumn>> = {
  sceneHeading: { left: 15, width: 60, align: 'left' },
  action: { left: 15, width: 60, align: 'left' },
  general: { left: 15, width: 60, align: 'left' },
  shot: { left: 15, width: 60, align: 'left' },
  centered: { left: 15, width: 60, align: 'center' },
  character: { left: 37, width: 35, align: 'left' },
  parenthetical: { left: 31, width: 25, align: 'left' },
  dialogue: { left: 25, width: 35, align: 'left' },
  // Sung lines are spoken lines: the dialogue's column.
  lyrics: { left: 25, width: 35, align: 'left' },
  transition: { left: 55, width: 20, align: 'right' },
};

/** Dual dialogue: two narrower columns side by side within the action column ([PG14]). */
export const DUAL_COLUMNS: Readonly<Record<'left' | 'right', Readonly<Record<'character' | 'parenthetical' | 'dialogue', ElementColumn>>>> = {
  left: {
    character: { left: 23, width: 20, align: 'left' },
    parenthetical: { left: 18, width: 20, align: 'left' },
    dialogue: { left: 15, width: 28, align: 'left' },
  },
  right: {
    character: { left: 53, width: 20, align: 'left' },
    parenthetical: { left: 48, width: 20, align: 'left' },
    dialogue: { left: 45, width: 28, align: 'left' },
  },
};

/** Scene numbers in both margins of a heading's first line ([PG13]): the left one ends at 1.2 in, the right one starts at 7.8 in. */
export const SCENE_NUMBER_LEFT_END_COLUMN = 12;
export const SCENE_NUMBER_RIGHT_COLUMN = 78;

/**
 * Blank rows before an element ([PG4]): one before scene headings, action,
 * character cues, transitions, shots, centered and general text; none
 * between a cue and what is spoken under it. A dialogue or parenthetical
 * that follows no speech (an orphan) is set off like action.
 */
export function blankRowsBefore(type: ElementType, previous: ElementType | undefined): number {
  if (type === 'dialogue' || type === 'parenthetical' || type === 'lyrics') {
    return previous === 'character' || previous === 'parenthetical' || previous === 'dialogue' || previous === 'lyrics' ? 0 : 1;
  }
  return previous === undefined ? 0 : 1;
}
