import fc from 'fast-check';
import type { BlockType, ContentBlock, ElementType, ProsemirrorJson, ProsemirrorNodeJson } from '../src/index.js';
import { BLOCK_TYPE_TO_ELEMENT, ELEMENT_ATTRIBUTE_NAMES, isStorableText } from '../src/index.js';

const BLOCK_TYPES = Object.keys(BLOCK_TYPE_TO_ELEMENT) as BlockType[];

/** Text a script can hold: none of the characters unstorable-text.ts refuses (those have their own tests). */
const storable = (text: fc.Arbitrary<string>): fc.Arbitrary<string> => text.filter(isStorableText);

/** Any text a script can hold, empty included: astral code points, combining sequences, tab, newline, DEL, C1 controls. */
export const anyText = (): fc.Arbitrary<string> =>
  fc.oneof(storable(fc.string({ unit: 'binary' })), storable(fc.string({ unit: 'grapheme' })), fc.constant(''));

const sceneNumber = fc.oneof(storable(fc.string({ unit: 'grapheme', maxLength: 5 })), fc.constantFrom('1', '12A', 'A12'));

/** A valid content block of `type`, with metadata where the type carries any. */
export function blockOfType(type: BlockType): fc.Arbitrary<ContentBlock> {
  const carries = ELEMENT_ATTRIBUTE_NAMES[BLOCK_TYPE_TO_ELEMENT[type]];
  const text = anyText();
  if (carries.includes('sceneNumber')) {
    return fc.record(
      { type: fc.constant(type), text, metadata: fc.record({ sceneNumber }) },
      { requiredKeys: ['type', 'text'] },
    );
  }
  if (carries.includes('dualDialogue')) {
    return fc.record(
      { type: fc.constant(type), text, metadata: fc.record({ dualDialogue: fc.constantFrom('left', 'right') }) },
      { requiredKeys: ['type', 'text'] },
    );
  }
  return fc.record({ type: fc.constant(type), text });
}

/** Arbitrary valid content_blocks lists, every type and metadata. */
export const contentBlocksArb = (maxLength = 12): fc.Arbitrary<ContentBlock[]> =>
  fc.array(fc.constantFrom(...BLOCK_TYPES).chain(blockOfType), { maxLength });

/** The canonical form of a block list: the lone empty action is the empty script. */
export function canonicalBlocks(blocks: ContentBlock[]): ContentBlock[] {
  const only = blocks[0];
  return blocks.length === 1 && only?.type === 'action' && only.text === '' ? [] : blocks;
}

/** Canonical mark-free ProseMirror documents (every attribute present, as Node.toJSON gives). */
export const markFreeDocumentArb = (): fc.Arbitrary<ProsemirrorJson> =>
  fc.array(fc.constantFrom(...BLOCK_TYPES).chain(blockOfType), { minLength: 1, maxLength: 12 }).map((blocks) => ({
      type: 'doc',
      content: blocks.map((block): ProsemirrorNodeJson => {
        const element = BLOCK_TYPE_TO_ELEMENT[block.type];
        const node: ProsemirrorNodeJson = { type: element };
        const names = ELEMENT_ATTRIBUTE_NAMES[element];
        if (names.length > 0) {
          node.attrs = Object.fromEntries(names.map((name) => [name, block.metadata?.[name] ?? null]));
        }
        if (block.text !== '') node.content = [{ type: 'text', text: block.text }];
        return node;
      }),
  }));

const markArb = fc.subarray(['bold', 'italic', 'underline']).map((names) => names.map((type) => ({ type })));

/** ProseMirror documents with marked text (not canonical: adjacent runs may share marks). */
export const markedDocumentArb = (): fc.Arbitrary<ProsemirrorJson> =>
  fc
    .array(
      fc.record({
        type: fc.constantFrom('action', 'dialogue', 'general'),
        runs: fc.array(fc.record({ text: storable(fc.string({ unit: 'grapheme', minLength: 1 })), marks: markArb }), {
          maxLength: 4,
        }),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((blocks) => ({
      type: 'doc',
      content: blocks.map(({ type, runs }): ProsemirrorNodeJson => {
        const node: ProsemirrorNodeJson = { type };
        if (runs.length > 0) {
          node.content = runs.map(({ text, marks }) => (marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text }));
        }
        return node;
      }),
    }));

/** Text an XML file can carry as well as a script: storable, and without U+FFFE and U+FFFF, which XML 1.0 cannot hold at all. */
const xmlCarriedText = (text: fc.Arbitrary<string>): fc.Arbitrary<string> => storable(text).filter((chosen) => !/[\uFFFE\uFFFF]/.test(chosen));

/** Runs of an element: non-empty text, each with any combination of marks (ProseMirror joins neighbours that share them). */
const runsArb = (upperCase: boolean): fc.Arbitrary<ProsemirrorNodeJson[]> =>
  fc
    .array(fc.record({ text: xmlCarriedText(fc.oneof(fc.string({ unit: 'binary', minLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1 }))), marks: markArb }), { maxLength: 4 })
    .map((runs) =>
      runs.map(({ text, marks }): ProsemirrorNodeJson => {
        const stored = upperCase ? text.toUpperCase() : text;
        return marks.length > 0 ? { type: 'text', text: stored, marks } : { type: 'text', text: stored };
      }),
    );

/** Element types stored in capitals (element-flow.ts UPPERCASE_ELEMENTS): generated so, as the editor stores them. */
const CAPITALISED: ReadonlySet<string> = new Set(['sceneHeading', 'character', 'transition', 'shot']);

const elementArb = (type: ElementType, attrs: Record<string, unknown> = {}): fc.Arbitrary<ProsemirrorNodeJson> =>
  fc.tuple(runsArb(CAPITALISED.has(type)), fc.integer({ min: 0, max: 9 })).map(([runs, breakChance]) => {
    const withBreak = ELEMENT_ATTRIBUTE_NAMES[type].includes('pageBreakBefore') && breakChance === 0 ? { ...attrs, pageBreakBefore: true } : attrs;
    const node: ProsemirrorNodeJson = { type };
    if (Object.keys(withBreak).length > 0) node.attrs = withBreak;
    if (runs.length > 0) node.content = runs;
    return node;
  });

/** A parenthetical whose text is not wholly in parentheses: one that is stores them twice over (see withoutOuterParentheses). */
const parentheticalArb = (attrs: Record<string, unknown>) =>
  elementArb('parenthetical', attrs).filter((node) => {
    const text = (node.content ?? []).map((run) => run.text).join('').trim();
    return !(text.startsWith('(') && text.endsWith(')'));
  });

/** A cue and one to three elements spoken under it, on one side of dual dialogue or none. */
const speechArb = (dualDialogue?: 'left' | 'right'): fc.Arbitrary<ProsemirrorNodeJson[]> => {
  const side = dualDialogue ? { dualDialogue } : {};
  const spoken = fc.oneof(elementArb('dialogue', side), parentheticalArb(side), elementArb('lyrics', side));
  return fc.tuple(elementArb('character', side), fc.array(spoken, { minLength: 1, maxLength: 3 })).map(([cue, under]) => [cue, ...under]);
};

const sceneNumberArb = fc.option(xmlCarriedText(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 })), { nil: undefined });

/**
 * Screenplay documents of every element type, with marks, scene numbers,
 * page breaks, dual dialogue (a left speech followed by a right one),
 * outline levels, synopses, notes and the boneyard, in ProseMirror JSON
 * (not canonical: compare after parseProsemirrorDocument). Their text is
 * any text a script can store and XML can carry; elements stored in
 * capitals are generated in capitals.
 */
export const screenplayDocumentArb = (maxUnits = 12): fc.Arbitrary<ProsemirrorJson> => {
  const unit: fc.Arbitrary<ProsemirrorNodeJson[]> = fc.oneof(
    sceneNumberArb.chain((sceneNumber) => elementArb('sceneHeading', sceneNumber === undefined ? {} : { sceneNumber })).map((node) => [node]),
    ...(['action', 'centered', 'shot', 'general', 'transition', 'lyrics', 'synopsis', 'note', 'boneyard'] as const).map((type) => elementArb(type).map((node) => [node])),
    fc.integer({ min: 1, max: 6 }).chain((depth) => elementArb('section', { depth })).map((node) => [node]),
    speechArb(),
    fc.tuple(speechArb('left'), speechArb('right')).map(([left, right]) => [...left, ...right]),
  );
  return fc.array(unit, { minLength: 1, maxLength: maxUnits }).map((units) => ({ type: 'doc', content: units.flat() }));
};
