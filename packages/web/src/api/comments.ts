import type { CommentAnchor, ThreadView } from '@writersroom/protocol';
import { request } from './client.js';

export type { CommentAnchor, CommentView, ThreadView } from '@writersroom/protocol';

const commentsPath = (scriptId: string, rest = '') => `/api/scripts/${encodeURIComponent(scriptId)}/comments${rest}`;
const threadPath = (scriptId: string, threadId: string, rest = '') => commentsPath(scriptId, `/${encodeURIComponent(threadId)}${rest}`);

/** In the document order of their anchors, detached ones last. */
export async function listThreads(scriptId: string): Promise<ThreadView[]> {
  return (await request<{ threads: ThreadView[] }>('GET', commentsPath(scriptId))).threads;
}

export async function startThread(scriptId: string, thread: { anchor: CommentAnchor; quote: string; body: string }): Promise<ThreadView> {
  return (await request<{ thread: ThreadView }>('POST', commentsPath(scriptId), thread)).thread;
}

export async function replyToThread(scriptId: string, threadId: string, body: string): Promise<ThreadView> {
  return (await request<{ thread: ThreadView }>('POST', threadPath(scriptId, threadId, '/replies'), { body })).thread;
}

/** Only its author may edit a comment. */
export async function editComment(scriptId: string, threadId: string, commentId: string, body: string): Promise<ThreadView> {
  return (await request<{ thread: ThreadView }>('PATCH', threadPath(scriptId, threadId, `/comments/${encodeURIComponent(commentId)}`), { body })).thread;
}

/** Its author or the script's owner; null when the thread had nothing else left. */
export async function deleteComment(scriptId: string, threadId: string, commentId: string): Promise<ThreadView | null> {
  return (await request<{ thread: ThreadView | null }>('DELETE', threadPath(scriptId, threadId, `/comments/${encodeURIComponent(commentId)}`))).thread;
}

export async function resolveThread(scriptId: string, threadId: string, resolved: boolean): Promise<ThreadView> {
  return (await request<{ thread: ThreadView }>('POST', threadPath(scriptId, threadId, resolved ? '/resolve' : '/reopen'))).thread;
}
