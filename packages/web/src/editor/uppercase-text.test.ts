import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { screenplaySchema } from '@writersroom/screenplay';
import { describe, expect, test } from 'vitest';
import { uppercaseTextBetween } from './uppercase-text.js';

const schema = screenplaySchema;

function stateOf(...elements: ProsemirrorNode[]): EditorState {
  return EditorState.create({ doc: schema.node('doc', null, elements) });
}

describe('uppercaseTextBetween', () => {
  test('replaces only the characters that change, so other text in the element is not rewritten', () => {
    const state = stateOf(schema.node('character', null, schema.text('MARIA (v.o.)')));
    const tr = state.tr;
    uppercaseTextBetween(tr, 0, state.doc.content.size);
    expect(tr.doc.textContent).toBe('MARIA (V.O.)');
    const replaced = tr.steps.map((step) => (step instanceof ReplaceStep ? [step.from, step.to] : null));
    expect(replaced).toEqual([[1 + 'MARIA ('.length, 1 + 'MARIA (v.o'.length]]);
  });

  test('leaves elements written in mixed case alone and keeps marks', () => {
    const state = stateOf(
      schema.node('action', null, schema.text('quiet')),
      schema.node('transition', null, [schema.text('cut ', [schema.marks.bold!.create()]), schema.text('to:')]),
    );
    const tr = state.tr;
    uppercaseTextBetween(tr, 0, state.doc.content.size);
    expect(tr.doc.child(0).textContent).toBe('quiet');
    const transition = tr.doc.child(1);
    expect(transition.textContent).toBe('CUT TO:');
    expect(transition.child(0).marks.map((mark) => mark.type.name)).toEqual(['bold']);
    expect(transition.child(1).marks).toEqual([]);
  });

  test('touches only the given range and puts the cursor back where it was', () => {
    const state = stateOf(schema.node('sceneHeading', null, schema.text('int. kitchen')));
    const tr = state.tr.setSelection(TextSelection.create(state.doc, 4));
    uppercaseTextBetween(tr, 6, 13);
    expect(tr.doc.textContent).toBe('int. KITCHEN');
    expect(tr.selection.head).toBe(4);
  });

  test('copes with letters whose capital is longer', () => {
    const state = stateOf(schema.node('character', null, schema.text('straße')));
    const tr = state.tr;
    uppercaseTextBetween(tr, 0, state.doc.content.size);
    expect(tr.doc.textContent).toBe('STRASSE');
  });
});
