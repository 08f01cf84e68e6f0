import type { Editor } from '@tiptap/core';
import { Selection } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { useEffect, useRef } from 'react';
import * as Y from 'yjs';
import { syncStateOf } from './comments/comment-anchors.js';

/** One key per writer and script in this browser's localStorage. */
function keyOf(userId: string, scriptId: string): string {
  return `writersroom/caret/${userId}/${scriptId}`;
}

/**
 * The caret as a Yjs relative position (base64), not a number: a number
 * would drift as collaborators type above it while the writer is away.
 */
function rememberCaret(editor: Editor, key: string): void {
  const sync = syncStateOf(editor.state);
  if (!sync) return;
  const relative = absolutePositionToRelativePosition(editor.state.selection.head, sync.type, sync.binding.mapping) as Y.RelativePosition;
  try {
    localStorage.setItem(key, toBase64(Y.encodeRelativePosition(relative)));
  } catch {
    // A full or disabled localStorage costs only the remembered caret.
  }
}

/** Where the remembered caret is now, or null when none is remembered or its text is gone. */
function rememberedPosition(editor: Editor, key: string): number | null {
  const sync = syncStateOf(editor.state);
  const stored = localStorage.getItem(key);
  if (!sync || stored === null) return null;
  try {
    return relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(fromBase64(stored)), sync.binding.mapping);
  } catch {
    return null;
  }
}

/**
 * The first time the page is writable, focuses it with the caret where this
 * writer left it in this browser (or on the first line: a new script, or a
 * first visit), so the writer types at once instead of tabbing through the
 * app; from then on the caret is remembered as it moves. Not again after a
 * reconnect: that must not move the caret.
 */
export function useCaretMemory(editor: Editor | null, scriptId: string, userId: string, writable: boolean): void {
  const key = keyOf(userId, scriptId);
  const restored = useRef<Editor | null>(null);
  useEffect(() => {
    if (!editor || editor.isDestroyed || !writable || restored.current === editor) return;
    restored.current = editor;
    const { state, view } = editor;
    const position = rememberedPosition(editor, key);
    // The nearest place text can go: a remembered position may now fall between elements (its element deleted),
    // or past the end (the text shrank), and a text selection there is invalid.
    const caret = position === null ? Selection.atStart(state.doc) : Selection.near(state.doc.resolve(Math.min(position, state.doc.content.size)));
    view.dispatch(state.tr.setSelection(caret).scrollIntoView());
    view.focus();
  }, [editor, key, writable]);
  useEffect(() => {
    if (!editor) return;
    // Before the restore, a selection change is the page loading, not the writer moving.
    const remember = () => restored.current === editor && rememberCaret(editor, key);
    editor.on('selectionUpdate', remember);
    return () => {
      editor.off('selectionUpdate', remember);
    };
  }, [editor, key]);
}
