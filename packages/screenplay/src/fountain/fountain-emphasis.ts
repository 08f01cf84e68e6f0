import type { StyleSpan, TextStyle } from '../pages/layout-block.js';

/** One line of an element's text: as Fountain writes it, and as a reader shows it. */
export interface FountainLine {
  /** With emphasis markers and backslash escapes. */
  written: string;
  /** The text itself, what a reader prints. */
  plain: string;
}

/**
 * The element's text as Fountain lines, its bold, italic and underline
 * written the way Fountain takes them from Markdown: `*italic*`,
 * `**bold**`, `***bold italic***`, `_underline_`, the underline outside the
 * asterisks (`_**bold underline**_`). Literal `*` and `_` are escaped (`\*`,
 * `\_`), and so is a backslash that would otherwise escape what follows it.
 *
 * Emphasis does not cross a line break in Fountain, so each line closes what
 * it opens. Emphasis cannot begin or end with a space either: spaces at the
 * edges of a marked run are written outside its markers and lose their
 * marks (an underlined space prints plain). Underline inside a word
 * (`un_der_line`) is written as asked, but Markdown's rule, which Fountain
 * follows, reads `_` only at word edges, so readers print the underscores.
 * A slash never touches an emphasis asterisk, as the two open or close a
 * comment (boneyard): one at the edge of a marked run moves across the
 * marker, gaining or losing the run's marks, or is escaped (`\/`).
 */
export function emphasisLines(text: string, styles: readonly StyleSpan[]): FountainLine[] {
  const lines: FountainLine[] = [];
  let start = 0;
  for (const plain of text.split('\n')) {
    const end = start + plain.length;
    lines.push({ written: writeLine(text, start, end, styles), plain });
    start = end + 1;
  }
  return lines;
}

/** What follows a backslash for it to need escaping: ASCII punctuation, as in Markdown. */
export const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** A piece of a written line: literal text, or a marker that a reader takes as markup. */
interface Piece {
  text: string;
  literal: boolean;
}

/** Characters a line needs escaped (or that need escaping after them); most lines hold none. */
const NEEDS_ESCAPING = /[*_\\]/;

function writeLine(text: string, from: number, to: number, styles: readonly StyleSpan[]): string {
  const line = text.slice(from, to);
  if (!NEEDS_ESCAPING.test(line) && !styles.some((span) => span.from < to && span.to > from)) return line;
  const pieces = styleRuns(from, to, styles).flatMap((run) => runPieces(text.slice(run.from, run.to), run.style));
  return escapePieces(slashesAfterOpeningMarkers(pieces.filter((piece) => piece.text !== '')));
}

/**
 * A run as pieces: its text, or for a marked run the spaces around it
 * outside the markers (emphasis neither begins nor ends with a space), and
 * slashes at its end outside too, where `/` and the closing `*` would make
 * `/*`, which opens a comment (boneyard) to every reader. A run of nothing
 * but slashes and spaces is written unmarked.
 */
function runPieces(runText: string, style: TextStyle): Piece[] {
  const [, leading, core, trailing] = /^(\s*)(.*?)([\s/]*)$/.exec(runText)!;
  if (!hasStyle(style) || core === '') return [{ text: runText, literal: true }];
  const asterisks = '*'.repeat((style.italic ? 1 : 0) + (style.bold ? 2 : 0));
  const underline = style.underline ? '_' : '';
  return [
    { text: leading!, literal: true },
    { text: underline + asterisks, literal: false },
    { text: core!, literal: true },
    { text: asterisks + underline, literal: false },
    { text: trailing!, literal: true },
  ];
}

/** Slashes just before an opening `*` go inside the emphasis (and take its marks) rather than make `/*`. */
function slashesAfterOpeningMarkers(pieces: readonly Piece[]): Piece[] {
  const moved = pieces.map((piece) => ({ ...piece }));
  for (let i = 0; i + 2 < moved.length; i++) {
    const [before, marker, core] = [moved[i]!, moved[i + 1]!, moved[i + 2]!];
    if (!before.literal || marker.literal || !marker.text.startsWith('*') || !core.literal) continue;
    const slashes = /\/*$/.exec(before.text)![0];
    before.text = before.text.slice(0, before.text.length - slashes.length);
    core.text = slashes + core.text;
  }
  return moved.filter((piece) => piece.text !== '');
}

/**
 * Literal text escaped: `*` and `_` become `\*` and `\_`; a `/` right after
 * an asterisk becomes `\/`, so that no asterisk and slash close a comment
 * (afterwriting then drops the rest of the script); a `\` becomes `\\` when punctuation
 * follows it in the written line, which would otherwise make an escape.
 */
function escapePieces(pieces: readonly Piece[]): string {
  const characters: Array<{ text: string; backslash: boolean }> = [];
  for (const piece of pieces) {
    if (!piece.literal) {
      characters.push({ text: piece.text, backslash: false });
      continue;
    }
    for (const character of piece.text) {
      const afterAsterisk = characters[characters.length - 1]?.text.endsWith('*') === true;
      if (character === '*' || character === '_' || (character === '/' && afterAsterisk)) characters.push({ text: `\\${character}`, backslash: false });
      else characters.push({ text: character, backslash: character === '\\' });
    }
  }
  return characters
    .map((character, i) => (character.backslash && ASCII_PUNCTUATION.test(characters[i + 1]?.text[0] ?? '') ? '\\\\' : character.text))
    .join('');
}

interface StyleRun {
  from: number;
  to: number;
  style: TextStyle;
}

/** `[from, to)` cut where the marks change, each piece with the marks all its characters carry. */
function styleRuns(from: number, to: number, styles: readonly StyleSpan[]): StyleRun[] {
  const cuts = new Set([from, to]);
  for (const span of styles) {
    if (span.from > from && span.from < to) cuts.add(span.from);
    if (span.to > from && span.to < to) cuts.add(span.to);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const runs: StyleRun[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [start, end] = [sorted[i]!, sorted[i + 1]!];
    const style: TextStyle = {};
    for (const span of styles) if (span.from <= start && span.to >= end) Object.assign(style, span.style);
    const previous = runs[runs.length - 1];
    // Two spans with the same marks side by side are one run: one pair of markers.
    if (previous && sameStyle(previous.style, style)) previous.to = end;
    else runs.push({ from: start, to: end, style });
  }
  if (runs.length === 0) runs.push({ from, to, style: {} });
  return runs;
}

function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline;
}

function hasStyle(style: TextStyle): boolean {
  return style.bold === true || style.italic === true || style.underline === true;
}
