import { request } from './client.js';
import type { UserView } from './history.js';

/**
 * Where a thread points: the base64 of `Y.encodeRelativePosition` of the
 * selection's start and end, so it follows the text through everyone's edits.
 */
export interface CommentAnchor {
  start: string;
  end: string;
}

export interface CommentView {
  commentId: string;
  author: UserView;
  body: string;
  createdAt: string;
  editedAt: string | null;
  /** A deleted comment that still has replies stays, with an empty body. */
  deleted: boolean;
}

export interface ThreadView {
  threadId: string;
  anchor: CommentAnchor;
  /** The text selected when the thread began. */
  quote: string;
  /** The anchored text was deleted from the live script. */
  detached: boolean;
  resolvedAt: string | null;
  resolvedBy: UserView | null;
  createdAt: string;
  /** Oldest first. */
  comments: CommentView[];
}

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
