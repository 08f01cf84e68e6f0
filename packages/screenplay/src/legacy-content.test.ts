import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildSeedUpdate, ContentFormatError, DOCUMENT_FRAGMENT, LEGACY_CONTENT_ARRAY, readLegacyContent } from './index.js';

/** A document the way the plan's backend seeded it: node JSON pushed into Y.Array('content'). */
function planSeeded(entries: unknown[]): Y.Doc {
  const writer = new Y.Doc();
  writer.getArray(LEGACY_CONTENT_ARRAY).push(entries);
  // Reload from bytes, as the server does: the root arrives untyped.
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer));
  return doc;
}

describe('readLegacyContent', () => {
  it("reads the plan's TipTap-style node JSON, its 'paragraph' as general, marks dropped", () => {
    const doc = planSeeded([
      { type: 'sceneHeading', content: [{ type: 'text', text: 'INT. OFFICE - DAY' }] },
      { type: 'action', content: [{ type: 'text', text: 'John ' }, { type: 'text', text: 'enters', marks: [{ type: 'bold' }] }] },
      { type: 'character', content: [{ type: 'text', text: 'JOHN' }], attrs: { dualDialogue: 'left' } },
      { type: 'dialogue', content: [] },
      { type: 'paragraph', content: [{ type: 'text', text: 'A note.' }] },
    ]);
    expect(readLegacyContent(doc)).toEqual([
      { type: 'scene_heading', text: 'INT. OFFICE - DAY' },
      { type: 'action', text: 'John enters' },
      { type: 'character', text: 'JOHN', metadata: { dualDialogue: 'left' } },
      { type: 'dialogue', text: '' },
      { type: 'general', text: 'A note.' },
    ]);
  });

  it('reads plan-style blocks, and entries stored as Y.Map', () => {
    const writer = new Y.Doc();
    const array = writer.getArray<unknown>(LEGACY_CONTENT_ARRAY);
    const map = new Y.Map<unknown>();
    map.set('type', 'transition');
    map.set('text', 'CUT TO:');
    array.push([{ type: 'scene_heading', text: 'EXT. PARK', metadata: { sceneNumber: '7' } }, map]);
    expect(readLegacyContent(writer)).toEqual([
      { type: 'scene_heading', text: 'EXT. PARK', metadata: { sceneNumber: '7' } },
      { type: 'transition', text: 'CUT TO:' },
    ]);
  });

  it('is undefined for a document that was never written the plan way', () => {
    expect(readLegacyContent(new Y.Doc())).toBeUndefined();
    const seeded = new Y.Doc();
    Y.applyUpdate(seeded, buildSeedUpdate([{ type: 'action', text: 'x' }]));
    expect(readLegacyContent(seeded)).toBeUndefined();
    const emptied = planSeeded([{ type: 'action', text: 'gone' }]);
    emptied.getArray(LEGACY_CONTENT_ARRAY).delete(0, 1);
    expect(readLegacyContent(emptied)).toBeUndefined();
  });

  it('is undefined once the editor fragment has content: what editors wrote wins over the legacy array', () => {
    const doc = planSeeded([{ type: 'action', text: 'legacy' }]);
    Y.applyUpdate(doc, buildSeedUpdate([{ type: 'action', text: 'current' }]));
    expect(readLegacyContent(doc)).toBeUndefined();
    expect(doc.getXmlFragment(DOCUMENT_FRAGMENT).length).toBe(1);
  });

  it('refuses entries it cannot read, naming the entry, instead of skipping them', () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'hardBreak' }, 'legacy entry is neither an element node nor a block (type "hardBreak") at content[1]'],
      ['INT. OFFICE', 'legacy entry must be an object, got string at content[1]'],
      [{ type: 'madeUp', text: 'x' }, "unknown block type 'madeUp' at content[1].type"],
      [{ type: 'action', content: [{ type: 'image' }] }, "unknown node type 'image' at content[1].content[0]"],
      [{ type: 'action', attrs: { color: 'red' } }, "unknown attribute 'color' on 'action' at content[1].attrs"],
    ];
    for (const [entry, message] of cases) {
      const doc = planSeeded([{ type: 'action', text: 'fine' }, entry]);
      expect(() => readLegacyContent(doc), message).toThrow(ContentFormatError);
      expect(() => readLegacyContent(doc), message).toThrow(message);
    }
  });

  it("refuses a 'content' root that is not an array", () => {
    const doc = new Y.Doc();
    doc.getMap(LEGACY_CONTENT_ARRAY).set('type', 'action');
    expect(() => readLegacyContent(doc)).toThrow("the legacy root 'content' is a Y.Map, not a Y.Array");
  });
});
