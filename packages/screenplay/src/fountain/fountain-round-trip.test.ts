import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screenplayArb } from '../../test/screenplay-arbitraries.js';
import type { ElementType } from '../element-types.js';
import { layoutBlocksOf, type LayoutBlock, type StyleSpan } from '../pages/layout-block.js';
import { parseProsemirrorDocument } from '../parse-prosemirror-document.js';
import { parseFountain } from './parse-fountain.js';
import { fountainOfBlocks } from './write-fountain.js';

/**
 * What the writer writes, the parser reads back: the same elements in the
 * same order, with their text, marks and attributes, changed only as
 * writeFountain's contract says Fountain changes them (shots and general
 * text become action, one-line elements go on one line, a speech's
 * dialogue in a row is one element) and as the parser stores them
 * (headings, cues and transitions in capitals).
 */

/** A character and its marks: bold 1, italic 2, underline 4. */
type Chars = Array<[string, number]>;

interface Read {
  type: string;
  text: string;
  /** Each character's marks, as digits. */
  marks: string;
  sceneNumber?: string;
  dualDialogue?: 'left' | 'right';
  pageBreakBefore?: true;
  depth?: number;
}

const MARK_BITS = { bold: 1, italic: 2, underline: 4 } as const;

function charsOf(block: LayoutBlock): Chars {
  const chars: Chars = block.text.split('').map((unit): [string, number] => [unit, 0]);
  for (const span of block.styles) {
    // The writer keeps slashes at the end of a marked run outside its markers (a slash against `*` opens a comment).
    let to = span.to;
    while (to > span.from && /[\s/]/.test(block.text[to - 1]!)) to--;
    for (let at = span.from; at < to; at++) for (const [mark, on] of Object.entries(span.style)) if (on) chars[at]![1] |= MARK_BITS[mark as keyof typeof MARK_BITS];
  }
  return chars;
}

const text = (chars: Chars) => chars.map(([character]) => character).join('');
const isBlank = (chars: Chars) => chars.every(([character]) => /\s/.test(character));
const lines = (chars: Chars): Chars[] => {
  const split: Chars[] = [[]];
  for (const pair of chars) {
    if (pair[0] === '\n') split.push([]);
    else split[split.length - 1]!.push(pair);
  }
  return split;
};
const trimStart = (chars: Chars) => chars.slice(chars.findIndex(([character]) => !/\s/.test(character)));
const trimEnd = (chars: Chars) => chars.slice(0, chars.length - [...chars].reverse().findIndex(([character]) => !/\s/.test(character)));
const trim = (chars: Chars) => (isBlank(chars) ? [] : trimEnd(trimStart(chars)));
const join = (parts: Chars[], separator: string): Chars => parts.flatMap((part, index) => (index === 0 ? part : [[separator, 0] as [string, number], ...part]));

/** The lines of an element, each as `edit` leaves it, blank lines at the edges left out. */
function keptLines(chars: Chars, edit: (line: Chars) => Chars): Chars {
  const all = lines(chars).map((line) => (isBlank(line) ? [] : edit(line)));
  while (all.length > 0 && all[0]!.length === 0) all.shift();
  while (all.length > 0 && all[all.length - 1]!.length === 0) all.pop();
  return join(all, '\n');
}
const oneLine = (chars: Chars) => join(lines(chars).map(trim).filter((line) => line.length > 0), ' ');
const upper = (chars: Chars): Chars => chars.map(([character, marks]) => [character.toUpperCase(), marks]);

function read(type: string, chars: Chars, extra: Partial<Read> = {}): Read {
  return { type, text: text(chars), marks: chars.map(([, marks]) => marks).join(''), ...extra };
}

const SPOKEN: ReadonlySet<ElementType> = new Set(['parenthetical', 'dialogue', 'lyrics']);

/** What parseFountain should give back for what fountainOfBlocks writes of `blocks`. */
function expectedReading(blocks: readonly LayoutBlock[]): Read[] {
  const reading: Read[] = [];
  let pageBreak = false;
  let lastSpeech: { end: number; left: boolean; elements: Read[] } | undefined;
  const add = (element: Read) => {
    if (pageBreak && reading.length > 0) element.pageBreakBefore = true;
    pageBreak = false;
    reading.push(element);
    return element;
  };
  for (let i = 0; i < blocks.length; ) {
    const block = blocks[i]!;
    const breakHere = block.pageBreakBefore === true && reading.length > 0;
    pageBreak ||= block.pageBreakBefore === true;
    let end = i + 1;
    while (block.type === 'character' && end < blocks.length && SPOKEN.has(blocks[end]!.type) && !blocks[end]!.pageBreakBefore) end++;
    if (block.type === 'character' && end > i + 1) {
      const right = block.dualDialogue === 'right' && lastSpeech?.left === true && lastSpeech.end === i && !breakHere;
      const side = right ? { dualDialogue: 'right' as const } : {};
      if (right) for (const element of lastSpeech!.elements) element.dualDialogue = 'left';
      const elements = [add(read('character', upper(oneLine(charsOf(block))), side))];
      for (const spoken of blocks.slice(i + 1, end)) {
        const chars = spoken.type === 'parenthetical' ? oneLine(charsOf(spoken)) : keptLines(charsOf(spoken), trim);
        const previous = elements[elements.length - 1]!;
        if (spoken.type !== 'parenthetical' && previous.type === spoken.type) {
          Object.assign(previous, read(spoken.type, [...keptChars(previous), ['\n', 0], ...chars], side));
        } else elements.push(add(read(spoken.type, chars, side)));
      }
      lastSpeech = { end, left: block.dualDialogue === 'left', elements };
      i = end;
      continue;
    }
    lastSpeech = undefined;
    i += 1;
    const chars = charsOf(block);
    if (block.type === 'sceneHeading') add(read('sceneHeading', upper(oneLine(chars)), block.sceneNumber ? { sceneNumber: block.sceneNumber } : {}));
    else if (block.type === 'transition') add(read('transition', upper(oneLine(chars))));
    else if (block.type === 'section') add(read('section', oneLine(chars), { depth: block.depth ?? 1 }));
    else if (block.type === 'note' || block.type === 'boneyard') add(read(block.type, keptLines(chars, (line) => line)));
    else if (block.type === 'centered' || block.type === 'lyrics' || block.type === 'synopsis') add(read(block.type, keptLines(chars, trim)));
    else add(read('action', keptLines(chars, trimEnd)));
  }
  return reading;
}

function keptChars(element: Read): Chars {
  return element.text.split('').map((unit, index) => [unit, Number(element.marks[index])]);
}

function readBack(fountain: string): Read[] {
  const { document } = parseFountain(fountain);
  return layoutBlocksOf(parseProsemirrorDocument(document)).map((block) => {
    const extra: Partial<Read> = {};
    if (block.sceneNumber) extra.sceneNumber = block.sceneNumber;
    if (block.dualDialogue) extra.dualDialogue = block.dualDialogue;
    if (block.pageBreakBefore) extra.pageBreakBefore = true;
    if (block.type === 'section') extra.depth = block.depth!;
    return read(block.type, charsOf(block), extra);
  });
}

const WORDS = ['Act', 'one', 'the', 'door', '#', '#12#', '=', '===', '~', '*', '_', '\\', '[', ']', '/', '>', '<', 'TO:', 'INT.', 'Title:', '李', '🎬'];
const outlineLine = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));
const outlineLines = fc.array(fc.oneof({ weight: 4, arbitrary: outlineLine }, { weight: 1, arbitrary: fc.constant('') }), { minLength: 1, maxLength: 3 }).map((chosen) => chosen.join('\n').trim()).filter((chosen) => chosen !== '');
const marked = (type: ElementType, chosen: fc.Arbitrary<string>) =>
  chosen.chain((value) => fc.subarray([{ bold: true }, { italic: true }, { underline: true }] as StyleSpan['style'][]).map((styles): LayoutBlock => {
    const word = /\S+/.exec(value)!;
    const style = Object.assign({}, ...styles) as StyleSpan['style'];
    return { type, text: value, styles: Object.keys(style).length > 0 ? [{ from: word.index, to: word.index + word[0].length, style }] : [] };
  }));

/**
 * The outline, notes, the boneyard and lyrics, which screenplayArb leaves
 * out: their text without what the writer cannot carry (`]]` in a note,
 * `*\/` in the boneyard), notes and boneyard without marks (they have none in Fountain).
 */
const outlineUnit: fc.Arbitrary<LayoutBlock> = fc.oneof(
  fc.tuple(marked('section', outlineLine), fc.integer({ min: 1, max: 6 })).map(([block, depth]) => ({ ...block, depth })),
  marked('synopsis', outlineLines),
  marked('lyrics', outlineLines),
  outlineLines.filter((chosen) => !chosen.includes(']]') && !chosen.includes('[[')).map((chosen): LayoutBlock => ({ type: 'note', text: chosen, styles: [] })),
  outlineLines.filter((chosen) => !chosen.includes('*/') && !chosen.includes('/*')).map((chosen): LayoutBlock => ({ type: 'boneyard', text: chosen, styles: [] })),
);

const scriptArb = fc.array(fc.oneof(screenplayArb(3), outlineUnit.map((block) => [block])), { minLength: 1, maxLength: 6 }).map((parts) => parts.flat());

describe('Fountain round trip: writeFountain then parseFountain', () => {
  it('gives back any generated screenplay: elements, text, marks and attributes', () => {
    fc.assert(
      fc.property(scriptArb, (blocks) => {
        const written = fountainOfBlocks(blocks);
        expect(readBack(written), written).toEqual(expectedReading(blocks));
      }),
      { numRuns: 400 },
    );
  });
});
