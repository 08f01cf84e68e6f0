import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { screenplaySchema, type ElementType } from '@writersroom/screenplay';
import { describe, expect, test } from 'vitest';
import { typeAheadCandidates, typeAheadContextAt } from './type-ahead-candidates.js';

function script(...elements: Array<[ElementType, string]>): ProsemirrorNode {
  return screenplaySchema.node(
    'doc',
    null,
    elements.map(([type, text]) => screenplaySchema.node(type, null, text ? screenplaySchema.text(text) : undefined)),
  );
}

/** The type-ahead at the end of the document's last element. */
function suggestionsAtEnd(doc: ProsemirrorNode): string[] | null {
  const context = typeAheadContextAt(doc.resolve(doc.content.size - 1));
  return context && typeAheadCandidates(doc, context);
}

describe('character type-ahead', () => {
  test('offers names that start with what is typed, the most used first, then the most recent', () => {
    const doc = script(
      ['character', 'MARK'],
      ['character', 'MARIA'],
      ['character', 'MARIA'],
      ['character', 'MAX'],
      ['character', 'TOM'],
      ['character', 'ma'],
    );
    expect(suggestionsAtEnd(doc)).toEqual(['MARIA', 'MAX', 'MARK']);
  });

  test('reads a name without its extension and never offers the name already typed', () => {
    const doc = script(['character', "MARIA (CONT'D)"], ['character', 'MARIA (V.O.)'], ['character', 'maria']);
    expect(suggestionsAtEnd(doc)).toEqual([]);
    expect(suggestionsAtEnd(script(['character', 'MARIA (V.O.)'], ['character', 'M']))).toEqual(['MARIA']);
  });

  test('starts with the first letter and only with the cursor at the end of the element', () => {
    expect(suggestionsAtEnd(script(['character', 'MARIA'], ['character', '']))).toBeNull();
    const doc = script(['character', 'MARIA'], ['character', 'MA']);
    expect(typeAheadContextAt(doc.resolve(doc.content.size - 2))).toBeNull();
  });

  test('does not run in other elements', () => {
    expect(suggestionsAtEnd(script(['character', 'MARIA'], ['action', 'MA']))).toBeNull();
  });
});

describe('location type-ahead', () => {
  test('offers locations of earlier headings after the prefix, without their time of day', () => {
    const doc = script(
      ['sceneHeading', 'INT. KITCHEN - NIGHT'],
      ['sceneHeading', 'EXT. HOUSE - KITCHEN GARDEN - DAY'],
      ['sceneHeading', 'INT. KITCHEN - DAY'],
      ['sceneHeading', 'I/E. K'],
    );
    expect(suggestionsAtEnd(doc)).toEqual(['KITCHEN']);
    expect(suggestionsAtEnd(script(['sceneHeading', 'EXT. HOUSE - KITCHEN GARDEN - DAY'], ['sceneHeading', 'INT./EXT. ho']))).toEqual([
      'HOUSE - KITCHEN GARDEN',
    ]);
  });

  test('replaces only the location: the range starts after the prefix and its spaces', () => {
    const doc = script(['sceneHeading', 'INT.  KIT']);
    const context = typeAheadContextAt(doc.resolve(doc.content.size - 1));
    expect(context).toMatchObject({ kind: 'location', query: 'KIT', from: 1 + 'INT.  '.length });
  });

  test('waits for a prefix and a first letter', () => {
    expect(suggestionsAtEnd(script(['sceneHeading', 'INT. KITCHEN'], ['sceneHeading', 'INT. ']))).toBeNull();
    expect(suggestionsAtEnd(script(['sceneHeading', 'INT. KITCHEN'], ['sceneHeading', 'KIT']))).toBeNull();
  });
});
