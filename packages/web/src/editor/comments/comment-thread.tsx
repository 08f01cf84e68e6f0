import { useState } from 'react';
import { deleteComment, editComment, replyToThread, resolveThread, type CommentView, type ThreadView } from '../../api/comments.js';
import { useAction } from '../panels/use-action.js';
import { When } from '../panels/when.js';
import { TextForm } from '../panels/text-form.js';

/** What the signed-in writer may do with threads. */
export interface CommentPermissions {
  userId: string;
  /** Commenters, editors and owners; not viewers. */
  canComment: boolean;
  /** The owner may delete anyone's comment. */
  isOwner: boolean;
}

interface ThreadProps {
  scriptId: string;
  thread: ThreadView;
  may: CommentPermissions;
  /** Selects the thread's text on the page. */
  onShow(thread: ThreadView): void;
  /** After a change of this writer's: read the list again. */
  onChanged(): void;
}

/** One thread: the text it is on, its comments oldest first, and the ways to answer, edit and resolve. */
export function CommentThread({ scriptId, thread, may, onShow, onChanged }: ThreadProps) {
  const [replying, setReplying] = useState(false);
  const resolving = useAction();
  const resolved = thread.resolvedAt !== null;
  const first = thread.comments[0];

  return (
    <article className="comment-thread" aria-label={`Comment by ${first?.author.name ?? 'someone'} on “${thread.quote}”`}>
      {thread.detached ? (
        <p className="thread-quote detached">
          <span className="muted">The text this comment was on was deleted:</span> <q>{thread.quote}</q>
        </p>
      ) : (
        <button type="button" className="thread-quote" title="Show this text on the page" onClick={() => onShow(thread)}>
          <q>{thread.quote}</q>
        </button>
      )}
      <ol className="thread-comments">
        {thread.comments.map((comment) => (
          <li key={comment.commentId}>
            <ThreadComment scriptId={scriptId} threadId={thread.threadId} comment={comment} may={may} onChanged={onChanged} />
          </li>
        ))}
      </ol>
      {resolved && thread.resolvedBy && (
        <p className="muted thread-resolved">
          Resolved by {thread.resolvedBy.name} <When iso={thread.resolvedAt!} />
        </p>
      )}
      {may.canComment &&
        (replying ? (
          <TextForm
            multiline
            label="Reply"
            submitLabel="Reply"
            onSubmit={async (body) => {
              await replyToThread(scriptId, thread.threadId, body);
              setReplying(false);
              onChanged();
            }}
            onCancel={() => setReplying(false)}
          />
        ) : (
          <div className="thread-actions">
            <button type="button" className="quiet" onClick={() => setReplying(true)}>
              Reply
            </button>
            <button
              type="button"
              className="quiet"
              disabled={resolving.busy}
              onClick={() =>
                void resolving.run(async () => {
                  await resolveThread(scriptId, thread.threadId, !resolved);
                  onChanged();
                })
              }
            >
              {resolved ? 'Reopen' : 'Resolve'}
            </button>
          </div>
        ))}
      {resolving.error && (
        <p className="error" role="alert">
          {resolving.error}
        </p>
      )}
    </article>
  );
}

function ThreadComment({ scriptId, threadId, comment, may, onChanged }: { scriptId: string; threadId: string; comment: CommentView; may: CommentPermissions; onChanged(): void }) {
  const [editing, setEditing] = useState(false);
  const deleting = useAction();
  if (comment.deleted) return <p className="muted comment-deleted">Comment deleted</p>;
  const own = comment.author.userId === may.userId;
  const canEdit = may.canComment && own;
  const canDelete = may.canComment && (own || may.isOwner);

  if (editing) {
    return (
      <TextForm
        multiline
        label="Edit comment"
        submitLabel="Save"
        initial={comment.body}
        onSubmit={async (body) => {
          await editComment(scriptId, threadId, comment.commentId, body);
          setEditing(false);
          onChanged();
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }
  return (
    <div className="comment">
      <p className="comment-head">
        <span className="comment-author">{comment.author.name}</span> <When iso={comment.createdAt} />
        {comment.editedAt && <span className="muted"> (edited)</span>}
      </p>
      <p className="comment-body">{comment.body}</p>
      {(canEdit || canDelete) && (
        <div className="comment-actions">
          {canEdit && (
            <button type="button" className="quiet" aria-label={`Edit your comment “${comment.body}”`} onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          {canDelete && (
            <button
              type="button"
              className="quiet"
              aria-label={`Delete the comment “${comment.body}”`}
              disabled={deleting.busy}
              onClick={() =>
                void deleting.run(async () => {
                  await deleteComment(scriptId, threadId, comment.commentId);
                  onChanged();
                })
              }
            >
              Delete
            </button>
          )}
        </div>
      )}
      {deleting.error && (
        <p className="error" role="alert">
          {deleting.error}
        </p>
      )}
    </div>
  );
}
