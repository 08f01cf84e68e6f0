import { isPrinted, type ElementType } from '../element-types.js';
import type { LayoutBlock, StyleSpan } from './layout-block.js';
import { DUAL_COLUMNS, ELEMENT_COLUMNS, type ElementColumn } from './page-geometry.js';
import { wrapText, type WrappedLine } from './word-wrap.js';

/** Where an element prints: the usual column, or one side of dual dialogue ([PG14]). */
export type Placement = 'single' | 'dual-left' | 'dual-right';

/** One printed line of an element, before it is put on a page. */
export interface ElementLine {
  /** What prints, parentheses a parenthetical lacked included ([PG15]). */
  text: string;
  /** First column on the page, alignment applied. */
  column: number;
  /** Marks, relative to `text`. */
  styles: StyleSpan[];
  /** The characters of the element's own text this line shows, `[from, to)`. */
  from: number;
  to: number;
  /** The line ends a sentence: a page may break after it ([PG9], [PG10]). */
  endsSentence: boolean;
}

/** An element wrapped in its column. */
export interface ElementLines {
  type: ElementType;
  lines: ElementLine[];
}

const SENTENCE_END = /[.?!…]["'”’)\]]*$/;

const cache = new WeakMap<LayoutBlock, Map<string, ElementLines>>();

/**
 * The element's lines in its column, wrapped ([PG6]). Cached per block and
 * placement, with the suffix a cue may get: a block the editor did not
 * change is wrapped once, so laying out the script again after a keystroke
 * costs one element's wrap.
 */
export function elementLines(block: LayoutBlock, placement: Placement, cueSuffix = ''): ElementLines {
  const key = `${placement}${cueSuffix}`;
  let byPlacement = cache.get(block);
  const cached = byPlacement?.get(key);
  if (cached) return cached;
  const computed = wrapElement(block, columnOf(block.type, placement), cueSuffix);
  if (!byPlacement) {
    byPlacement = new Map();
    cache.set(block, byPlacement);
  }
  byPlacement.set(key, computed);
  return computed;
}

function columnOf(type: ElementType, placement: Placement): ElementColumn {
  // Flow units never lay out what does not print; this is the type system's half of that promise.
  if (!isPrinted(type)) throw new Error(`a ${type} does not print, so it has no column`);
  if (placement !== 'single' && (type === 'character' || type === 'parenthetical' || type === 'dialogue' || type === 'lyrics')) {
    return DUAL_COLUMNS[placement === 'dual-left' ? 'left' : 'right'][type === 'lyrics' ? 'dialogue' : type];
  }
  return ELEMENT_COLUMNS[type];
}

/** Whether a parenthetical's text prints inside added parentheses: unless it is stored with its own, never doubled ([PG15]). */
export function addsParentheses(text: string): boolean {
  const trimmed = text.trim();
  return !(trimmed.startsWith('(') && trimmed.endsWith(')'));
}

function displayOf(block: LayoutBlock, cueSuffix: string): { display: string; offset: number } {
  if (block.type === 'parenthetical' && addsParentheses(block.text)) return { display: `(${block.text})`, offset: 1 };
  return { display: block.text + cueSuffix, offset: 0 };
}

function wrapElement(block: LayoutBlock, column: ElementColumn, cueSuffix: string): ElementLines {
  const { display, offset } = displayOf(block, cueSuffix);
  const wrapped = wrapText(display, column.width);
  return {
    type: block.type,
    lines: wrapped.map((line) => printedLine(block, display, offset, line, column)),
  };
}

function printedLine(block: LayoutBlock, display: string, offset: number, line: WrappedLine, column: ElementColumn): ElementLine {
  const text = display.slice(line.start, line.end);
  const shift = column.align === 'right' ? column.width - text.length : column.align === 'center' ? Math.floor((column.width - text.length) / 2) : 0;
  const from = clamp(line.start - offset, 0, block.text.length);
  const to = clamp(line.end - offset, 0, block.text.length);
  return {
    text,
    column: column.left + Math.max(0, shift),
    styles: stylesWithin(block.styles, from, to, from + offset - line.start),
    from,
    to,
    endsSentence: SENTENCE_END.test(text),
  };
}

/** The spans of `[from, to)` of the element's text, moved to start at the line's first character. */
function stylesWithin(styles: readonly StyleSpan[], from: number, to: number, shift: number): StyleSpan[] {
  const within: StyleSpan[] = [];
  for (const span of styles) {
    const start = Math.max(span.from, from);
    const end = Math.min(span.to, to);
    if (start < end) within.push({ from: start - from + shift, to: end - from + shift, style: span.style });
  }
  return within;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
