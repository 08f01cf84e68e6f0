import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonicalBlocks, contentBlocksArb, markFreeDocumentArb } from '../test/arbitraries.js';
import {
  ContentFormatError,
  DOCUMENT_FRAGMENT,
  emptyScriptDocument,
  mergeContentBlocks,
  prosemirrorToContentBlocks,
  readProsemirrorFromFragment,
  replaceFragmentContent,
  writeProsemirrorToFragment,
  type ContentBlock,
  type ProsemirrorJson,
} from './index.js';

const bold = (text: string) => ({ type: 'text', text, marks: [{ type: 'bold' }] });
const plain = (text: string) => ({ type: 'text', text });

const current: ProsemirrorJson = {
  type: 'doc',
  content: [
    { type: 'sceneHeading', attrs: { sceneNumber: '1', pageBreakBefore: null }, content: [plain('INT. OFFICE')] },
    { type: 'action', attrs: { pageBreakBefore: null }, content: [plain('John is '), bold('furious'), plain('.')] },
    { type: 'character', attrs: { dualDialogue: null, pageBreakBefore: null }, content: [plain('JOHN')] },
    { type: 'dialogue', attrs: { dualDialogue: null, pageBreakBefore: null }, content: [bold('No.')] },
  ],
};

describe('mergeContentBlocks', () => {
  it('writes back an unchanged projection as the same document, marks and all', () => {
    expect(mergeContentBlocks(current, prosemirrorToContentBlocks(current))).toEqual(current);
  });

  it('keeps the marks of unchanged blocks around an inserted, an edited and a removed block', () => {
    const blocks = prosemirrorToContentBlocks(current);
    const edited: ContentBlock[] = [
      blocks[0]!,
      { type: 'action', text: 'A new beat.' },
      blocks[1]!,
      { ...blocks[2]!, text: 'JOHN (V.O.)' },
      blocks[3]!,
    ];
    const merged = mergeContentBlocks(current, edited);
    expect(prosemirrorToContentBlocks(merged)).toEqual(edited);
    expect(merged.content[2]).toEqual(current.content[1]);
    expect(merged.content[4]).toEqual(current.content[3]);
    expect(merged.content[3]?.content).toEqual([plain('JOHN (V.O.)')]);

    const removed = mergeContentBlocks(current, [blocks[0]!, blocks[3]!]);
    expect(removed.content).toEqual([current.content[0], current.content[3]]);
  });

  it('keeps the marks of the whole script through a REST round trip into the Yjs document', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    writeProsemirrorToFragment(fragment, current);
    const projection = prosemirrorToContentBlocks(readProsemirrorFromFragment(fragment));
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    replaceFragmentContent(doc, fragment, mergeContentBlocks(readProsemirrorFromFragment(fragment), projection));
    expect(updates).toEqual([]);
    expect(readProsemirrorFromFragment(fragment)).toEqual(current);
  });

  it('treats the empty list as the empty script', () => {
    expect(mergeContentBlocks(current, [])).toEqual(emptyScriptDocument());
  });

  it('rewrites a document holding text that cannot be stored, and refuses to write such text', () => {
    const old = { type: 'doc', content: [{ type: 'action', content: [plain('old\u0000')] }, current.content[1]!] };
    const written = mergeContentBlocks(old, [{ type: 'action', text: 'old' }, { type: 'action', text: 'John is furious.' }]);
    expect(written.content).toEqual([{ type: 'action', attrs: { pageBreakBefore: null }, content: [plain('old')] }, current.content[1]]);
    expect(() => mergeContentBlocks(current, [{ type: 'action', text: 'new\u0000' }])).toThrow('unstorable character U+0000 (NUL)');
  });

  it('refuses an invalid current document or invalid blocks', () => {
    expect(() => mergeContentBlocks({ type: 'doc', content: [] }, [{ type: 'action', text: '' }])).toThrow(ContentFormatError);
    expect(() => mergeContentBlocks(current, [{ type: 'x' } as unknown as ContentBlock])).toThrow(ContentFormatError);
  });
});

describe('mergeContentBlocks, for any current document and any blocks', () => {
  it('produces a document whose projection is exactly the blocks written', () => {
    fc.assert(
      fc.property(markFreeDocumentArb(), contentBlocksArb(), (currentDoc, blocks) => {
        expect(prosemirrorToContentBlocks(mergeContentBlocks(currentDoc, blocks))).toEqual(canonicalBlocks(blocks));
      }),
    );
  });
});
