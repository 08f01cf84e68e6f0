import { EditorState } from '@tiptap/pm/state';
import { screenplaySchema } from '@writersroom/screenplay';
import { expect, test } from 'vitest';
import { replaceMatch } from './replace-matches.js';

const node = screenplaySchema.node.bind(screenplaySchema);
const text = screenplaySchema.text.bind(screenplaySchema);

test('a replaced word keeps the marks it had, and the text around it keeps its own', () => {
  // Fails if the replacement is inserted as plain text (tr.insertText with stored marks, or schema.text without marks).
  const doc = node('doc', null, [node('action', null, [text('Then '), text('Juno', [screenplaySchema.mark('bold')]), text(' runs.')])]);
  const tr = EditorState.create({ doc }).tr;
  replaceMatch(tr, { from: 6, to: 10 }, 'Wren');
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
  replaceMatch(tr, { from: 1, to: 7 }, '');
  expect(tr.doc.textContent).toBe('well.');
});
