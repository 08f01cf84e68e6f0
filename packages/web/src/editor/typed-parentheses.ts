import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { flowOnParenthesis, type ElementType } from '@writersroom/screenplay';
import type { UndoManager } from 'yjs';
import { elementTypeOf, retypeElements } from './element-edits.js';

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

/**
 * Retypes the element at `pos` as an undo step of its own: Ctrl-Z then takes
 * back only the retype, not the cue and Enter typed just before it, and the
 * words typed just after it are undone before it (Yjs would otherwise merge
 * changes less than half a second apart into one step). The Yjs change is
 * made while `dispatch` runs (y-tiptap's sync plugin view), so capturing stops
 * on both sides of it.
 */
function retypeAsOwnUndoStep(view: EditorView, pos: number, to: ElementType): void {
  const undoManager = (yUndoPluginKey.getState(view.state) as { undoManager?: UndoManager } | undefined)?.undoManager;
  undoManager?.stopCapturing();
  const tr = view.state.tr;
  retypeElements(tr, pos, pos, to);
  view.dispatch(tr.scrollIntoView());
  undoManager?.stopCapturing();
}
