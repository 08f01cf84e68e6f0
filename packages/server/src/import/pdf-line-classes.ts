import { HEADING, isCapitals, lineHeight, SCENE_NUMBER, type ScriptLayout } from './pdf-layout.js';
import type { LineSegment, PdfLine, PdfPage } from './pdf-text-lines.js';

const INCH = 72;

/** What a printed line is: the element it belongs to, or the `(MORE)` a printer adds where a speech breaks. */
export type LineClass = 'sceneHeading' | 'action' | 'character' | 'parenthetical' | 'dialogue' | 'transition' | 'centered' | 'shot' | 'more';

export interface ClassifiedLine {
  page: number;
  text: string;
  kind: LineClass;
  /** Read by a rule that fits it; false when it became action for want of one. */
  clear: boolean;
  /** A blank line, or the top of the page, is above it: it cannot continue the element above. */
  gapBefore: boolean;
  firstOnPage: boolean;
  sceneNumber?: string;
  /** A revision mark was printed beside it (and left out). */
  revised?: true;
}

/** Transitions some tools print at the action margin instead of the right. */
const TRANSITION_WORDS = /^(?:FADE (?:IN|OUT|TO BLACK)\b.*|.*\bTO:)$/;
/** A line that ends a sentence: caps that do are action ("BANG!"), caps that do not are a shot ("ANGLE ON THE DOOR"). */
const SENTENCE_END = /[.!?…]['"’”)]*$/;
/** Transitions start right of the page's middle: no cue, parenthetical or centered line does. */
const TRANSITION_FROM_ACTION = 3.3 * INCH;
/** Centered text is centered on the action column (Final Draft, WritersRoom) or on the sheet (afterwriting), to this much. */
const CENTER_TOLERANCE = 0.3 * INCH;
const ACTION_WIDTH = 6 * INCH;
/** A right margin scene number starts past the action column's end. */
const RIGHT_MARGIN_FROM_ACTION = 5.5 * INCH;

/** The page's lines, each read as the element it belongs to. */
export function classifyPage(page: PdfPage, layout: ScriptLayout): ClassifiedLine[] {
  const read: ClassifiedLine[] = [];
  page.lines.forEach((line, index) => {
    const previous = page.lines[index - 1];
    const next = page.lines[index + 1];
    const gapBefore = !previous || line.top - previous.top > 1.5 * lineHeight(line);
    const gapAfter = !next || next.top - line.top > 1.5 * lineHeight(line);
    read.push(classifyLine(line, page, layout, { gapBefore, gapAfter, above: gapBefore ? undefined : read[read.length - 1] }));
  });
  return read;
}

interface Surroundings {
  gapBefore: boolean;
  gapAfter: boolean;
  /** The line right above, when nothing separates them. */
  above: ClassifiedLine | undefined;
}

function classifyLine(line: PdfLine, page: PdfPage, layout: ScriptLayout, around: Surroundings): ClassifiedLine {
  const { segments, sceneNumber, revised } = withoutMarginMarks(line.segments, layout);
  const text = segments.map((segment) => segment.text).join(' ');
  const x = segments[0]!.x;
  const right = segments[segments.length - 1]!.right;
  const at = (column: number) => Math.abs(x - column) <= layout.tolerance;
  const result = (kind: LineClass, clear = true): ClassifiedLine => ({
    page: page.number,
    text,
    kind,
    clear,
    gapBefore: around.gapBefore,
    firstOnPage: line === page.lines[0],
    ...(revised ? { revised } : {}),
    ...(kind === 'sceneHeading' && sceneNumber ? { sceneNumber } : {}),
  });
  const caps = isCapitals(text);
  const { above } = around;

  if (/^\(MORE\)$/i.test(text)) return result('more');
  // Text side by side with a wide gap between is no single element: dual dialogue, a table, a page in columns.
  if (segments.length > 1) return result('action', false);
  if (at(layout.action)) {
    if (sceneNumber || HEADING.test(text)) return result('sceneHeading');
    if (above?.kind === 'sceneHeading' && caps) return result('sceneHeading');
    if (caps && TRANSITION_WORDS.test(text)) return result('transition');
    if (caps && around.gapBefore && around.gapAfter && !SENTENCE_END.test(text)) return result('shot');
    return result('action');
  }
  if (at(layout.dialogue)) return result('dialogue');
  const openParenthetical = above?.kind === 'parenthetical' && !above.text.endsWith(')');
  // A wrapped parenthetical may hang one character in, under its first word.
  if ((at(layout.parenthetical) || at(layout.parenthetical + line.charWidth)) && (text.startsWith('(') || openParenthetical)) return result('parenthetical');
  const centered = x > layout.action + CENTER_TOLERANCE && (Math.abs((x + right) / 2 - (layout.action + ACTION_WIDTH / 2)) <= CENTER_TOLERANCE || Math.abs((x + right) / 2 - page.width / 2) <= CENTER_TOLERANCE);
  if (at(layout.character) && caps && !text.startsWith('(')) {
    // A centered title can start where cues do; a cue always has its speech right under it.
    if (around.gapAfter && centered) return result('centered');
    return result('character');
  }
  if (x - layout.action >= TRANSITION_FROM_ACTION && (caps || text.endsWith(':'))) return result('transition');
  if (centered) return result('centered');
  return result('action', false);
}

/** A revision mark: the asterisks a revised draft prints in the right margin beside a changed line. */
const REVISION_MARK = /^\*+$/;

/**
 * The line's segments without what is printed in the margins: revision
 * marks, and scene numbers, with the number (the left one when both are there).
 */
function withoutMarginMarks(segments: readonly LineSegment[], layout: ScriptLayout): { segments: LineSegment[]; sceneNumber?: string; revised: boolean } {
  const inRightMargin = (segment: LineSegment) => segment.x >= layout.action + RIGHT_MARGIN_FROM_ACTION;
  let kept = segments.filter((segment, index) => index === 0 || !(REVISION_MARK.test(segment.text) && inRightMargin(segment)));
  const revised = kept.length < segments.length;
  let sceneNumber: string | undefined;
  const last = kept[kept.length - 1]!;
  if (kept.length > 1 && SCENE_NUMBER.test(last.text) && inRightMargin(last)) {
    sceneNumber = last.text.replace(/\.$/, '');
    kept = kept.slice(0, -1);
  }
  const first = kept[0]!;
  if (kept.length > 1 && SCENE_NUMBER.test(first.text) && first.right < layout.action) {
    sceneNumber = first.text.replace(/\.$/, '');
    kept = kept.slice(1);
  }
  return sceneNumber === undefined ? { segments: kept, revised } : { segments: kept, sceneNumber, revised };
}
