import type { Editor } from '@tiptap/core';
import { startThread, type CommentAnchor, type ThreadView } from '../../api/comments.js';
import { resolveAnchor } from './comment-anchors.js';
import { TextForm } from '../panels/text-form.js';
import { CommentThread, type CommentPermissions } from './comment-thread.js';
import type { CommentThreads } from './use-comment-threads.js';
import './comments.css';

/** A comment being written: the selection it will be on, taken when the writer asked to comment. */
export interface DraftComment {
  anchor: CommentAnchor;
  quote: string;
}

interface CommentsPanelProps {
  scriptId: string;
  editor: Editor | null;
  comments: CommentThreads;
  may: CommentPermissions;
  draft: DraftComment | null;
  onDraftClosed(): void;
}

/**
 * The script's comment threads in the order of the text they are on (those
 * whose text was deleted last), resolved ones folded away, and the form for
 * a new comment on the selection.
 */
export function CommentsPanel({ scriptId, editor, comments, may, draft, onDraftClosed }: CommentsPanelProps) {
  const { value: threads, error, reload } = comments;
  const open = threads?.filter((thread) => !thread.resolvedAt) ?? [];
  const resolved = threads?.filter((thread) => thread.resolvedAt) ?? [];
  const show = (thread: ThreadView) => editor && showThread(editor, thread);
  const item = (thread: ThreadView) => (
    <li key={thread.threadId}>
      <CommentThread scriptId={scriptId} thread={thread} may={may} onShow={show} onChanged={reload} />
    </li>
  );

  return (
    <section className="comments-panel" aria-label="Comments">
      {draft && (
        <div className="comment-draft">
          <p className="thread-quote">
            <q>{draft.quote}</q>
          </p>
          <TextForm
            multiline
            label="Comment"
            submitLabel="Comment"
            onSubmit={async (body) => {
              await startThread(scriptId, { ...draft, body });
              onDraftClosed();
              reload();
            }}
            onCancel={onDraftClosed}
          />
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!threads ? (
        !error && <p className="muted">Loading comments…</p>
      ) : threads.length === 0 ? (
        !draft && <p className="muted">{may.canComment ? 'No comments yet: select some text and choose Comment.' : 'No comments yet.'}</p>
      ) : (
        <>
          <ol className="thread-list">{open.map(item)}</ol>
          {resolved.length > 0 && (
            <details className="resolved-threads">
              <summary>Resolved ({resolved.length})</summary>
              <ol className="thread-list">{resolved.map(item)}</ol>
            </details>
          )}
        </>
      )}
    </section>
  );
}

/** Selects the thread's text on the page and scrolls it into the middle of the window. */
function showThread(editor: Editor, thread: ThreadView): void {
  const range = resolveAnchor(editor.state, thread.anchor);
  if (!range) return;
  editor.chain().focus().setTextSelection(range).run();
  const { node } = editor.view.domAtPos(range.from);
  const element = node instanceof Element ? node : node.parentElement;
  element?.scrollIntoView({ block: 'center' });
}
