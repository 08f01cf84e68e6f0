import type { Editor } from '@tiptap/core';
import { useCallback, useEffect } from 'react';
import { listThreads, type ThreadView } from '../../api/comments.js';
import type { ScriptConnection } from '../../collab/script-connection.js';
import { useNoticedResource, type NoticedResource } from '../panels/use-noticed-resource.js';
import { highlightThreads } from './comment-highlights.js';

export type CommentThreads = NoticedResource<ThreadView[]>;

/**
 * The script's comment threads, read again whenever anyone's comments
 * change, and highlighted on the page while open and on their text. Kept
 * beside the page rather than in the Comments tab, so the highlights stay
 * whichever panel is shown.
 */
export function useCommentThreads(scriptId: string, connection: Pick<ScriptConnection, 'onNotice' | 'isOpen'>, editor: Editor | null): CommentThreads {
  const comments = useNoticedResource(connection, 'comments', useCallback(() => listThreads(scriptId), [scriptId]));
  const threads = comments.value;
  useEffect(() => {
    if (editor && threads) highlightThreads(editor, threads.filter((thread) => !thread.resolvedAt && !thread.detached));
  }, [editor, threads]);
  return comments;
}
