import { isPrinted, type ElementType, type PrintedElementType } from '@writersroom/screenplay';

/**
 * The page-count heuristic of a screenplay in standard format (Courier 12 pt,
 * 6 lines per inch): 55 lines per page, each element wrapped to its column
 * width, plus the blank lines the format puts around it. Page breaks are not
 * simulated (real ones never split a speech), so this slightly undercounts —
 * close enough to size a benchmark fixture like a real feature.
 */
export const LINES_PER_PAGE = 55;

interface ElementLayout {
  /** Characters per line of the element's column. */
  width: number;
  /** Blank lines that precede the element (its own share of the spacing). */
  blankBefore: number;
  /** Blank lines that follow it. */
  blankAfter: number;
}

/** Column widths of the standard format, in characters of 10-pitch Courier. */
const LAYOUT: Record<PrintedElementType, ElementLayout> = {
  sceneHeading: { width: 60, blankBefore: 1, blankAfter: 1 },
  action: { width: 60, blankBefore: 0, blankAfter: 1 },
  character: { width: 38, blankBefore: 0, blankAfter: 0 },
  parenthetical: { width: 25, blankBefore: 0, blankAfter: 0 },
  dialogue: { width: 35, blankBefore: 0, blankAfter: 1 },
  transition: { width: 20, blankBefore: 0, blankAfter: 1 },
  centered: { width: 40, blankBefore: 0, blankAfter: 1 },
  shot: { width: 60, blankBefore: 0, blankAfter: 1 },
  general: { width: 60, blankBefore: 0, blankAfter: 1 },
  lyrics: { width: 35, blankBefore: 0, blankAfter: 1 },
};

/** Lines `text` takes when word-wrapped greedily at `width` characters (at least 1). */
export function wrappedLineCount(text: string, width: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const needed = used === 0 ? word.length : used + 1 + word.length;
    if (needed <= width) {
      used = needed;
    } else {
      lines += used === 0 ? 0 : 1;
      // A word longer than the column is broken across lines.
      lines += Math.floor(Math.max(word.length - 1, 0) / width);
      used = word.length % width || width;
    }
  }
  return lines;
}

/** Printed lines an element occupies on the page, blank spacing included. */
export function elementLineCount(type: ElementType, text: string): number {
  if (!isPrinted(type)) return 0;
  const layout = LAYOUT[type];
  return layout.blankBefore + wrappedLineCount(text, layout.width) + layout.blankAfter;
}

/** Total printed lines of a sequence of elements. */
export function totalLineCount(elements: ReadonlyArray<{ type: ElementType; text: string }>): number {
  return elements.reduce((sum, element) => sum + elementLineCount(element.type, element.text), 0);
}
