import type { Editor } from '@tiptap/core';
import { useCallback, useSyncExternalStore } from 'react';
import { pageAt, pageLayoutKey } from './page-layout.js';

export interface PageStatus {
  /** The page the caret is on. */
  page: number;
  pages: number;
}

/** The caret's page and the page count, updated with every change and caret move. */
export function usePageStatus(editor: Editor | null): PageStatus | null {
  const subscribe = useCallback(
    (onChange: () => void) => {
      editor?.on('transaction', onChange);
      return () => void editor?.off('transaction', onChange);
    },
    [editor],
  );
  // A string, so that an unchanged status is the same snapshot.
  const snapshot = useSyncExternalStore(subscribe, () => {
    if (!editor || editor.isDestroyed) return '';
    const layout = pageLayoutKey.getState(editor.state);
    return layout ? `${pageAt(layout, editor.state.selection.head)}/${layout.pagination.pages.length}` : '';
  });
  if (snapshot === '') return null;
  const [page, pages] = snapshot.split('/').map(Number) as [number, number];
  return { page, pages };
}
