import type { ImportNotice } from '@writersroom/screenplay';

/**
 * The notices of one PDF import: each kind of change once, with how often it
 * happened and the page it first happened on (a PDF has pages, not lines,
 * so the page goes into the words and `line` stays unset).
 */
export class PdfNotices {
  private readonly byMessage = new Map<string, { count: number; page: number | undefined }>();

  add(message: string, page?: number, count = 1): void {
    if (count <= 0) return;
    const entry = this.byMessage.get(message);
    if (entry) entry.count += count;
    else this.byMessage.set(message, { count, page });
  }

  list(): ImportNotice[] {
    return [...this.byMessage].map(([message, { count, page }]) => ({
      message: page === undefined ? message : `${message} (${count === 1 ? '' : 'first '}on page ${page})`,
      count,
    }));
  }
}
