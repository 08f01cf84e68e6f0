import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import { anchorSelection } from './comment-anchors.js';
import type { DraftComment } from './comments-panel.js';

/** Ctrl/Cmd-Alt-M, as other editors bind "new comment"; nothing on the page or in the browser takes it. */
function isCommentKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.altKey && event.code === 'KeyM';
}

/**
 * "Comment", for the text selected on the page: a click or Ctrl/Cmd-Alt-M
 * takes the selection as an anchor and hands it to `onStart`. Disabled while
 * nothing is selected.
 */
export function CommentButton({ editor, onStart }: { editor: Editor | null; onStart(draft: DraftComment): void }) {
  const hasSelection = useEditorState({ editor, selector: ({ editor: current }) => !!current && !current.isDestroyed && !current.state.selection.empty }) ?? false;
  const start = () => {
    const draft = editor && !editor.isDestroyed ? anchorSelection(editor.state) : null;
    if (draft) onStart(draft);
  };
  // The key works wherever the focus is, as long as the page has a selection; the latest `start` without re-listening.
  const latestStart = useRef(start);
  latestStart.current = start;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isCommentKey(event)) return;
      event.preventDefault();
      latestStart.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <button type="button" className="quiet comment-button" disabled={!hasSelection} title="Comment on the selected text (Ctrl+Alt+M)" aria-keyshortcuts="Control+Alt+M Meta+Alt+M" onClick={start}>
      Comment
    </button>
  );
}
