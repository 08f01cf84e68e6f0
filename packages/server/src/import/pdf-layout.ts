import type { PdfLine, PdfPage } from './pdf-text-lines.js';

const INCH = 72;

/**
 * Where this PDF puts each kind of line, in points from the page's left
 * edge, read from the document itself: tools differ (Final Draft puts cues
 * at 3.7 in, afterwriting at 3.5 in), so no fixed position serves them all.
 */
export interface ScriptLayout {
  action: number;
  dialogue: number;
  parenthetical: number;
  character: number;
  /** How far from a column a line may start and still be in it: a third of a character, less than any two tools' columns differ. */
  tolerance: number;
}

/** The industry's columns (Final Draft's defaults), from the action column: what is used where the document shows nothing better. */
const PRIOR_FROM_ACTION = { dialogue: 1.0 * INCH, parenthetical: 1.6 * INCH, character: 2.2 * INCH };
/** Where each column may be found, from the action column, wide enough for every tool's defaults and narrow enough not to overlap the next one's evidence. */
const SEARCH_FROM_ACTION = {
  dialogue: [0.6 * INCH, 1.4 * INCH],
  parenthetical: [1.2 * INCH, 2.0 * INCH],
  character: [1.6 * INCH, 2.9 * INCH],
} as const;
/** The action column is the leftmost start shared by at least this share of the lines: a stray line further left does not move it. */
const ACTION_SHARE = 0.05;
const BIN_PT = 0.5;

/** Scene heading prefixes: interior, exterior, establishing, and both at once. */
export const HEADING = /^(?:INT|EXT|EST|INT\.?\s*\/\s*EXT|EXT\.?\s*\/\s*INT|I\s*\/\s*E|E\s*\/\s*I)[.\s]/i;

/** A scene number as printed in the margin: `12`, `12A`, `A12`, `12.`. */
export const SCENE_NUMBER = /^[A-Z]?\d{1,4}[A-Z]{0,2}\.?$/;

/** The first segment that is the line's text, not a scene number in the left margin. */
export function textStart(line: PdfLine): number {
  const [first, second] = line.segments;
  return second && SCENE_NUMBER.test(first!.text) ? second.x : first!.x;
}

/** The text of a line without margin scene numbers. */
export function startText(line: PdfLine): string {
  const [first, second] = line.segments;
  return (second && SCENE_NUMBER.test(first!.text) ? second : first)!.text;
}

/** Whether text is in capitals: it has letters and none of them is lower case (a cue's extension may be in lower case: `MARA (cont'd)`). */
export function isCapitals(text: string): boolean {
  const main = text.replace(/\([^)]*\)/g, '');
  return /\p{L}/u.test(main) && main === main.toUpperCase();
}

/** The layout of the screenplay lines on `pages`, the industry's where the pages say nothing. */
export function inferLayout(pages: readonly PdfPage[]): ScriptLayout {
  const lines = pages.flatMap((page) => page.lines);
  const charWidth = median(lines.map((line) => line.charWidth)) ?? 7.2;
  const action = actionColumn(lines) ?? 1.5 * INCH;
  const within = (range: readonly [number, number], x: number) => x >= action + range[0] && x <= action + range[1];
  const speechFollows = (index: number) => {
    const next = lines[index + 1];
    return next !== undefined && next.top > lines[index]!.top && next.top - lines[index]!.top < 1.5 * lineHeight(lines[index]!);
  };
  const dialogue = modeOf(lines.filter((line) => within(SEARCH_FROM_ACTION.dialogue, textStart(line)) && !startText(line).startsWith('(')).map(textStart));
  const parenthetical = modeOf(lines.filter((line) => within(SEARCH_FROM_ACTION.parenthetical, textStart(line)) && startText(line).startsWith('(')).map(textStart));
  const character = modeOf(
    lines
      .map((line, index) => ({ line, index }))
      .filter(({ line, index }) => within(SEARCH_FROM_ACTION.character, textStart(line)) && !startText(line).startsWith('(') && isCapitals(startText(line)) && speechFollows(index))
      .map(({ line }) => textStart(line)),
  );
  return {
    action,
    dialogue: dialogue ?? action + PRIOR_FROM_ACTION.dialogue,
    parenthetical: parenthetical ?? action + PRIOR_FROM_ACTION.parenthetical,
    character: character ?? action + PRIOR_FROM_ACTION.character,
    tolerance: charWidth / 3,
  };
}

/** The distance between two baselines of running text: 12 pt for Courier 12 at 6 lines per inch. */
export function lineHeight(line: PdfLine): number {
  return line.charWidth / 0.6;
}

/**
 * Scene headings start at the action column: where they start, when there
 * are any; else the leftmost start that many lines share.
 */
function actionColumn(lines: readonly PdfLine[]): number | undefined {
  const headings = lines.filter((line) => HEADING.test(startText(line)));
  if (headings.length > 0) return modeOf(headings.map(textStart));
  const counts = binCounts(lines.map(textStart));
  const needed = Math.max(2, lines.length * ACTION_SHARE);
  const frequent = [...counts].filter(([, count]) => count >= needed).map(([bin]) => bin);
  return frequent.length === 0 ? modeOf(lines.map(textStart)) : Math.min(...frequent) * BIN_PT;
}

/** The most common of `values`, to half a point. */
function modeOf(values: readonly number[]): number | undefined {
  let best: [number, number] | undefined;
  for (const [bin, count] of binCounts(values)) if (!best || count > best[1] || (count === best[1] && bin < best[0])) best = [bin, count];
  return best && best[0] * BIN_PT;
}

function binCounts(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) {
    const bin = Math.round(value / BIN_PT);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  return counts;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
