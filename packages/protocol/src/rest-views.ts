/*
 * JSON shapes of the REST routes for history and comments, as the server
 * writes them and the web client reads them: one definition, so the two
 * cannot drift apart. Times are ISO 8601 strings.
 */

/** Someone as history and comments name them: the name they gave, else their email ("Someone" once deleted). */
export interface PersonView {
  userId: string;
  name: string;
}

/** One saved state of a script: taken automatically, named by a writer, or taken right after a restore. */
export interface CheckpointView {
  checkpointId: string;
  kind: 'auto' | 'named' | 'restore';
  /** A named draft's name, or "Restored “…”" for a restore; null for automatic ones. */
  name: string | null;
  createdAt: string;
  /** Who named it or restored; null for automatic ones, or when that account is gone. */
  takenBy: PersonView | null;
  /** Who wrote since the previous checkpoint. */
  authors: PersonView[];
  pageCount: number;
  sizeBytes: number;
  restoredFrom: string | null;
}

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
  author: PersonView;
  body: string;
  createdAt: string;
  editedAt: string | null;
  /** A deleted comment that still has replies stays, with an empty body. */
  deleted: boolean;
}

/** A comment thread, `detached` as resolved against the live document. */
export interface ThreadView {
  threadId: string;
  anchor: CommentAnchor;
  /** The text selected when the thread began. */
  quote: string;
  /** The anchored text was deleted from the live script. */
  detached: boolean;
  resolvedAt: string | null;
  resolvedBy: PersonView | null;
  createdAt: string;
  /** Oldest first. */
  comments: CommentView[];
}
