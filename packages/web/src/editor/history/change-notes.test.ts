import { expect, test } from 'vitest';
import { changeNotes } from './change-notes.js';

const changed = { status: 'changed', type: 'sceneHeading', before: 'INT. BARN', after: 'INT. BARN' } as const;

test('names each attribute change as a writer says it, then a change of formatting', () => {
  expect(
    changeNotes({
      ...changed,
      attributes: [
        { name: 'sceneNumber', before: '12', after: '12A' },
        { name: 'pageBreakBefore', before: null, after: true },
      ],
      formatting: true,
    }),
  ).toEqual(['scene number 12 → 12A', 'page break before it added', 'bold, italic or underline changed']);
  expect(changeNotes({ ...changed, attributes: [{ name: 'sceneNumber', before: '4', after: null }] })).toEqual(['scene number 4 removed']);
  expect(changeNotes({ ...changed, type: 'character', attributes: [{ name: 'dualDialogue', before: null, after: 'left' }] })).toEqual(['now dual dialogue (left)']);
  expect(changeNotes({ ...changed, type: 'section', attributes: [{ name: 'depth', before: 1, after: 2 }] })).toEqual(['section level 1 → 2']);
  expect(changeNotes(changed)).toEqual([]);
});
