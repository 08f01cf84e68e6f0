import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBlocks, contentBlocksArb, markFreeDocumentArb } from '../test/arbitraries.js';
import {
  ContentFormatError,
  contentBlocksToProsemirror,
  emptyScriptDocument,
  prosemirrorToContentBlocks,
  type ContentBlock,
} from './index.js';

function errorOf(run: () => unknown): ContentFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContentFormatError);
    return error as ContentFormatError;
  }
  throw new Error('expected a ContentFormatError');
}

const doc = (...content: unknown[]) => ({ type: 'doc', content });

describe('contentBlocksToProsemirror', () => {
  it("converts the plan's example into the TipTap document the editor would hold", () => {
    expect(
      contentBlocksToProsemirror([
        { type: 'scene_heading', text: 'INT. OFFICE - DAY', metadata: { sceneNumber: '4' } },
        { type: 'action', text: 'John enters the room.' },
        { type: 'character', text: 'JOHN' },
        { type: 'dialogue', text: '' },
        { type: 'general', text: 'Notes' },
      ]),
    ).toEqual(
      doc(
        { type: 'sceneHeading', attrs: { sceneNumber: '4', pageBreakBefore: null }, content: [{ type: 'text', text: 'INT. OFFICE - DAY' }] },
        { type: 'action', attrs: { pageBreakBefore: null }, content: [{ type: 'text', text: 'John enters the room.' }] },
        { type: 'character', attrs: { dualDialogue: null, pageBreakBefore: null }, content: [{ type: 'text', text: 'JOHN' }] },
        { type: 'dialogue', attrs: { dualDialogue: null, pageBreakBefore: null } },
        { type: 'general', attrs: { pageBreakBefore: null }, content: [{ type: 'text', text: 'Notes' }] },
      ),
    );
  });

  it('turns the empty block list into a document with one empty action, since a document needs a block', () => {
    expect(contentBlocksToProsemirror([])).toEqual(emptyScriptDocument());
    expect(emptyScriptDocument()).toEqual(doc({ type: 'action', attrs: { pageBreakBefore: null } }));
  });

  it('validates its input like parseContentBlocks', () => {
    const bad = [{ type: 'sceneHeading', text: 'x' }] as unknown as ContentBlock[];
    expect(errorOf(() => contentBlocksToProsemirror(bad)).message).toBe("unknown block type 'sceneHeading' at [0].type");
  });
});

describe('prosemirrorToContentBlocks', () => {
  it('concatenates the text of an element and drops its marks, which content_blocks cannot carry', () => {
    const marked = doc({
      type: 'dialogue',
      attrs: { dualDialogue: 'right' },
      content: [
        { type: 'text', text: 'I said ' },
        { type: 'text', text: 'no', marks: [{ type: 'bold' }, { type: 'underline' }] },
        { type: 'text', text: '.', marks: [{ type: 'italic', attrs: {} }] },
      ],
    });
    expect(prosemirrorToContentBlocks(marked)).toEqual([
      { type: 'dialogue', text: 'I said no.', metadata: { dualDialogue: 'right' } },
    ]);
  });

  it('projects the document of one empty action to the empty list, the canonical empty script', () => {
    expect(prosemirrorToContentBlocks(doc({ type: 'action' }))).toEqual([]);
    expect(prosemirrorToContentBlocks(doc({ type: 'action' }, { type: 'action' }))).toHaveLength(2);
    expect(prosemirrorToContentBlocks(doc({ type: 'general' }))).toEqual([{ type: 'general', text: '' }]);
  });

  it('accepts attributes left out or null, as hand-written JSON often has them', () => {
    expect(prosemirrorToContentBlocks(doc({ type: 'sceneHeading' }, { type: 'character', attrs: { dualDialogue: null } })))
      .toEqual([{ type: 'scene_heading', text: '' }, { type: 'character', text: '' }]);
  });

  it('refuses what is not a screenplay document, naming the place', () => {
    const cases: Array<[unknown, string]> = [
      ['{"type":"doc"}', "a document must be a ProseMirror JSON object of type 'doc', got string"],
      [{ type: 'paragraph' }, `a document must be a ProseMirror JSON object of type 'doc', got type "paragraph"`],
      [doc(), 'a document needs at least one element (an empty script is one empty action) at document'],
      [doc({ type: 'action' }, { type: 'madeUp' }), "unknown node type 'madeUp' at content[1]"],
      [doc({ type: 'paragraph', content: [] }), "unknown node type 'paragraph' at content[0]"],
      [doc({ type: 'action', attrs: { sceneNumber: '1' } }), "unknown attribute 'sceneNumber' on 'action' at content[0].attrs"],
      [
        doc({ type: 'character', attrs: { dualDialogue: 'both' } }),
        `invalid 'character' node: attribute dualDialogue must be 'left', 'right' or null, got "both" at content[0]`,
      ],
      [doc({ type: 'action', content: [{ type: 'text', text: 'x', marks: [{ type: 'strike' }] }] }), 'unknown mark type "strike" at content[0].content[0].marks[0]'],
      [doc({ type: 'action', content: [{ type: 'text', text: 'x', marks: [{ type: 'bold', attrs: { level: 2 } }] }] }), "unknown attribute 'level' on mark 'bold' at content[0].content[0].marks[0].attrs"],
      [doc({ type: 'action', content: [{ type: 'text', text: '' }] }), 'text must be a non-empty string, got string at content[0].content[0]'],
      [doc({ type: 'action', content: [{ type: 'text', text: '\uDC00' }] }), 'unstorable character U+DC00 (lone low surrogate) in text (index 0) at content[0].content[0]'],
      [doc({ type: 'action', content: [{ type: 'text', text: 'a\u0007' }] }), 'unstorable character U+0007 (BEL) in text (index 1) at content[0].content[0]'],
      [
        doc({ type: 'sceneHeading', attrs: { sceneNumber: '\u00001' } }),
        "unstorable character U+0000 (NUL) in an attribute of 'sceneHeading' (index 0) at content[0].attrs.sceneNumber",
      ],
      [doc({ type: 'text', text: 'loose' }), "'doc' cannot contain [text] at document"],
      [doc({ type: 'action', content: [{ type: 'dialogue' }] }), "'action' cannot contain [dialogue] at content[0]"],
      [doc({ type: 'action', marks: [{ type: 'bold' }] }), "'doc' allows no marks on its children at document"],
      [doc({ type: 'action', content: 'x' }), 'content must be an array, got string at content[0].content'],
      [doc({ type: 'action', id: 'a1' }), "unknown key 'id' in node at content[0]"],
      [doc(null), 'node must be an object, got null at content[0]'],
    ];
    for (const [input, message] of cases) {
      expect(errorOf(() => prosemirrorToContentBlocks(input)).message, message).toBe(message);
    }
  });
});

describe('round trips', () => {
  it('content_blocks -> ProseMirror -> content_blocks is the identity on valid lists (the lone empty action reads as [])', () => {
    fc.assert(
      fc.property(contentBlocksArb(), (blocks) => {
        expect(prosemirrorToContentBlocks(contentBlocksToProsemirror(blocks))).toEqual(canonicalBlocks(blocks));
      }),
    );
    expect(prosemirrorToContentBlocks(contentBlocksToProsemirror([{ type: 'action', text: '' }]))).toEqual([]);
  });

  it('ProseMirror -> content_blocks -> ProseMirror is the identity on mark-free documents', () => {
    fc.assert(
      fc.property(markFreeDocumentArb(), (json) => {
        expect(contentBlocksToProsemirror(prosemirrorToContentBlocks(json))).toEqual(json);
      }),
    );
  });
});
