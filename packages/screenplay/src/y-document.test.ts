import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonicalBlocks, contentBlocksArb, markedDocumentArb } from '../test/arbitraries.js';
import {
  buildDocumentUpdate,
  buildSeedUpdate,
  ContentFormatError,
  contentBlocksToProsemirror,
  DOCUMENT_FRAGMENT,
  parseProsemirrorDocument,
  emptyScriptDocument,
  prosemirrorToContentBlocks,
  readProsemirrorFromFragment,
  readTitlePage,
  replaceFragmentContent,
  SEED_CLIENT_ID,
  writeProsemirrorToFragment,
  type ContentBlock,
  type ProsemirrorJson,
} from './index.js';

const scene = (count: number): ContentBlock[] =>
  Array.from({ length: count }, (_, index): ContentBlock =>
    index % 4 === 0
      ? { type: 'scene_heading', text: `INT. ROOM ${index} - DAY`, metadata: { sceneNumber: String(index) } }
      : index % 4 === 1
        ? { type: 'action', text: `Something happens, beat ${index}, and it takes a line or two to say.` }
        : index % 4 === 2
          ? { type: 'character', text: 'JOHN' }
          : { type: 'dialogue', text: `Line ${index} of what John has to say about it.` },
  );

function seededDoc(blocks: ContentBlock[]): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, buildSeedUpdate(blocks));
  return doc;
}

const blocksOf = (doc: Y.Doc) =>
  prosemirrorToContentBlocks(readProsemirrorFromFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT)));

describe('writeProsemirrorToFragment and readProsemirrorFromFragment', () => {
  it('store elements as Y.XmlElements named after the node, attributes as XML attributes, text as Y.XmlText', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    writeProsemirrorToFragment(
      fragment,
      contentBlocksToProsemirror([
        { type: 'scene_heading', text: 'INT. OFFICE', metadata: { sceneNumber: '1' } },
        { type: 'dialogue', text: '' },
      ]),
    );
    const [heading, dialogue] = fragment.toArray() as Y.XmlElement[];
    expect(heading?.nodeName).toBe('sceneHeading');
    expect(heading?.getAttributes()).toEqual({ sceneNumber: '1' });
    expect(heading?.toArray()[0]).toBeInstanceOf(Y.XmlText);
    expect(dialogue?.nodeName).toBe('dialogue');
    expect(dialogue?.getAttributes()).toEqual({});
    expect(dialogue?.length).toBe(0);
  });

  it('keep marks through the Yjs document', () => {
    const json = {
      type: 'doc',
      content: [
        {
          type: 'action',
          content: [
            { type: 'text', text: 'plain ' },
            { type: 'text', text: 'loud', marks: [{ type: 'bold' }, { type: 'italic' }] },
            { type: 'text', text: ' under', marks: [{ type: 'underline' }] },
          ],
        },
      ],
    };
    const doc = new Y.Doc();
    writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), json);
    const read = readProsemirrorFromFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT));
    expect(read.content[0]?.content).toEqual([
      { type: 'text', text: 'plain ' },
      { type: 'text', text: 'loud', marks: [{ type: 'bold' }, { type: 'italic' }] },
      { type: 'text', text: ' under', marks: [{ type: 'underline' }] },
    ]);
  });

  it('refuse to write into a fragment that already has content', () => {
    const doc = seededDoc([{ type: 'action', text: 'x' }]);
    expect(() => writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), emptyScriptDocument())).toThrow(
      /already has 1 element/,
    );
  });

  it('tag the write with the given transaction origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), emptyScriptDocument(), 'seed');
    expect(origins).toEqual(['seed']);
  });

  it('read an empty fragment as the empty script', () => {
    expect(readProsemirrorFromFragment(new Y.Doc().getXmlFragment(DOCUMENT_FRAGMENT))).toEqual(emptyScriptDocument());
  });

  it('refuse to read content the schema does not know, and leave it in place rather than deleting it', () => {
    const doc = seededDoc([{ type: 'action', text: 'kept' }]);
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    fragment.insert(1, [new Y.XmlElement('madeUp')]);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => readProsemirrorFromFragment(fragment)).toThrow(ContentFormatError);
    expect(() => readProsemirrorFromFragment(fragment)).toThrow("unknown node type 'madeUp' at content[1]");
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);

    const textAtRoot = seededDoc([{ type: 'action', text: 'x' }]);
    textAtRoot.getXmlFragment(DOCUMENT_FRAGMENT).insert(0, [new Y.XmlText('loose')]);
    expect(() => readProsemirrorFromFragment(textAtRoot.getXmlFragment(DOCUMENT_FRAGMENT))).toThrow(
      "a Y.XmlText stands where an element belongs at content[0]",
    );
  });

  // Breakage: with readProsemirrorFromFragment parsing in 'refuse' mode, such a document could no longer be read.
  it('read text that cannot be stored as the document holds it, and refuse to write such text into a fragment', () => {
    const doc = seededDoc([{ type: 'action', text: 'before' }]);
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    // As a document written before the schema guard refused it holds it.
    ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'old\u0000');
    const json = readProsemirrorFromFragment(fragment);
    expect(prosemirrorToContentBlocks(json, { unstorableText: 'keep' })).toEqual([{ type: 'action', text: 'old\u0000before' }]);
    expect(() => prosemirrorToContentBlocks(json)).toThrow('unstorable character U+0000 (NUL) in text (index 3) at content[0].content[0]');
    expect(() => writeProsemirrorToFragment(new Y.Doc().getXmlFragment(DOCUMENT_FRAGMENT), json)).toThrow(ContentFormatError);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => replaceFragmentContent(doc, fragment, json)).toThrow(ContentFormatError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('round trip content_blocks -> ProseMirror -> Y.XmlFragment -> ProseMirror -> content_blocks as the identity', () => {
    fc.assert(
      fc.property(contentBlocksArb(), (blocks) => {
        const doc = new Y.Doc();
        writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), contentBlocksToProsemirror(blocks));
        expect(blocksOf(doc)).toEqual(canonicalBlocks(blocks));
        // And through the bytes a client receives.
        expect(blocksOf(seededDoc(blocks))).toEqual(canonicalBlocks(blocks));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the Yjs mapping of ProseMirror documents', () => {
  it('gives back every document with its marks, in canonical form, after a trip through Yjs bytes', () => {
    fc.assert(
      fc.property(markedDocumentArb(), (json) => {
        const writer = new Y.Doc();
        writeProsemirrorToFragment(writer.getXmlFragment(DOCUMENT_FRAGMENT), json);
        const reader = new Y.Doc();
        Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer));
        expect(readProsemirrorFromFragment(reader.getXmlFragment(DOCUMENT_FRAGMENT))).toEqual(
          parseProsemirrorDocument(json).toJSON(),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('buildSeedUpdate', () => {
  it('writes with the fixed seed clientID into the fragment the editor reads', () => {
    const doc = seededDoc(scene(3));
    expect([...doc.store.clients.keys()]).toEqual([SEED_CLIENT_ID]);
    expect(doc.getXmlFragment(DOCUMENT_FRAGMENT).length).toBe(3);
    expect([...doc.share.keys()]).toEqual([DOCUMENT_FRAGMENT]);
  });

  it('gives the same bytes for the same blocks', () => {
    expect(buildSeedUpdate(scene(20))).toEqual(buildSeedUpdate(scene(20)));
  });

  it('yields the content once when two seeds of the same blocks reach one document', () => {
    const blocks = scene(8);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, buildSeedUpdate(blocks));
    Y.applyUpdate(doc, buildSeedUpdate(blocks));
    expect(blocksOf(doc)).toEqual(blocks);
    expect(doc.getXmlFragment(DOCUMENT_FRAGMENT).length).toBe(8);

    // Two servers seeding concurrently, their documents then synced both ways.
    const left = seededDoc(blocks);
    const right = seededDoc(blocks);
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    expect(blocksOf(left)).toEqual(blocks);
    expect(blocksOf(right)).toEqual(blocks);
  });

  it('seeds the empty list as the empty script', () => {
    const doc = seededDoc([]);
    expect(doc.getXmlFragment(DOCUMENT_FRAGMENT).length).toBe(1);
    expect(blocksOf(doc)).toEqual([]);
  });

  it('refuses invalid blocks before building anything', () => {
    expect(() => buildSeedUpdate([{ type: 'nope', text: '' }] as unknown as ContentBlock[])).toThrow(ContentFormatError);
  });
});

describe('replaceFragmentContent', () => {
  it('appends one block to a 200-block script with an update far smaller than the script', () => {
    const blocks = scene(200);
    const doc = seededDoc(blocks);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const appended = [...blocks, { type: 'transition', text: 'CUT TO:' } as ContentBlock];
    replaceFragmentContent(doc, doc.getXmlFragment(DOCUMENT_FRAGMENT), contentBlocksToProsemirror(appended));
    expect(blocksOf(doc)).toEqual(appended);
    expect(updates).toHaveLength(1);
    const full = Y.encodeStateAsUpdate(doc).byteLength;
    expect(updates[0]!.byteLength).toBeLessThan(100);
    expect(updates[0]!.byteLength * 50).toBeLessThan(full);
  });

  it('keeps an edit a collaborator made meanwhile in another element', () => {
    const blocks = scene(12);
    const server = seededDoc(blocks);
    const client = seededDoc(blocks);
    // The client types into element 5 while a REST write changes element 9.
    const clientText = (client.getXmlFragment(DOCUMENT_FRAGMENT).get(5) as Y.XmlElement).get(0) as Y.XmlText;
    clientText.insert(0, 'Meanwhile: ');
    const rest = blocks.map((block, index) => (index === 9 ? { ...block, text: 'Rewritten by REST.' } : block));
    replaceFragmentContent(server, server.getXmlFragment(DOCUMENT_FRAGMENT), contentBlocksToProsemirror(rest), 'rest');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const expected = rest.map((block, index) => (index === 5 ? { ...block, text: `Meanwhile: ${block.text}` } : block));
    expect(blocksOf(server)).toEqual(expected);
    expect(blocksOf(client)).toEqual(expected);
  });

  it('changes attributes in place and clears them when unset', () => {
    const doc = seededDoc([{ type: 'scene_heading', text: 'EXT. PARK', metadata: { sceneNumber: '1' } }]);
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    const element = fragment.get(0);
    replaceFragmentContent(doc, fragment, contentBlocksToProsemirror([{ type: 'scene_heading', text: 'EXT. PARK' }]));
    expect(fragment.get(0)).toBe(element);
    expect((fragment.get(0) as Y.XmlElement).getAttributes()).toEqual({});
  });

  it('leaves the document unchanged when the new content is invalid', () => {
    const doc = seededDoc(scene(3));
    const before = Y.encodeStateAsUpdate(doc);
    expect(() =>
      replaceFragmentContent(doc, doc.getXmlFragment(DOCUMENT_FRAGMENT), { type: 'doc', content: [{ type: 'x' }] }),
    ).toThrow(ContentFormatError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(() => replaceFragmentContent(doc, new Y.Doc().getXmlFragment('default'), emptyScriptDocument())).toThrow(
      /not part of this doc/,
    );
  });
});

describe('buildDocumentUpdate', () => {
  it('writes an imported document, marks and title page included, as the editor and the exports read it', () => {
    const document: ProsemirrorJson = {
      type: 'doc',
      content: [
        { type: 'sceneHeading', attrs: { sceneNumber: '1' }, content: [{ type: 'text', text: 'INT. ATTIC - NIGHT' }] },
        { type: 'action', content: [{ type: 'text', text: 'Dust. ' }, { type: 'text', text: 'Everywhere.', marks: [{ type: 'italic' }] }] },
        { type: 'section', attrs: { depth: 2 }, content: [{ type: 'text', text: 'The turn' }] },
      ],
    };
    const doc = new Y.Doc();
    const node = parseProsemirrorDocument(document);
    Y.applyUpdate(doc, buildDocumentUpdate(node, { title: 'Attic', authors: 'Ann\nBen', credit: '' }));
    // Fails if the title page is left out of the update (the PDF would print the script's name).
    expect(readTitlePage(doc)).toEqual({ title: 'Attic', authors: 'Ann\nBen' });
    expect(readProsemirrorFromFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT))).toMatchObject({ content: document.content });
    expect(() => buildDocumentUpdate(node, { notes: 'bell\u0007' })).toThrow(ContentFormatError);
  });

  it('writes any document as y-tiptap, the editor\'s binding, would: the same elements, attributes, text and marks', () => {
    // Fails if the writer drops a mark, an attribute, or lets an unmarked run inherit the marks before it (Y.Text's insert without attributes).
    fc.assert(
      fc.property(markedDocumentArb(), (document) => {
        const node = parseProsemirrorDocument(document);
        const ours = new Y.Doc();
        Y.applyUpdate(ours, buildDocumentUpdate(node, {}));
        const theirs = new Y.Doc();
        writeProsemirrorToFragment(theirs.getXmlFragment(DOCUMENT_FRAGMENT), document);
        expect(ours.getXmlFragment(DOCUMENT_FRAGMENT).toJSON()).toBe(theirs.getXmlFragment(DOCUMENT_FRAGMENT).toJSON());
        expect(readProsemirrorFromFragment(ours.getXmlFragment(DOCUMENT_FRAGMENT))).toEqual(node.toJSON());
      }),
      { numRuns: 300 },
    );
  });
});
