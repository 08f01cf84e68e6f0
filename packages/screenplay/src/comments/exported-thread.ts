/** A place in the script's text: a top-level element (its index) and a UTF-16 offset in that element's text. */
export type ScriptPoint = readonly [element: number, offset: number];

/** One comment of a thread as an export shows it: who wrote it, when, and what. */
export interface ExportedComment {
  author: string;
  createdAt: Date;
  body: string;
}

/**
 * A comment thread as the exports write it (Fountain notes, FDX
 * ScriptNotes, the PDF's appendix), its anchor already resolved against
 * the document being exported, so the writers stay pure: they never see
 * Yjs positions, only where the anchored text is now.
 */
export interface ExportedThread {
  /** The anchored text now, `start` up to `end`; undefined when that text was deleted (the thread is detached). */
  anchor: { start: ScriptPoint; end: ScriptPoint } | undefined;
  /** The text as it was when the thread was opened: all a detached thread can still show of it. */
  quote: string;
  /** Oldest first: the comment that opened the thread, then its replies. */
  comments: readonly ExportedComment[];
}

/** Attached threads in reading order (by where their text starts), then detached ones, each group keeping the order given. */
export function inReadingOrder(threads: readonly ExportedThread[]): ExportedThread[] {
  const attached = threads.filter((thread) => thread.anchor !== undefined);
  const detached = threads.filter((thread) => thread.anchor === undefined);
  attached.sort((a, b) => comparePoints(a.anchor!.start, b.anchor!.start));
  return [...attached, ...detached];
}

export function comparePoints(a: ScriptPoint, b: ScriptPoint): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * A thread as the lines of one note: `Author: body`, then a line
 * `— Reply by Name: body` per reply; a detached thread first says which
 * text it was on, since the script no longer shows it. Line ends are `\n`
 * whatever the comment was typed with.
 */
export function threadNoteText(thread: ExportedThread): string {
  const lines = thread.comments.map((comment, index) => `${index === 0 ? '' : '\u2014 Reply by '}${comment.author}: ${comment.body}`);
  if (thread.anchor === undefined) lines.unshift(`On deleted text \u201c${thread.quote}\u201d:`);
  return lines.join('\n').replace(/\r\n?/g, '\n');
}
