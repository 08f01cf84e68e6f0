import { EditorState } from '@tiptap/pm/state';
import { screenplaySchema } from '@writersroom/screenplay';
import { expect, test } from 'vitest';
import { replaceMatch, replacementFor } from './replace-matches.js';

const node = screenplaySchema.node.bind(screenplaySchema);
const text = screenplaySchema.text.bind(screenplaySchema);

test('a replaced word keeps the marks it had, and the text around it keeps its own', () => {
  // Fails if the replacement is inserted as plain text (tr.insertText with stored marks, or schema.text without marks).
  const doc = node('doc', null, [node('action', null, [text('Then '), text('Juno', [screenplaySchema.mark('bold')]), text(' runs.')])]);
  const tr = EditorState.create({ doc }).tr;
  replaceMatch(tr, { from: 6, to: 10 }, 'Wren', true);
  const runs: Array<{ text: string | undefined; marks: string[] }> = [];
  tr.doc.firstChild!.forEach((node) => runs.push({ text: node.text, marks: node.marks.map((mark) => mark.type.name) }));
  expect(runs).toEqual([
    { text: 'Then ', marks: [] },
    { text: 'Wren', marks: ['bold'] },
    { text: ' runs.', marks: [] },
  ]);
});

test('an empty replacement deletes the match', () => {
  const doc = node('doc', null, [node('dialogue', null, [text('Well, well.')])]);
  const tr = EditorState.create({ doc }).tr;
  replaceMatch(tr, { from: 1, to: 7 }, '', false);
  expect(tr.doc.textContent).toBe('well.');
});

test('without match case, a replacement takes the capitals of what it replaces; with it, exactly what was typed', () => {
  // Fails if replacementFor returns the replacement unchanged (the capitals of a name introduced in action are lost).
  expect(replacementFor('JUNO', 'Wren', false)).toBe('WREN');
  expect(replacementFor('Juno', 'wren', false)).toBe('Wren');
  expect(replacementFor('juno', 'Wren', false)).toBe('Wren');
  expect(replacementFor('juno', 'wren', false)).toBe('wren');
  expect(replacementFor('The', 'a', false)).toBe('A');
  expect(replacementFor('ÉTÉ', 'hiver', false)).toBe('HIVER');
  // No letters to take capitals from.
  expect(replacementFor('1984', 'the year', false)).toBe('the year');
  expect(replacementFor('JUNO', 'Wren', true)).toBe('Wren');
  expect(replacementFor('juno', 'Wren', true)).toBe('Wren');
});

test('replacing in an action line keeps a name introduced in capitals in capitals', () => {
  const doc = node('doc', null, [node('action', null, [text('JUNO enters. Juno sits.')])]);
  const tr = EditorState.create({ doc }).tr;
  replaceMatch(tr, { from: 14, to: 18 }, 'wren', false);
  replaceMatch(tr, { from: 1, to: 5 }, 'wren', false);
  expect(tr.doc.textContent).toBe('WREN enters. Wren sits.');
});
