import type { ImportNotice } from '../formats/imported-script.js';
import { withoutUnstorable } from './storable-text.js';

/** Longest value from the file that a message quotes whole. */
const MAX_QUOTED_LENGTH = 40;

/**
 * A value from the file (a paragraph type, a style name) as a message
 * quotes it: without characters no script can store, and shortened, so
 * that a hostile file cannot make the report carry control characters or
 * a megabyte-long message.
 */
export function quoted(value: string): string {
  const storable = withoutUnstorable(value).text;
  return storable.length > MAX_QUOTED_LENGTH ? `${storable.slice(0, MAX_QUOTED_LENGTH)}…` : storable;
}

/**
 * The notices of one import, one per kind of thing that happened: the
 * same message again counts up and keeps the line where it first
 * happened, so a file with 300 revision-coloured runs gives one notice,
 * not 300. Notices come out in the order they first happened.
 */
export class NoticeLog {
  private readonly notices = new Map<string, ImportNotice>();

  /** `message` should quote values from the file with `quoted`. */
  add(message: string, line?: number): void {
    const notice = this.notices.get(message);
    if (notice !== undefined) {
      notice.count += 1;
      if (notice.line === undefined && line !== undefined) notice.line = line;
    } else {
      this.notices.set(message, line === undefined ? { message, count: 1 } : { message, count: 1, line });
    }
  }

  list(): ImportNotice[] {
    return [...this.notices.values()].map((notice) => ({ ...notice }));
  }
}
