import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT, ELEMENT_TYPES } from '@writersroom/screenplay';
import { DEFAULT_PAGES, createScreenplayFixture, generateEditingUpdates } from './screenplay-fixture.js';
import { LINES_PER_PAGE, wrappedLineCount } from './screenplay-layout.js';

/** Byte equality without vitest's element-by-element diff, which takes most of a second on 250 kB. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

const fixture = createScreenplayFixture();
const baseline = Y.encodeStateAsUpdate(fixture.doc);

describe('screenplay fixture', () => {
  it('is the same bytes every time for the same seed, and different for another seed', () => {
    expect(sameBytes(Y.encodeStateAsUpdate(createScreenplayFixture().doc), baseline)).toBe(true);
    expect(sameBytes(Y.encodeStateAsUpdate(createScreenplayFixture(7).doc), baseline)).toBe(false);
  });

  it('is a feature-length script of about 120 pages by the 55-lines-per-page heuristic', () => {
    expect(fixture.lines).toBeGreaterThanOrEqual(DEFAULT_PAGES * LINES_PER_PAGE);
    expect(fixture.pages).toBeGreaterThan(119.5);
    expect(fixture.pages).toBeLessThan(121);
  });

  // At 55 printed lines a page (the format's blank lines included) about 1,500
  // characters a page leaves room for ~19 elements a page: density and element
  // count pull against each other, so the bounds below are the fixture's own.
  it('has the text density and element count of a dense feature script', () => {
    expect(fixture.characters).toBeGreaterThan(175_000);
    expect(fixture.characters).toBeLessThan(230_000);
    expect(fixture.characters / fixture.pages).toBeGreaterThan(1_400);
    expect(fixture.elements.length).toBeGreaterThan(2_000);
    expect(fixture.elements.length).toBeLessThan(3_500);
    expect(baseline.byteLength).toBeGreaterThan(150_000);
  });

  it('has the proportions of a screenplay: a cue before every speech, headings, some parentheticals', () => {
    const count = (type: string) => fixture.elements.filter((e) => e.type === type).length;
    expect(count('character')).toBe(count('dialogue'));
    expect(count('sceneHeading')).toBeGreaterThan(40);
    expect(count('parenthetical')).toBeGreaterThan(0);
    expect(count('transition')).toBeGreaterThan(2);
    expect(fixture.elements.filter((e) => e.type === 'character').every((e) => e.text === e.text.toUpperCase())).toBe(true);
    expect(fixture.elements.filter((e) => e.type === 'sceneHeading').every((e) => /^(INT\.|EXT\.|INT\.\/EXT\.) .+ - [A-Z]+$/.test(e.text))).toBe(true);
  });

  it('has the Y.Doc shape of TipTap collaboration: named XmlElements of ELEMENT_TYPES, each holding one XmlText', () => {
    const nodes = fixture.doc.getXmlFragment(DOCUMENT_FRAGMENT).toArray();
    expect(nodes).toHaveLength(fixture.elements.length);
    nodes.forEach((node, i) => {
      expect(node).toBeInstanceOf(Y.XmlElement);
      const element = node as Y.XmlElement;
      expect(ELEMENT_TYPES).toContain(element.nodeName);
      expect(element.nodeName).toBe(fixture.elements[i]?.type);
      expect(element.length).toBe(1);
      const text = element.get(0);
      expect(text).toBeInstanceOf(Y.XmlText);
      expect((text as Y.XmlText).toString()).toBe(fixture.elements[i]?.text);
    });
  });
});

describe('editing updates', () => {
  const updates = generateEditingUpdates(fixture.doc, 300);

  it('are deterministic, one small update per edit', () => {
    expect(generateEditingUpdates(fixture.doc, 300)).toEqual(updates);
    expect(updates).toHaveLength(300);
    expect(updates.every((update) => update.byteLength > 0 && update.byteLength < 200)).toBe(true);
  });

  it('apply in order on top of the baseline without missing predecessors, and change the text', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      Y.applyUpdate(doc, baseline);
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    expect(doc.store.pendingStructs).toBeNull();
    expect(doc.store.pendingDs).toBeNull();
    expect(doc.getXmlFragment(DOCUMENT_FRAGMENT).toString()).not.toBe(fixture.doc.getXmlFragment(DOCUMENT_FRAGMENT).toString());
  });

  it('leave the base document untouched', () => {
    expect(sameBytes(Y.encodeStateAsUpdate(fixture.doc), baseline)).toBe(true);
  });
});

describe('page layout heuristic', () => {
  it('wraps greedily at word boundaries and breaks words longer than the column', () => {
    expect(wrappedLineCount('', 10)).toBe(1);
    expect(wrappedLineCount('aaaa bbbb', 9)).toBe(1);
    expect(wrappedLineCount('aaaa bbbbb', 9)).toBe(2);
    expect(wrappedLineCount('a'.repeat(25), 10)).toBe(3);
  });
});
