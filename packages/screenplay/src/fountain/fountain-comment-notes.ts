import { comparePoints, threadNoteText, type ExportedThread } from '../comments/exported-thread.js';
import { noteLines } from './fountain-elements.js';

/** The note that heads the threads whose text was deleted, at the end of the script. */
export const DETACHED_HEADING = 'Comments on text since deleted:';

/**
 * Comment threads as Fountain notes (`[[Author: text]]`), handed out as
 * the writer passes the elements their text starts in, so each lands right
 * after the paragraph holding its element; detached ones wait for the end.
 */
export class FountainCommentNotes {
  private readonly byElement = new Map<number, ExportedThread[]>();
  private readonly detached: ExportedThread[] = [];
  private queued: string[][] = [];

  constructor(threads: readonly ExportedThread[]) {
    for (const thread of threads) {
      if (thread.anchor === undefined) {
        this.detached.push(thread);
        continue;
      }
      const element = thread.anchor.start[0];
      const list = this.byElement.get(element) ?? [];
      list.push(thread);
      this.byElement.set(element, list);
    }
    for (const list of this.byElement.values()) list.sort((a, b) => comparePoints(a.anchor!.start, b.anchor!.start));
  }

  /** Queues the notes of the threads anchored in elements `from` up to `to` (not included). */
  pass(from: number, to: number): void {
    for (let element = from; element < to; element++) {
      for (const thread of this.byElement.get(element) ?? []) this.queued.push(commentNoteLines(thread));
    }
  }

  /** The queued notes, one paragraph each; the queue is emptied. */
  flush(): string[][] {
    const notes = this.queued;
    this.queued = [];
    return notes;
  }

  /** What follows the script: notes still queued, then the detached threads under a note that says what they are. */
  end(): string[][] {
    const notes = this.flush();
    if (this.detached.length === 0) return notes;
    return [...notes, commentNoteLines(DETACHED_HEADING), ...this.detached.map((thread) => commentNoteLines(thread))];
  }
}

/**
 * A thread (or a plain line) as one Fountain note. A reader ends a note at
 * its first `]]`, so every `]` followed by another gets a space after it
 * (`]]` becomes `] ]`): the note cannot end early and nothing after it is
 * read as script. Blank lines inside become two spaces, as for any note.
 */
export function commentNoteLines(thread: ExportedThread | string): string[] {
  const text = typeof thread === 'string' ? thread : threadNoteText(thread);
  return noteLines({ type: 'note', text: text.replace(/\](?=\])/g, '] '), styles: [] });
}
