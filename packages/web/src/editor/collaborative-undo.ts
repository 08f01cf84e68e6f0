import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

interface SyncState {
  addToHistory: boolean;
  isChangeOrigin: boolean;
  isUndoRedoOperation: boolean;
}

/**
 * Keeps a writer's undo steps whole while someone else types. y-tiptap
 * applies a collaborator's change as a transaction marked "not for the
 * history" and remembers that mark until the next change to the document;
 * the next transaction that changes nothing (the collaborator's caret
 * moving, which follows every keystroke of theirs) then reads it as this
 * writer's own change kept out of the history and cuts the undo step. So
 * each of the other writer's keystrokes split this writer's typing, and one
 * Ctrl-Z took back a letter or two instead of the words just typed.
 *
 * Appended to the collaborator's change, in the same dispatch, this clears
 * the mark: the change is still kept out of the history (Yjs tracks only
 * this page's own changes), and nothing else reads it. The writer's own
 * undo and redo keep the mark, so typing after an undo starts a new step.
 */
export const CollaborativeUndo = Extension.create({
  name: 'collaborativeUndo',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        appendTransaction(_transactions, _before, state) {
          const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
          if (!sync?.isChangeOrigin || sync.isUndoRedoOperation || sync.addToHistory) return null;
          // Still a change origin, so the caret plugin and the capitals treat it as the collaborator's change it follows.
          return state.tr.setMeta(ySyncPluginKey, { isChangeOrigin: true, isUndoRedoOperation: false, addToHistory: true });
        },
      }),
    ];
  },
});
