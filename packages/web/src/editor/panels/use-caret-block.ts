import type { Editor } from '@tiptap/core';
import { useCallback, useSyncExternalStore } from 'react';
import { blockAt, type PageLayout } from '../pages/page-layout.js';

/** The index of the block the caret is in (-1 without an editor), following the caret as it moves. */
export function useCaretBlock(editor: Editor | null, layout: PageLayout | null): number {
  const subscribe = useCallback(
    (onChange: () => void) => {
      editor?.on('selectionUpdate', onChange);
      return () => void editor?.off('selectionUpdate', onChange);
    },
    [editor],
  );
  return useSyncExternalStore(subscribe, () => (editor && layout && !editor.isDestroyed ? blockAt(layout, editor.state.selection.head) : -1));
}
