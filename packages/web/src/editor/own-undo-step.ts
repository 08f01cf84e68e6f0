import type { Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type { UndoManager } from 'yjs';

/**
 * Dispatches the transaction `change` builds as an undo step of its own:
 * Yjs's undo manager merges changes less than half a second apart, so
 * without the cuts a retype, a renumbering or an import made right after
 * typing would be undone together with the typing (or the words typed right
 * after it with it). The Yjs change is made while `dispatch` runs (y-tiptap's
 * sync plugin view), so capturing stops on both sides of it.
 */
export function dispatchAsOwnUndoStep(view: EditorView, change: (tr: Transaction) => void): void {
  const undoManager = (yUndoPluginKey.getState(view.state) as { undoManager?: UndoManager } | undefined)?.undoManager;
  undoManager?.stopCapturing();
  const tr = view.state.tr;
  change(tr);
  view.dispatch(tr);
  undoManager?.stopCapturing();
}
