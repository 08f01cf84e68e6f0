import { AnchorResolver, inReadingOrder, type ExportedThread, type ResolvedAnchor } from '@writersroom/screenplay';
import type * as Y from 'yjs';
import { peopleOf } from '../api/people.js';
import type { Accounts, CommentThreadRecord, ScriptComments, ScriptId } from '../storage/storage.js';

/** How a comment deleted under its replies shows: its body is gone, its place in the thread is not. */
const DELETED_BODY = '(comment deleted)';

/**
 * The threads an export with comments writes: the open ones. A resolved
 * thread is done with; the app keeps it, a file sent to readers does not.
 */
export async function openThreadsOf(storage: Pick<ScriptComments, 'listThreads'>, scriptId: ScriptId): Promise<CommentThreadRecord[]> {
  return (await storage.listThreads(scriptId)).filter((thread) => thread.resolvedAt === null);
}

/**
 * Where each thread's text is in `doc`, by AnchorResolver as the comment
 * routes resolve it; undefined where the anchor does not point into this
 * document. Run it in the same read as the document is printed from, so
 * the places are those of the pages printed.
 */
export function anchorsIn(doc: Y.Doc, threads: readonly CommentThreadRecord[]): Array<ResolvedAnchor | undefined> {
  const resolver = new AnchorResolver(doc);
  return threads.map((thread) => resolver.resolve(thread.anchorStart, thread.anchorEnd));
}

/**
 * The threads as the exports write them, in reading order (detached ones,
 * and any anchor that no longer resolves, last), each comment under its
 * author's name as the comments panel shows it.
 */
export async function exportedThreads(
  accounts: Pick<Accounts, 'getUser'>,
  threads: readonly CommentThreadRecord[],
  anchors: ReadonlyArray<ResolvedAnchor | undefined>,
): Promise<ExportedThread[]> {
  const person = await peopleOf(accounts, threads.flatMap((thread) => thread.comments.map((comment) => comment.authorId)));
  return inReadingOrder(
    threads.map((thread, index) => {
      const anchor = anchors[index];
      return {
        anchor: anchor && !anchor.detached ? { start: anchor.order, end: anchor.end } : undefined,
        quote: thread.quote,
        comments: thread.comments.map((comment) => ({
          author: person(comment.authorId).name,
          createdAt: comment.createdAt,
          body: comment.deletedAt === null ? comment.body : DELETED_BODY,
        })),
      };
    }),
  );
}
