import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { flowOnParenthesis, type ElementType } from '@writersroom/screenplay';
import { elementTypeOf, retypeElements } from './element-edits.js';
import { dispatchAsOwnUndoStep } from './own-undo-step.js';

/**
 * Applies `flowOnParenthesis` (packages/screenplay) to what the writer types:
 * `(` at the start of a dialogue makes it a parenthetical, and a `)` the page
 * prints anyway is not stored. It reads typed text (ProseMirror's
 * `handleTextInput`), not key events, so any keyboard that types a
 * parenthesis counts, virtual ones included, while a pasted one is pasted.
 * The parenthesis itself is never inserted: ProseMirror redraws the element
 * from the state, taking away the character the browser had already drawn.
 */
export const TypedParentheses = Extension.create({
  name: 'typedParentheses',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          handleTextInput(view, from, to, text) {
            // Over a selection the parenthesis replaces it as usual; under an IME it is the composition's.
            if (from !== to || view.composing) return false;
            const $cursor = view.state.doc.resolve(from);
            const type = elementTypeOf($cursor.parent);
            if (!type) return false;
            const step = flowOnParenthesis(text, { type, text: $cursor.parent.textContent, offset: $cursor.parentOffset });
            if (step?.kind === 'retype') retypeAsOwnUndoStep(view, from, step.to);
            return step !== null;
          },
        },
      }),
    ];
  },
});

/** Retypes the element at `pos` as an undo step of its own: Ctrl-Z then takes back only the retype. */
function retypeAsOwnUndoStep(view: EditorView, pos: number, to: ElementType): void {
  dispatchAsOwnUndoStep(view, (tr) => {
    retypeElements(tr, pos, pos, to);
    tr.scrollIntoView();
  });
}
