import type { Kysely, Selectable } from 'kysely';
import { canonicalId, newId, requireId } from './canonical-id.js';
import { readBytes, writeTime, type RowCodec, type StorageContext } from './row-codec.js';
import type { Database, ScriptCommentThreadsTable, ScriptCommentsTable } from './schema.js';
import { requireStorableText } from './storable-text.js';
import type { CommentRecord, CommentThreadRecord, ScriptId, UserId } from './storage.js';

/** A comment is a note in a margin; a long essay belongs in the script's notes. */
export const MAX_COMMENT_LENGTH = 10_000;
/** The text a comment was made on, kept to show a detached comment's context. */
export const MAX_QUOTE_LENGTH = 2_000;
/** An encoded relative position is a few dozen bytes; anything much larger is not one. */
const MAX_ANCHOR_BYTES = 1_024;

/** @throws TypeError for an empty, too long or unstorable comment. */
export function requireCommentBody(body: unknown): string {
  if (typeof body !== 'string' || body.trim() === '') throw new TypeError('storage: a comment must be a non-empty string');
  if (body.length > MAX_COMMENT_LENGTH) throw new TypeError(`storage: a comment is at most ${MAX_COMMENT_LENGTH} characters`);
  requireStorableText({ body });
  return body;
}

function requireAnchor(value: unknown, field: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.byteLength === 0 || value.byteLength > MAX_ANCHOR_BYTES) {
    throw new TypeError(`storage: ${field} must be 1 to ${MAX_ANCHOR_BYTES} bytes`);
  }
  return value;
}

function toCommentRecord(row: Selectable<ScriptCommentsTable>, codec: RowCodec): CommentRecord {
  return {
    commentId: row.comment_id,
    authorId: row.author_id,
    body: row.body,
    createdAt: codec.readTime(row.created_at),
    editedAt: row.edited_at === null ? null : codec.readTime(row.edited_at),
    deletedAt: row.deleted_at === null ? null : codec.readTime(row.deleted_at),
  };
}

function toThreadRecord(row: Selectable<ScriptCommentThreadsTable>, comments: CommentRecord[], codec: RowCodec): CommentThreadRecord {
  return {
    threadId: row.thread_id,
    scriptId: row.script_id,
    anchorStart: readBytes(row.anchor_start),
    anchorEnd: readBytes(row.anchor_end),
    quote: row.quote,
    createdBy: row.created_by,
    createdAt: codec.readTime(row.created_at),
    resolvedAt: row.resolved_at === null ? null : codec.readTime(row.resolved_at),
    resolvedBy: row.resolved_by,
    comments,
  };
}

/** Threads with their comments in two queries however many threads; `threadId` narrows to one. */
async function selectThreads(db: Kysely<Database>, codec: RowCodec, scriptId: string, threadId?: string): Promise<CommentThreadRecord[]> {
  let threads = db.selectFrom('script_comment_threads').selectAll().where('script_id', '=', scriptId);
  if (threadId !== undefined) threads = threads.where('thread_id', '=', threadId);
  const threadRows = await threads.orderBy('created_at').orderBy('thread_id').execute();
  if (threadRows.length === 0) return [];
  let comments = db
    .selectFrom('script_comments as c')
    .innerJoin('script_comment_threads as t', 't.thread_id', 'c.thread_id')
    .selectAll('c')
    .where('t.script_id', '=', scriptId);
  if (threadId !== undefined) comments = comments.where('c.thread_id', '=', threadId);
  const commentRows = await comments.orderBy('c.created_at').orderBy('c.comment_id').execute();
  const byThread = new Map<string, CommentRecord[]>();
  for (const row of commentRows) {
    const list = byThread.get(row.thread_id) ?? [];
    list.push(toCommentRecord(row, codec));
    byThread.set(row.thread_id, list);
  }
  return threadRows.map((row) => toThreadRecord(row, byThread.get(row.thread_id) ?? [], codec));
}

async function createThread(
  ctx: StorageContext,
  input: { scriptId: ScriptId; anchorStart: Uint8Array; anchorEnd: Uint8Array; quote: string; authorId: UserId; body: string },
): Promise<CommentThreadRecord> {
  const scriptId = requireId(input.scriptId, 'scriptId');
  const authorId = requireId(input.authorId, 'authorId');
  const anchorStart = requireAnchor(input.anchorStart, 'anchorStart');
  const anchorEnd = requireAnchor(input.anchorEnd, 'anchorEnd');
  const body = requireCommentBody(input.body);
  if (typeof input.quote !== 'string' || input.quote.length > MAX_QUOTE_LENGTH) {
    throw new TypeError(`storage: a comment's quote is a string of at most ${MAX_QUOTE_LENGTH} characters`);
  }
  requireStorableText({ quote: input.quote });
  const threadId = newId();
  const now = writeTime(new Date());
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('script_comment_threads')
      .values({
        thread_id: threadId,
        script_id: scriptId,
        anchor_start: anchorStart,
        anchor_end: anchorEnd,
        quote: input.quote,
        created_by: authorId,
        created_at: now,
        resolved_at: null,
        resolved_by: null,
      })
      .execute();
    await trx
      .insertInto('script_comments')
      .values({ comment_id: newId(), thread_id: threadId, author_id: authorId, body, created_at: now, edited_at: null, deleted_at: null })
      .execute();
  });
  const [thread] = await selectThreads(ctx.db, ctx.codec, scriptId, threadId);
  if (!thread) throw new Error(`storage: comment thread ${threadId} vanished after it was created`);
  return thread;
}

async function listThreads(ctx: StorageContext, scriptId: ScriptId): Promise<CommentThreadRecord[]> {
  const id = canonicalId(scriptId);
  return id === undefined ? [] : selectThreads(ctx.db, ctx.codec, id);
}

async function getThread(ctx: StorageContext, scriptId: ScriptId, threadId: string): Promise<CommentThreadRecord | undefined> {
  const script = canonicalId(scriptId);
  const thread = canonicalId(threadId);
  if (script === undefined || thread === undefined) return undefined;
  const [found] = await selectThreads(ctx.db, ctx.codec, script, thread);
  return found;
}

async function addReply(ctx: StorageContext, scriptId: ScriptId, threadId: string, authorId: UserId, body: string): Promise<CommentThreadRecord | undefined> {
  const author = requireId(authorId, 'authorId');
  const text = requireCommentBody(body);
  const thread = await getThread(ctx, scriptId, threadId);
  if (!thread) return undefined;
  await ctx.db
    .insertInto('script_comments')
    .values({ comment_id: newId(), thread_id: thread.threadId, author_id: author, body: text, created_at: writeTime(new Date()), edited_at: null, deleted_at: null })
    .execute();
  return getThread(ctx, thread.scriptId, thread.threadId);
}

/** The comment, if it is a live one of that thread of that script. */
function commentOf(thread: CommentThreadRecord | undefined, commentId: string): CommentRecord | undefined {
  const id = canonicalId(commentId);
  return thread?.comments.find((comment) => comment.commentId === id);
}

async function editComment(ctx: StorageContext, scriptId: ScriptId, threadId: string, commentId: string, body: string): Promise<CommentThreadRecord | undefined> {
  const text = requireCommentBody(body);
  const thread = await getThread(ctx, scriptId, threadId);
  const comment = commentOf(thread, commentId);
  if (!thread || !comment || comment.deletedAt !== null) return undefined;
  await ctx.db
    .updateTable('script_comments')
    .set({ body: text, edited_at: writeTime(new Date()) })
    .where('comment_id', '=', comment.commentId)
    .where('deleted_at', 'is', null)
    .execute();
  return getThread(ctx, thread.scriptId, thread.threadId);
}

async function deleteComment(ctx: StorageContext, scriptId: ScriptId, threadId: string, commentId: string): Promise<{ thread: CommentThreadRecord | null } | undefined> {
  const thread = await getThread(ctx, scriptId, threadId);
  const comment = commentOf(thread, commentId);
  if (!thread || !comment) return undefined;
  await ctx.db.transaction().execute(async (trx) => {
    const later = thread.comments.slice(thread.comments.indexOf(comment) + 1);
    if (later.length > 0) {
      await trx.updateTable('script_comments').set({ body: '', deleted_at: writeTime(new Date()) }).where('comment_id', '=', comment.commentId).execute();
    } else {
      await trx.deleteFrom('script_comments').where('comment_id', '=', comment.commentId).execute();
    }
    // A thread of placeholders only says nothing: it goes, placeholders with it (cascade).
    const live = await trx
      .selectFrom('script_comments')
      .select('comment_id')
      .where('thread_id', '=', thread.threadId)
      .where('deleted_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (live === undefined) await trx.deleteFrom('script_comment_threads').where('thread_id', '=', thread.threadId).execute();
  });
  return { thread: (await getThread(ctx, thread.scriptId, thread.threadId)) ?? null };
}

async function setThreadResolved(ctx: StorageContext, scriptId: ScriptId, threadId: string, by: UserId | null): Promise<CommentThreadRecord | undefined> {
  const resolver = by === null ? null : requireId(by, 'by');
  const script = canonicalId(scriptId);
  const thread = canonicalId(threadId);
  if (script === undefined || thread === undefined) return undefined;
  const result = await ctx.db
    .updateTable('script_comment_threads')
    .set({ resolved_at: resolver === null ? null : writeTime(new Date()), resolved_by: resolver })
    .where('script_id', '=', script)
    .where('thread_id', '=', thread)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return getThread(ctx, script, thread);
}

export const commentQueries = { createThread, listThreads, getThread, addReply, editComment, deleteComment, setThreadResolved };
