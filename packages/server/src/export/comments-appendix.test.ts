import type { ExportedThread, PagedLine } from '@writersroom/screenplay';
import { describe, expect, it } from 'vitest';
import { layOutCommentsAppendix } from './comments-appendix.js';

const at = new Date('2026-05-01T10:00:00Z');
const thread = (element: number | undefined, ...bodies: string[]): ExportedThread => ({
  anchor: element === undefined ? undefined : { start: [element, 0], end: [element, 3] },
  quote: 'Rain.',
  comments: bodies.map((body, index) => ({ author: index === 0 ? 'Ana' : 'Ben', createdAt: at, body })),
});
const rows = (lines: readonly PagedLine[]) => lines.map((line) => `${line.row}@${line.column} ${line.text}`);

describe('the comments appendix', () => {
  it('heads each thread with its page and quote, then author and date, body, and replies indented', () => {
    const pages = layOutCommentsAppendix([thread(7, 'Wet?', 'Very.'), thread(undefined, 'Gone.')], (point) => point[0] * 10, 'letter');
    expect(pages.map(rows)).toEqual([
      [
        '0@15 COMMENTS',
        '2@15 Page 70: \u201cRain.\u201d',
        '3@15 Ana, 2026-05-01 10:00 UTC',
        '4@15 Wet?',
        '5@19 Ben, 2026-05-01 10:00 UTC',
        '6@19 Very.',
        '8@15 Deleted text: \u201cRain.\u201d',
        '9@15 Ana, 2026-05-01 10:00 UTC',
        '10@15 Gone.',
      ],
    ]);
    expect(pages[0]![0]!.styles).toEqual([{ from: 0, to: 8, style: { bold: true, underline: true } }]);
  });

  it('keeps a thread\u2019s header with its first comment on the next page rather than split them, and breaks a comment longer than a page', () => {
    // Breakage tried: placing lines without the fit check leaves "Page 1: …" alone at the foot of page 1.
    const filler = Array.from({ length: 49 }, (_, i) => `line ${i}`).join('\n');
    const pages = layOutCommentsAppendix([thread(0, filler), thread(1, 'Short.'), thread(2, Array.from({ length: 70 }, () => 'x').join('\n'))], () => 1, 'letter');
    expect(pages[0]!.some((line) => line.text.startsWith('Page 1'))).toBe(true);
    expect(pages[1]![0]!.text).toBe('Page 1: \u201cRain.\u201d');
    expect(pages[1]![1]!.row).toBe(1);
    expect(pages.length).toBe(3);
    expect(pages.every((page) => page.every((line) => line.row < 55))).toBe(true);
  });
});
