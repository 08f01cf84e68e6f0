import type { TitlePage } from '../title-page.js';
import { ELEMENT_COLUMNS, PAPERS, RIGHT_EDGE_COLUMN, ROWS_PER_INCH, TOP_MARGIN_IN, type Paper } from './page-geometry.js';
import type { PagedLine } from './paginate.js';
import { wrapText } from './word-wrap.js';

/** The centred block spans the action column; each corner block takes half of it, so the two never meet. */
const CENTRE = ELEMENT_COLUMNS.centered;
const CORNER_WIDTH = CENTRE.width / 2;

/** Blank rows above each field of the centred block, after the title. */
const GAP_BEFORE = { credit: 1, authors: 1, source: 2 } as const;

/** The least room kept between the centred block and the corner blocks. */
const MIN_GAP_ABOVE_CORNERS = 2;

/**
 * The title page, on the grid of the script's pages (rows of 12 pt below
 * the 1 in top margin, columns of 0.1 in), in the layout Final Draft's and
 * Fountain tools' default title pages share:
 *
 * - the title in capitals, centred in the action column (1.5 in to 7.5 in,
 *   where the script's centred text goes), its first row a third of the way
 *   down the sheet;
 * - under it, centred, after one blank row the credit ("Written by"), after
 *   one more the authors, after two the source ("Based on the novel by …");
 * - the contact (an agent's or the writer's address) at the bottom left,
 *   from 1.5 in;
 * - the draft date, the copyright and the notes at the bottom right, one
 *   blank row apart, each line ending at 7.5 in.
 *
 * The corner blocks end on the page's last body row and wrap at 30
 * characters, half the action column, so they never overlap; the centred
 * ones wrap at 60. Every line a writer typed in a field starts a row. A
 * title page whose title is not set prints `fallbackTitle` (the script's
 * name) as its title, so an empty one shows the script's name alone. The page is unnumbered and not counted: the script's first
 * page is page 1.
 *
 * It is one page. When the corner blocks need the room, the centred block
 * moves up (never above the first body row); what still does not fit is
 * left out, the last rows of each block first (a contact keeps its name,
 * a list of authors its first ones).
 */
export function layOutTitlePage(titlePage: TitlePage, options: { paper: Paper; fallbackTitle: string }): PagedLine[] {
  const bodyRows = PAPERS[options.paper].bodyRows;
  const centreRows = rowsOf([
    ...block((titlePage.title ?? options.fallbackTitle).toUpperCase(), 0, 'center'),
    ...block(titlePage.credit, GAP_BEFORE.credit, 'center'),
    ...block(titlePage.authors, GAP_BEFORE.authors, 'center'),
    ...block(titlePage.source, GAP_BEFORE.source, 'center'),
  ]).slice(0, bodyRows);
  const cornerRoom = Math.max(0, bodyRows - centreRows.length - MIN_GAP_ABOVE_CORNERS);
  const leftRows = rowsOf(block(titlePage.contact, 0, 'left')).slice(0, cornerRoom);
  const rightRows = rowsOf([...block(titlePage.draftDate, 0, 'right'), ...block(titlePage.copyright, 1, 'right'), ...block(titlePage.notes, 1, 'right')]).slice(0, cornerRoom);
  const cornerRows = Math.max(leftRows.length, rightRows.length);
  const thirdDown = Math.round((PAPERS[options.paper].heightIn / 3 - TOP_MARGIN_IN) * ROWS_PER_INCH);
  const centreTop = Math.max(0, Math.min(thirdDown, bodyRows - cornerRows - MIN_GAP_ABOVE_CORNERS - centreRows.length));
  return [
    ...place(centreRows, centreTop),
    ...place(leftRows, bodyRows - leftRows.length),
    ...place(rightRows, bodyRows - rightRows.length),
  ];
}

type Alignment = 'left' | 'right' | 'center';

/** One row of a block: blank (undefined) or a line of text with its first column. */
type Row = { text: string; column: number } | undefined;

/** A field's rows, after `gap` blank rows; nothing for a field not set (and then no gap either). */
function block(text: string | undefined, gap: number, align: Alignment): Row[] {
  if (text === undefined || text === '') return [];
  const width = align === 'center' ? CENTRE.width : CORNER_WIDTH;
  const lines = wrapText(text, width).map(({ start, end }) => text.slice(start, end));
  return [...Array.from({ length: gap }, (): Row => undefined), ...lines.map((line) => ({ text: line, column: columnOf(line, align) }))];
}

/** A block's rows without the gap that would open it (its first fields not set). */
function rowsOf(rows: Row[]): Row[] {
  while (rows.length > 0 && rows[0] === undefined) rows.shift();
  return rows;
}

function columnOf(line: string, align: Alignment): number {
  if (align === 'left') return CENTRE.left;
  if (align === 'right') return RIGHT_EDGE_COLUMN - line.length;
  return CENTRE.left + Math.max(0, Math.floor((CENTRE.width - line.length) / 2));
}

function place(rows: Row[], top: number): PagedLine[] {
  const lines: PagedLine[] = [];
  rows.forEach((row, index) => {
    if (row && row.text !== '') lines.push({ kind: 'text', row: top + index, column: row.column, text: row.text, styles: [] });
  });
  return lines;
}
