import fc from 'fast-check';
import type { ElementType, LayoutBlock, StyleSpan, TextStyle } from '../src/index.js';

/**
 * Screenplays as the pagination engine and the Fountain writer read them
 * (layout blocks), well formed: every speech has a cue and something
 * spoken, no element is empty. Their text is made of words chosen to trip a
 * Fountain writer: heading prefixes, `TO:`, every markup character, capitals
 * that read as cues, emphasis characters, backslashes, non-Latin scripts.
 * What Fountain cannot hold at all is left out (see `writeFountain`): `[[`,
 * a dialogue line wholly in parentheses, `<` `>` in centered text, `^` or
 * stray parentheses in a cue, `#…#` ending a heading, tabs.
 */

const WORDS = [
  'the', 'door', 'walks', 'she', 'Maya', 'BOB', 'THE', 'McCOY', 'INT.', 'int', 'EXT', 'est.', 'I/E', 'TO:', 'CUT', 'FADE', 'OUT.', 'IN:',
  '!', '@', '~', '#', '#12#', '=', '===', '>', '<', '.', '...', '*', '**', '_', '__', '\\', '\\*', '(', ')', '^', '[', ']', ':', 'Title:',
  'Note:', '12', '1999', 'ÉLAN', 'ñandú', '李', '🎬', "it's", '--', '"quoted"', '&', '$', '+', '`', '/', 'V.O.',
];

const NAMES = ['BOB', 'MARA', 'MR. ALVAREZ', 'McCOY', '李', 'INT. GUARD', '23', '!BOB', 'ÉLAN', 'josé', 'R2D2', '@HOME', 'WELCOME TO:', 'EXT'];
const EXTENSIONS = ['', '', ' (V.O.)', " (CONT'D)", ' (on the radio)', " (O.S.) (CONT'D)"];

const line = (words: readonly string[] = WORDS): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', ' ', ' ', '  '), fc.constantFrom('', '', ' ', '   '))
    .map(([chosen, gap, indent]) => indent + chosen.join(gap));

/** Lines joined by line breaks, some of them empty, never blank as a whole. */
const lines = (maxLength: number, words?: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 5, arbitrary: line(words) }, { weight: 1, arbitrary: fc.constant('') }), { minLength: 1, maxLength })
    .map((chosen) => chosen.join('\n'))
    .filter((text) => text.trim() !== '');

const noNote = (text: string) => !text.includes('[[');

const MARKS: readonly TextStyle[] = [{}, {}, {}, { italic: true }, { bold: true }, { underline: true }, { bold: true, italic: true }, { bold: true, underline: true }, { italic: true, underline: true }, { bold: true, italic: true, underline: true }];

/** Marks on some of the words of `text` (runs of non-spaces), any mark or combination. */
const wordMarks = (text: string): fc.Arbitrary<StyleSpan[]> => {
  const words = [...text.matchAll(/\S+/g)];
  return fc.array(fc.constantFrom(...MARKS), { minLength: words.length, maxLength: words.length }).map((styles) =>
    words.flatMap((word, i) => (Object.keys(styles[i]!).length === 0 ? [] : [{ from: word.index, to: word.index + word[0].length, style: styles[i]! }])),
  );
};

const element = (type: ElementType, text: fc.Arbitrary<string>): fc.Arbitrary<LayoutBlock> =>
  text.filter(noNote).chain((chosen) => wordMarks(chosen).map((styles): LayoutBlock => ({ type, text: chosen, styles })));

const heading = fc
  .tuple(line(), fc.constantFrom(undefined, '1', '12A', 'A1', 'I-1-A'))
  .filter(([text]) => noNote(text) && !/#[\w.-]+#\s*$/.test(text))
  .map(([text, sceneNumber]): LayoutBlock => ({ type: 'sceneHeading', text, styles: [], ...(sceneNumber ? { sceneNumber } : {}) }));

const cueText = fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...EXTENSIONS)).map(([name, extension]) => name + extension);

const DIALOGUE_WORDS = WORDS.filter((word) => word !== '(' && word !== ')');

const spoken = fc.oneof(
  { weight: 1, arbitrary: element('parenthetical', line(DIALOGUE_WORDS)) },
  { weight: 3, arbitrary: element('dialogue', lines(3, DIALOGUE_WORDS)) },
);

/** A cue and one to three spoken elements under it, the first one dialogue half of the time. */
const speech = (dualDialogue?: 'left' | 'right'): fc.Arbitrary<LayoutBlock[]> =>
  fc.tuple(cueText, fc.array(spoken, { minLength: 1, maxLength: 3 })).map(([text, under]) => [
    { type: 'character', text, styles: [], ...(dualDialogue ? { dualDialogue } : {}) },
    ...under.map((block) => (dualDialogue ? { ...block, dualDialogue } : block)),
  ]);

const CENTERED_WORDS = WORDS.filter((word) => !word.includes('<') && !word.includes('>'));

const unit: fc.Arbitrary<LayoutBlock[]> = fc.oneof(
  heading.map((block) => [block]),
  element('action', lines(4)).map((block) => [block]),
  element('shot', lines(2)).map((block) => [block]),
  element('general', lines(2)).map((block) => [block]),
  element('transition', line().filter((text) => !text.trimEnd().endsWith('<'))).map((block) => [block]),
  element('centered', lines(2, CENTERED_WORDS)).map((block) => [block]),
  speech(),
  speech(),
  fc.tuple(speech('left'), speech('right')).map(([left, right]) => [...left, ...right]),
);

/** A well-formed screenplay of up to `maxUnits` elements or speeches, some of them after a forced page break. */
export const screenplayArb = (maxUnits = 12): fc.Arbitrary<LayoutBlock[]> =>
  fc
    .array(fc.tuple(unit, fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: maxUnits })
    .map((units) => units.flatMap(([blocks, breakChance], index) => (index > 0 && breakChance === 0 ? [{ ...blocks[0]!, pageBreakBefore: true }, ...blocks.slice(1)] : blocks)));
