import type { LayoutBlock } from '../pages/layout-block.js';
import { emphasisLines, type FountainLine } from './fountain-emphasis.js';
import {
  couldReadAsCue,
  couldReadAsSceneHeading,
  couldReadAsTitlePageKey,
  couldReadAsTransition,
  readsAsCue,
  readsAsSceneHeading,
  readsAsTransition,
  startsWithMarkup,
} from './fountain-reading.js';

/**
 * Each element as the Fountain lines of its paragraph, forced (`.`, `!`,
 * `@`, `>`) wherever a reader would otherwise take it for something else.
 * Readers trim the lines of every element but action, so the lines are
 * written trimmed; blank lines at an element's edges are left out (a reader
 * would take them for the blank line between elements).
 */

/** Where the element stands: first in a document with no title page, its first line could be taken for one. */
export interface ElementPlace {
  opensDocument: boolean;
}

/**
 * A blank line inside an element: two spaces, the spec's way of keeping a
 * dialogue (and any paragraph) in one piece across an empty line.
 */
export const BLANK_LINE_IN_ELEMENT = '  ';

/** Scene numbers as the spec allows them: letters, digits, dashes and periods. */
export const SCENE_NUMBER = /^[A-Za-z0-9.-]+$/;

/**
 * One line: a scene heading prints on one line, so a line break inside it
 * becomes a space. Forced with `.` unless it begins with a prefix the spec
 * recognises. A scene number the spec cannot hold (a space, a `#`) is left
 * out rather than read back as part of the heading.
 */
export function sceneHeadingLine(block: LayoutBlock, place: ElementPlace): string {
  const { written } = oneLine(block);
  const plain = readsAsSceneHeading(written) && !(place.opensDocument && couldReadAsTitlePageKey(written));
  const heading = plain ? written : `.${written.startsWith('.') ? '\\' : ''}${written}`;
  const number = block.sceneNumber?.trim();
  return number && SCENE_NUMBER.test(number) ? `${heading} #${number}#` : heading;
}

/**
 * Action, and what Fountain has no element for (shot, general text, a cue
 * with nothing under it, dialogue outside a speech): each line as typed,
 * leading spaces kept (the spec keeps them in action), each forced with `!`
 * where a reader could take it for markup, a heading or a transition, and
 * the first line also where it could be a cue. A shot's single line in
 * capitals is left unforced: the spec reads it as action, afterwriting as a shot.
 */
export function actionLines(block: LayoutBlock, place: ElementPlace, options: { shot?: boolean } = {}): string[] {
  const lines = trimBlankEdges(emphasisLines(block.text, block.styles));
  return lines.map(({ written, plain }, index) => {
    if (plain.trim() === '') return BLANK_LINE_IN_ELEMENT;
    const first = index === 0;
    const capsLineAlone = first && lines.length === 1 && options.shot === true;
    const force =
      startsWithMarkup(written) ||
      couldReadAsSceneHeading(written) ||
      couldReadAsTransition(written) ||
      couldReadAsTransition(plain) ||
      (first && place.opensDocument && couldReadAsTitlePageKey(written)) ||
      (first && couldReadAsCue(written) && !capsLineAlone);
    const trimmed = written.trimEnd();
    if (!force) return trimmed;
    const indent = /^\s*/.exec(trimmed)![0];
    // After the indent: fountain-js removes `!` only right before the text.
    return `${indent}!${trimmed.slice(indent.length)}`;
  });
}

/** One line, forced with `@` unless it reads as a cue by itself; `^` marks the right-hand side of dual dialogue. */
export function cueLine(block: LayoutBlock, place: ElementPlace, dualRight: boolean): string {
  const { written } = oneLine(block);
  const plain = readsAsCue(written) && !(place.opensDocument && couldReadAsTitlePageKey(written));
  return `${plain ? '' : '@'}${written}${dualRight ? ' ^' : ''}`;
}

/** One line in parentheses; one stored with its own keeps them, never doubled (PAGINATION.md [PG15]). */
export function parentheticalLine(block: LayoutBlock): string {
  const { written, plain } = oneLine(block);
  return plain.startsWith('(') && plain.endsWith(')') ? written : `(${written})`;
}

/**
 * The dialogue's lines, empty ones as two spaces. A line beginning with `~`
 * is escaped (`\~`), which would otherwise be a lyric. A line wholly in
 * parentheses reads back as a parenthetical: Fountain has no way to force
 * dialogue.
 */
export function dialogueLines(block: LayoutBlock): string[] {
  return trimBlankEdges(emphasisLines(block.text, block.styles)).map(({ written }) => {
    const line = written.trim();
    if (line === '') return BLANK_LINE_IN_ELEMENT;
    return line.startsWith('~') ? `\\${line}` : line;
  });
}

/** One line, forced with `>` unless it is in capitals and ends in ` TO:` (and holds no markup). */
export function transitionLine(block: LayoutBlock, place: ElementPlace): string {
  const { written, plain } = oneLine(block);
  const unforced = written === plain && readsAsTransition(written) && !(place.opensDocument && couldReadAsTitlePageKey(written));
  return unforced ? written : `>${written}`;
}

/** Each line as `>text<`; an empty line as `> <`. Readers drop any `<` or `>` inside the text. */
export function centeredLines(block: LayoutBlock): string[] {
  return trimBlankEdges(emphasisLines(block.text, block.styles)).map(({ written }) => {
    const line = written.trim();
    return line === '' ? '> <' : `>${line}<`;
  });
}

/** The element's text on one line (line breaks as spaces), trimmed. */
/** A sung line: each line of the element as `~` and the line ("Lyrics are always forced"). */
export function lyricLines(block: LayoutBlock): string[] {
  return trimBlankEdges(emphasisLines(block.text, block.styles)).map(({ written }) => `~${written.trim()}`);
}

/** A section of the outline: `#` once per level of depth, then its title on one line. */
export function sectionLine(block: LayoutBlock): string {
  return `${'#'.repeat(block.depth ?? 1)} ${oneLine(block).written}`;
}

/** A synopsis: each of its lines as `= ` and the line. */
export function synopsisLines(block: LayoutBlock): string[] {
  return trimBlankEdges(emphasisLines(block.text, block.styles)).map(({ written }) => `= ${written.trim()}`);
}

/**
 * A note, `[[` its text `]]`, on as many lines as it has; an empty line as
 * two spaces, since an empty line ends a note (readers would print the rest).
 */
export function noteLines(block: LayoutBlock): string[] {
  const lines = block.text.split('\n').map((line) => (line.trim() === '' ? BLANK_LINE_IN_ELEMENT : line));
  lines[0] = `[[${lines[0]}`;
  lines[lines.length - 1] = `${lines[lines.length - 1]}]]`;
  return lines;
}

/** Text set aside: `/*`, the text as it was, `*\/`. */
export function boneyardLines(block: LayoutBlock): string[] {
  return ['/*', ...block.text.split('\n'), '*/'];
}

function oneLine(block: LayoutBlock): FountainLine {
  const lines = emphasisLines(block.text, block.styles);
  return {
    written: lines.map((line) => line.written.trim()).filter((line) => line !== '').join(' '),
    plain: lines.map((line) => line.plain.trim()).filter((line) => line !== '').join(' '),
  };
}

function trimBlankEdges(lines: readonly FountainLine[]): FountainLine[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.plain.trim() === '') start++;
  while (end > start && lines[end - 1]!.plain.trim() === '') end--;
  return lines.slice(start, end);
}
