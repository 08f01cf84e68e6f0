import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type { ExportedThread } from '../comments/exported-thread.js';
import { layoutBlocksOf, type LayoutBlock } from '../pages/layout-block.js';
import type { TitlePage } from '../title-page.js';
import {
  actionLines,
  boneyardLines,
  centeredLines,
  cueLine,
  dialogueLines,
  lyricLines,
  noteLines,
  parentheticalLine,
  sceneHeadingLine,
  sectionLine,
  synopsisLines,
  transitionLine,
  type ElementPlace,
} from './fountain-elements.js';
import { FountainCommentNotes } from './fountain-comment-notes.js';
import { titlePageLines } from './fountain-title-page.js';

export interface WriteFountainOptions {
  /**
   * Comment threads to write as notes (fountain-comment-notes.ts): each
   * right after the paragraph its text starts in (after a whole speech, and
   * after both sides of dual dialogue, which a note would split), detached
   * ones at the end. None by default: comments stay out of exports unless asked.
   */
  comments?: readonly ExportedThread[];
}

/**
 * The script as Fountain 1.1 text (fountain.io/syntax), so that any
 * Fountain tool reads back the same elements: the title page, then the
 * elements, one paragraph each with a blank line between, a speech (cue,
 * parentheticals, dialogue) one paragraph with none. `doc` is a document of
 * the screenplay schema: the editor's `state.doc`, or on the server
 * `parseProsemirrorDocument(readProsemirrorFromFragment(…))`; `titlePage`
 * is `readTitlePage(yDoc)`.
 *
 * What a Fountain reader gets back, element by element:
 * - scene headings, cues, parentheticals, dialogue, transitions and
 *   centered text as themselves; `.`, `@`, `>` and `!` force them where
 *   their text alone would read as something else; scene numbers as `#12A#`;
 * - dual dialogue: a `left` speech followed at once by a `right` one (the
 *   pair the pagination engine prints side by side) gets `^` on the right cue;
 * - a shot: Fountain has no shot element. It is written as its own
 *   paragraph, unforced when it is one line in capitals: Fountain 1.1 reads
 *   it as action (a shot prints at the action margin, so the page looks the
 *   same), afterwriting reads it as a shot;
 * - general text: no element either; written as action, read back as action;
 * - dialogue or a parenthetical with no cue above it, and a cue with nothing
 *   spoken under it, cannot be written as such: they are written as action;
 * - bold, italic and underline as `**`, `*`, `_` (see emphasisLines);
 * - `pageBreakBefore` as `===` before the element (not before the first,
 *   which already begins a page).
 *
 * What Fountain cannot hold is left out: empty elements (a page break they
 * carry moves to the next element), blank lines at an element's edges,
 * spaces at the ends of lines (and leading ones outside action). Also
 * beyond the format: two dialogue elements in a row read back as one of
 * several lines (they print alike), a dialogue line wholly in parentheses
 * as a parenthetical, `[[…]]` in any text as a note, a cue ending in `^` as
 * dual dialogue, a heading ending in `#…#` as a scene number; readers drop
 * `<` and `>` in centered text and turn tabs leading an action line into
 * four spaces.
 */
export function writeFountain(doc: ProsemirrorNode, titlePage: TitlePage = {}, options: WriteFountainOptions = {}): string {
  return fountainOfBlocks(layoutBlocksOf(doc), titlePage, options);
}

/** `writeFountain` for a script already read as layout blocks (the editor and the benchmark keep them for pagination). */
export function fountainOfBlocks(blocks: readonly LayoutBlock[], titlePage: TitlePage = {}, options: WriteFountainOptions = {}): string {
  const head = titlePageLines(titlePage);
  const paragraphs: string[][] = [];
  const notes = new FountainCommentNotes(options.comments ?? []);
  let pageBreak = false;
  /** The speech just written, while the next block could be its right-hand side. */
  let lastSpeech: { end: number; left: boolean } | undefined;
  for (let i = 0; i < blocks.length; ) {
    const block = blocks[i]!;
    pageBreak ||= block.pageBreakBefore === true;
    if (isBlank(block)) {
      notes.pass(i, i + 1);
      i += 1;
      continue;
    }
    const place: ElementPlace = { opensDocument: head.length === 0 && paragraphs.length === 0 };
    const under = block.type === 'character' ? spokenUnder(blocks, i) : undefined;
    const speech = under && under.spoken.length > 0 ? under : undefined;
    const dualRight = speech !== undefined && block.dualDialogue === 'right' && lastSpeech?.left === true && lastSpeech.end === i;
    // A note between the two sides of dual dialogue would part them: the left side's notes wait for the right.
    if (!dualRight) paragraphs.push(...notes.flush());
    if (pageBreak && paragraphs.length > 0) paragraphs.push(['===']);
    pageBreak = false;
    if (speech) {
      paragraphs.push([cueLine(block, place, dualRight), ...speech.spoken.flatMap(spokenLines)]);
      lastSpeech = { end: speech.end, left: block.dualDialogue === 'left' };
      notes.pass(i, speech.end);
      i = speech.end;
      continue;
    }
    paragraphs.push(paragraphOf(block, place));
    lastSpeech = undefined;
    notes.pass(i, i + 1);
    i += 1;
  }
  paragraphs.push(...notes.end());
  const body = paragraphs.map((lines) => lines.join('\n')).join('\n\n');
  const text = [head.join('\n'), body].filter((part) => part !== '').join('\n\n');
  return text === '' ? '' : `${text}\n`;
}

/**
 * The parentheticals and dialogue under the cue at `cue`, up to the first
 * other element or forced page break (as the pagination engine groups a
 * speech), the empty ones left out; `end` is one past the last of them.
 */
function spokenUnder(blocks: readonly LayoutBlock[], cue: number): { spoken: LayoutBlock[]; end: number } {
  let end = cue + 1;
  while (end < blocks.length && isSpoken(blocks[end]!) && !blocks[end]!.pageBreakBefore) end++;
  return { spoken: blocks.slice(cue + 1, end).filter((block) => !isBlank(block)), end };
}

function isSpoken(block: LayoutBlock): boolean {
  return block.type === 'parenthetical' || block.type === 'dialogue' || block.type === 'lyrics';
}

function spokenLines(block: LayoutBlock): string[] {
  if (block.type === 'parenthetical') return [parentheticalLine(block)];
  return block.type === 'lyrics' ? lyricLines(block) : dialogueLines(block);
}

/** An element outside a speech: a cue or spoken element here stands alone and is written as action. */
function paragraphOf(block: LayoutBlock, place: ElementPlace): string[] {
  switch (block.type) {
    case 'sceneHeading':
      return [sceneHeadingLine(block, place)];
    case 'transition':
      return [transitionLine(block, place)];
    case 'centered':
      return centeredLines(block);
    case 'shot':
      return actionLines(block, place, { shot: true });
    case 'action':
    case 'general':
    case 'character':
    case 'parenthetical':
    case 'dialogue':
      return actionLines(block, place);
    case 'lyrics':
      return lyricLines(block);
    case 'section':
      return [sectionLine(block)];
    case 'synopsis':
      return synopsisLines(block);
    case 'note':
      return noteLines(block);
    case 'boneyard':
      return boneyardLines(block);
  }
}

function isBlank(block: LayoutBlock): boolean {
  return block.text.trim() === '';
}
