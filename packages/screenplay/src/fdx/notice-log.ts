import type { ImportNotice } from '../formats/imported-script.js';

/**
 * The notices of one import, one per kind of thing that happened: the
 * same message again counts up and keeps the line where it first
 * happened, so a file with 300 revision-coloured runs gives one notice,
 * not 300. Notices come out in the order they first happened.
 */
export class NoticeLog {
  private readonly notices = new Map<string, ImportNotice>();

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
