import type { Editor } from '@tiptap/core';
import { numberScenes } from '@writersroom/screenplay';
import { dispatchAsOwnUndoStep } from '../own-undo-step.js';

/**
 * Numbers every scene heading ([PG13]) in one transaction, so collaborators
 * see it at once and one Ctrl/Cmd-Z takes it back. With `lock`, headings
 * keep the numbers they have and new scenes fit between (2A after 2), as a
 * production numbers a scheduled script.
 */
export function numberSceneHeadings(editor: Editor, options: { lock: boolean }): void {
  dispatchAsOwnUndoStep(editor.view, (tr) => {
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
  dispatchAsOwnUndoStep(editor.view, (tr) => {
    tr.doc.forEach((node, pos) => {
      if (node.type.name === 'sceneHeading' && node.attrs['sceneNumber'] != null) tr.setNodeAttribute(pos, 'sceneNumber', null);
    });
  });
}
