import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AnchorResolver } from './comment-anchor.js';
import { DOCUMENT_FRAGMENT } from './element-types.js';

function scriptWith(lines: string[]): Y.Doc {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  fragment.insert(
    0,
    lines.map((line) => {
      const element = new Y.XmlElement('action');
      element.insert(0, [new Y.XmlText(line)]);
      return element;
    }),
  );
  return doc;
}

const textOf = (doc: Y.Doc, line: number) => ((doc.getXmlFragment(DOCUMENT_FRAGMENT).get(line) as Y.XmlElement).get(0) as Y.XmlText);

/** The anchor's text now, read through the positions themselves. */
function anchoredText(doc: Y.Doc, start: Uint8Array, end: Uint8Array): string {
  const from = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(start), doc)!;
  const to = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(end), doc)!;
  return (from.type as Y.XmlText).toString().slice(from.index, to.index);
}

function anchor(doc: Y.Doc, line: number, from: number, to: number) {
  const text = textOf(doc, line);
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from)),
    // assoc -1: the end sticks to the character before it, so typing right after the anchor does not join it.
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  };
}

describe('comment anchors', () => {
  it('follow their text while two writers type before and inside them, and detach when it is deleted', () => {
    const ann = scriptWith(['Intro.', 'The rain falls hard on the roof.']);
    const ben = new Y.Doc();
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(ann));
    const { start, end } = anchor(ann, 1, 4, 14); // "rain falls"
    textOf(ann, 1).insert(0, 'Outside, ');
    textOf(ben, 1).insert(9, 'cold '); // inside the anchor, between "rain " and "falls"
    Y.applyUpdate(ann, Y.encodeStateAsUpdate(ben));
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(ann));
    expect(textOf(ann, 1).toString()).toBe('Outside, The rain cold falls hard on the roof.');
    expect(anchoredText(ann, start, end)).toBe('rain cold falls');
    expect(new AnchorResolver(ann).resolve(start, end)).toEqual({ detached: false, order: [1, 13], end: [1, 28] });

    // Breakage that fails this: resolving without the collapsed-range check (an empty anchor would show as attached).
    textOf(ben, 1).delete(13, 'rain cold falls'.length);
    Y.applyUpdate(ann, Y.encodeStateAsUpdate(ben));
    expect(new AnchorResolver(ann).resolve(start, end)?.detached).toBe(true);
  });

  it('detach when their whole element is deleted, and order by element then offset', () => {
    const doc = scriptWith(['One line.', 'Two lines.', 'Three lines.']);
    const late = anchor(doc, 2, 0, 5);
    const early = anchor(doc, 0, 4, 8);
    const gone = anchor(doc, 1, 0, 3);
    doc.getXmlFragment(DOCUMENT_FRAGMENT).delete(1, 1);
    const resolver = new AnchorResolver(doc);
    expect(resolver.resolve(early.start, early.end)).toEqual({ detached: false, order: [0, 4], end: [0, 8] });
    expect(resolver.resolve(late.start, late.end)).toEqual({ detached: false, order: [1, 0], end: [1, 5] });
    expect(resolver.resolve(gone.start, gone.end)?.detached).toBe(true);
  });

  it('refuse bytes that are not a position in this document', () => {
    const doc = scriptWith(['A line.']);
    const other = scriptWith(['Elsewhere.']);
    const foreign = anchor(other, 0, 0, 4);
    const resolver = new AnchorResolver(doc);
    expect(resolver.resolve(Uint8Array.of(1, 2, 3), Uint8Array.of(4))).toBeUndefined();
    expect(resolver.resolve(foreign.start, foreign.end)).toBeUndefined();
    const title = doc.getMap('titlePage');
    title.set('title', 'x');
    const outside = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(title, 0));
    expect(resolver.resolve(outside, outside)).toBeUndefined();
  });
});
