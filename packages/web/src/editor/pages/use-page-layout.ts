import type { Editor } from '@tiptap/core';
import { useEffect, useState } from 'react';
import { pageLayoutKey, type PageLayout } from './page-layout.js';

/** How long panels wait after a change before they show it: typing stays the editor's alone, a collaborator's scene shows well within a second. */
const SETTLE_MS = 150;

/**
 * The editor's page layout for panels beside the page (scenes, characters):
 * the latest one, at most SETTLE_MS after a change. Layouts are immutable,
 * so a panel can memoise on the object.
 */
export function usePageLayout(editor: Editor | null): PageLayout | null {
  const read = () => (editor && !editor.isDestroyed ? (pageLayoutKey.getState(editor.state) ?? null) : null);
  const [layout, setLayout] = useState<PageLayout | null>(read);
  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (!transaction.docChanged || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        setLayout(read());
      }, SETTLE_MS);
    };
    setLayout(read());
    editor.on('transaction', changed);
    return () => {
      editor.off('transaction', changed);
      clearTimeout(timer);
    };
  }, [editor]);
  return layout;
}

/** Puts the caret at `position` and scrolls its line to the top of the window, as a jump from a panel should. */
export function jumpTo(editor: Editor, position: number): void {
  editor.chain().focus().setTextSelection(position).run();
  const { node } = editor.view.domAtPos(position);
  const element = node instanceof Element ? node : node.parentElement;
  element?.scrollIntoView({ block: 'start' });
}
