import type { ThreadView } from '@writersroom/protocol';
import { z } from 'zod';
import type { CommentThreadRecord } from '../../storage/storage.js';
import type { Person } from '../people.js';

export const threadParams = z.object({ scriptId: z.string().min(1).max(64), threadId: z.string().min(1).max(64) });
export const commentParams = threadParams.extend({ commentId: z.string().min(1).max(64) });

const body = z.string().trim().min(1, 'a comment must not be empty').max(10_000, 'a comment is at most 10,000 characters');
/** An encoded relative position is a few dozen bytes; base64 of at most 1 KiB. */
const position = z.string().min(1).max(1_400).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

export const createThreadBody = z
  .object({ anchor: z.object({ start: position, end: position }).strict(), quote: z.string().max(2_000), body })
  .strict();
export const commentBody = z.object({ body }).strict();

/** The REST shape of a thread: anchors as base64, `detached` as resolved against the live document. */
export function toThreadView(thread: CommentThreadRecord, detached: boolean, person: Person): ThreadView {
  return {
    threadId: thread.threadId,
    anchor: { start: Buffer.from(thread.anchorStart).toString('base64'), end: Buffer.from(thread.anchorEnd).toString('base64') },
    quote: thread.quote,
    detached,
    resolvedAt: thread.resolvedAt?.toISOString() ?? null,
    resolvedBy: person(thread.resolvedBy),
    createdAt: thread.createdAt.toISOString(),
    comments: thread.comments.map((comment) => ({
      commentId: comment.commentId,
      author: person(comment.authorId),
      body: comment.body,
      createdAt: comment.createdAt.toISOString(),
      editedAt: comment.editedAt?.toISOString() ?? null,
      deleted: comment.deletedAt !== null,
    })),
  };
}
