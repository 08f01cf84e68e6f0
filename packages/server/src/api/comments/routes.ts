import type { ThreadView } from '@writersroom/protocol';
import { AnchorResolver, type ResolvedAnchor } from '@writersroom/screenplay';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessEvents } from '../../auth/access-events.js';
import { WritersRoomError } from '../../errors.js';
import type { CommentThreadRecord, ScriptId, Storage } from '../../storage/storage.js';
import type { DocumentAccess } from '../../sync/document-access.js';
import { parse } from '../parse.js';
import { peopleOf } from '../people.js';
import { scriptForCaller } from '../script-access.js';
import { commentBody, commentParams, createThreadBody, threadParams, toThreadView } from './schema.js';

export interface CommentRoutesDeps {
  storage: Storage;
  documents: DocumentAccess;
  events: AccessEvents;
}

const NO_THREAD = () => new WritersRoomError('WR_ERR_NOT_FOUND', 'This script has no such comment.');

/**
 * Comments anchored to a script's text (storage [ST44]): threads listed in
 * reading order with whether their text still exists, created on a
 * selection, replied to, edited and deleted by their authors, resolved and
 * reopened. Viewers read; commenters and up write. Every change is noticed
 * to the script's open pages, on every process.
 */
export function registerCommentRoutes(app: FastifyInstance, deps: CommentRoutesDeps): void {
  const { storage, documents, events } = deps;
  const authorise = (request: FastifyRequest, options: Parameters<typeof scriptForCaller>[3] = {}) =>
    scriptForCaller(storage, request.identity, request.params, options);
  const changed = (scriptId: ScriptId) => events.publish({ kind: 'notice', scriptId, topic: 'comments' });

  /** Threads as views, their anchors resolved against the live document in one read. */
  const views = async (scriptId: ScriptId, threads: CommentThreadRecord[]): Promise<Array<{ view: ThreadView; anchor: ResolvedAnchor | undefined }>> => {
    const [anchors, person] = await Promise.all([
      documents.readWith(scriptId, (doc) => {
        const resolver = new AnchorResolver(doc);
        return threads.map((thread) => resolver.resolve(thread.anchorStart, thread.anchorEnd));
      }),
      peopleOf(storage, threads.flatMap((thread) => [thread.resolvedBy, ...thread.comments.map((comment) => comment.authorId)])),
    ]);
    return threads.map((thread, i) => {
      const anchor = anchors[i];
      return { view: toThreadView(thread, anchor?.detached ?? true, person), anchor };
    });
  };
  const viewOf = async (scriptId: ScriptId, thread: CommentThreadRecord) => (await views(scriptId, [thread]))[0]!.view;

  /** The thread and comment a route names, or 404. */
  const commentOf = async (request: FastifyRequest) => {
    const { scriptId, threadId, commentId } = parse(commentParams, request.params);
    const thread = await storage.getThread(scriptId, threadId);
    const comment = thread?.comments.find((c) => c.commentId === commentId.toLowerCase() && c.deletedAt === null);
    if (!thread || !comment) throw NO_THREAD();
    return { thread, comment };
  };

  app.get('/api/scripts/:scriptId/comments', async (request) => {
    const { script } = await authorise(request);
    const resolved = await views(script.scriptId, await storage.listThreads(script.scriptId));
    // Reading order; detached threads last, oldest first (the sort is stable).
    resolved.sort((a, b) => compareOrder(a.anchor, b.anchor));
    return { threads: resolved.map(({ view }) => view) };
  });

  app.post('/api/scripts/:scriptId/comments', async (request, reply) => {
    const { script } = await authorise(request, { minimum: 'commenter', action: 'comment' });
    const { anchor, quote, body } = parse(createThreadBody, request.body);
    const anchorStart = Buffer.from(anchor.start, 'base64');
    const anchorEnd = Buffer.from(anchor.end, 'base64');
    const resolved = await documents.readWith(script.scriptId, (doc) => new AnchorResolver(doc).resolve(anchorStart, anchorEnd));
    if (!resolved || resolved.detached) {
      throw new WritersRoomError('WR_ERR_INVALID_REQUEST', 'The selected text is not in this script (it may have just been deleted); select it again.');
    }
    const thread = await storage.createThread({ scriptId: script.scriptId, anchorStart, anchorEnd, quote, authorId: request.identity.userId, body });
    changed(script.scriptId);
    return reply.code(201).send({ thread: await viewOf(script.scriptId, thread) });
  });

  app.post('/api/scripts/:scriptId/comments/:threadId/replies', async (request, reply) => {
    const { script } = await authorise(request, { minimum: 'commenter', action: 'comment' });
    const { threadId } = parse(threadParams, request.params);
    const { body } = parse(commentBody, request.body);
    const thread = await storage.addReply(script.scriptId, threadId, request.identity.userId, body);
    if (!thread) throw NO_THREAD();
    changed(script.scriptId);
    return reply.code(201).send({ thread: await viewOf(script.scriptId, thread) });
  });

  app.patch('/api/scripts/:scriptId/comments/:threadId/comments/:commentId', async (request) => {
    const { script } = await authorise(request, { minimum: 'commenter', action: 'comment' });
    const { thread, comment } = await commentOf(request);
    if (comment.authorId !== request.identity.userId) throw new WritersRoomError('WR_ERR_FORBIDDEN', 'Only its author can edit a comment.');
    const { body } = parse(commentBody, request.body);
    const edited = await storage.editComment(script.scriptId, thread.threadId, comment.commentId, body);
    if (!edited) throw NO_THREAD();
    changed(script.scriptId);
    return { thread: await viewOf(script.scriptId, edited) };
  });

  app.delete('/api/scripts/:scriptId/comments/:threadId/comments/:commentId', async (request) => {
    const { script, role } = await authorise(request, { minimum: 'commenter', action: 'comment' });
    const { thread, comment } = await commentOf(request);
    if (comment.authorId !== request.identity.userId && role !== 'owner') {
      throw new WritersRoomError('WR_ERR_FORBIDDEN', "Only its author or the script's owner can delete a comment.");
    }
    const deleted = await storage.deleteComment(script.scriptId, thread.threadId, comment.commentId);
    if (!deleted) throw NO_THREAD();
    changed(script.scriptId);
    return { thread: deleted.thread ? await viewOf(script.scriptId, deleted.thread) : null };
  });

  for (const [action, resolving] of [['resolve', true], ['reopen', false]] as const) {
    app.post(`/api/scripts/:scriptId/comments/:threadId/${action}`, async (request) => {
      const { script } = await authorise(request, { minimum: 'commenter', action: `${action} a comment` });
      const { threadId } = parse(threadParams, request.params);
      const thread = await storage.setThreadResolved(script.scriptId, threadId, resolving ? request.identity.userId : null);
      if (!thread) throw NO_THREAD();
      changed(script.scriptId);
      return { thread: await viewOf(script.scriptId, thread) };
    });
  }
}

/** Attached anchors in reading order, then detached ones; undefined (unreadable) counts as detached. */
function compareOrder(a: ResolvedAnchor | undefined, b: ResolvedAnchor | undefined): number {
  const rank = (anchor: ResolvedAnchor | undefined) => (anchor && !anchor.detached ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (!a || !b || a.detached) return 0;
  return a.order[0] - b.order[0] || a.order[1] - b.order[1];
}
