import fc from 'fast-check';
import type { BlockType, ContentBlock, ProsemirrorJson, ProsemirrorNodeJson } from '../src/index.js';
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
