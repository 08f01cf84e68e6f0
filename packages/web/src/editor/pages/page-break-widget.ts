import {
  COLUMNS_PER_INCH,
  ELEMENT_COLUMNS,
  isPrinted,
  PAGE_NUMBER_ROW,
  PAPERS,
  RIGHT_EDGE_COLUMN,
  ROWS_PER_INCH,
  TOP_MARGIN_IN,
  bodyRowsUsed,
  type LayoutBlock,
  type Page,
} from '@writersroom/screenplay';

/** What the editor draws where a page ends and the next begins: decorations, never document content. */
export interface PageBreak {
  /** The page that begins here. */
  number: number;
  /** Body rows the previous page leaves empty below its last line. */
  rowsLeft: number;
  /** `(MORE)` ends the previous page, in this column. */
  moreColumn?: number;
  /** The speech's cue again at the top of this page, `NAME (CONT'D)`. */
  contd?: { text: string; column: number };
  /** The page begins inside an element printed from this column (a split speech or action), not between elements. */
  insideColumn?: number;
}

const PAPER = PAPERS.letter;
const ROW_IN = 1 / ROWS_PER_INCH;
const BOTTOM_MARGIN_IN = PAPER.heightIn - TOP_MARGIN_IN - PAPER.bodyRows * ROW_IN;

export function pageBreakOf(previous: Page, page: Page, blocks: readonly LayoutBlock[]): PageBreak {
  const more = previous.lines.find((line) => line.kind === 'more');
  const contd = page.lines.find((line) => line.kind === 'contd');
  const used = bodyRowsUsed(previous);
  return {
    number: page.number,
    rowsLeft: PAPER.bodyRows - used,
    ...(more ? { moreColumn: more.column } : {}),
    ...(contd ? { contd: { text: contd.text, column: contd.column } } : {}),
    ...insideColumnOf(page, blocks),
  };
}

/** A page that begins inside an element (a split speech or action): that element's column. */
function insideColumnOf(page: Page, blocks: readonly LayoutBlock[]): { insideColumn?: number } {
  const type = blocks[page.start.block]?.type;
  return page.start.offset > 0 && type !== undefined && isPrinted(type) ? { insideColumn: ELEMENT_COLUMNS[type].left } : {};
}

const inches = (value: number) => `${value}in`;

function part(className: string, text = ''): HTMLElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

/** A line of the page grid, its text starting at `column` (0.1 in each) from the sheet's left edge. */
function gridLine(className: string, text: string, column: number): HTMLElement {
  const line = part(className, text);
  line.style.paddingLeft = inches(column / COLUMNS_PER_INCH);
  return line;
}

/**
 * The end of one sheet and the top of the next: `(MORE)`, the rest of the
 * page, the gap between sheets, the top margin with the page number, and
 * the cue again with `(CONT'D)`. Sizes are set through the CSSOM (the page's
 * Content-Security-Policy refuses style attributes), in the page's own units.
 */
export function pageBreakWidget(pageBreak: PageBreak): HTMLElement {
  const widget = part('page-break');
  widget.contentEditable = 'false';
  widget.setAttribute('aria-hidden', 'true');
  widget.dataset['page'] = String(pageBreak.number);
  // Inside an element, reach back from its column to the sheet's edge.
  if (pageBreak.insideColumn !== undefined) widget.style.marginLeft = inches(-pageBreak.insideColumn / COLUMNS_PER_INCH);
  if (pageBreak.moreColumn !== undefined) widget.append(gridLine('page-more', '(MORE)', pageBreak.moreColumn));
  const rest = part('page-rest');
  rest.style.height = inches(pageBreak.rowsLeft * ROW_IN + BOTTOM_MARGIN_IN);
  const top = part('page-top');
  top.style.height = inches(TOP_MARGIN_IN);
  const number = `${pageBreak.number}.`;
  const numberLine = gridLine('page-number', number, RIGHT_EDGE_COLUMN - number.length);
  numberLine.style.top = inches(TOP_MARGIN_IN + PAGE_NUMBER_ROW * ROW_IN);
  top.append(numberLine);
  widget.append(rest, part('page-gap'), top);
  if (pageBreak.contd) widget.append(gridLine('page-contd', pageBreak.contd.text, pageBreak.contd.column));
  return widget;
}

/** The rest of the last sheet below the script's end, so it looks like a whole page. */
export function scriptEndWidget(rowsUsedOnLastPage: number): HTMLElement {
  const end = part('script-end');
  end.contentEditable = 'false';
  end.setAttribute('aria-hidden', 'true');
  end.style.height = inches((PAPER.bodyRows - rowsUsedOnLastPage) * ROW_IN + BOTTOM_MARGIN_IN);
  return end;
}

/** The automatic ` (CONT'D)` after a cue ([PG12]): printed, not typed. */
export function contdWidget(suffix: string): HTMLElement {
  const contd = part('automatic-contd', suffix);
  contd.contentEditable = 'false';
  return contd;
}
