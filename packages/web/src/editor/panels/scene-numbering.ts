import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { numberScenes } from '@writersroom/screenplay';
import type * as Y from 'yjs';

/**
 * Numbers every scene heading ([PG13]) in one transaction, so collaborators
 * see it at once and one Ctrl/Cmd-Z takes it back. With `lock`, headings
 * keep the numbers they have and new scenes fit between (2A after 2), as a
 * production numbers a scheduled script.
 */
export function numberSceneHeadings(editor: Editor, options: { lock: boolean }): void {
  changeAsOwnUndoStep(editor, (tr) => {
    const headings: Array<{ pos: number; number: string | undefined }> = [];
    tr.doc.forEach((node, pos) => {
      if (node.type.name === 'sceneHeading') headings.push({ pos, number: (node.attrs['sceneNumber'] as string | null) ?? undefined });
    });
    const numbers = numberScenes(
      headings.map((heading) => heading.number),
      options,
    );
    headings.forEach(({ pos, number }, index) => {
      if (numbers[index] !== number) tr.setNodeAttribute(pos, 'sceneNumber', numbers[index]);
    });
  });
}

/** Takes every scene number off, in one transaction. */
export function removeSceneNumbers(editor: Editor): void {
  changeAsOwnUndoStep(editor, (tr) => {
    tr.doc.forEach((node, pos) => {
      if (node.type.name === 'sceneHeading' && node.attrs['sceneNumber'] != null) tr.setNodeAttribute(pos, 'sceneNumber', null);
    });
  });
}

/**
 * Makes `change` one transaction and an undo step of its own: Yjs's undo
 * manager merges changes less than half a second apart, so without the cuts
 * a click right after typing would be undone together with the typing.
 */
function changeAsOwnUndoStep(editor: Editor, change: (tr: Transaction) => void): void {
  const undoManager = (yUndoPluginKey.getState(editor.state) as { undoManager?: Y.UndoManager } | undefined)?.undoManager;
  undoManager?.stopCapturing();
  editor
    .chain()
    .command(({ tr }) => {
      change(tr);
      return true;
    })
    .run();
  undoManager?.stopCapturing();
}
