import { lineHeight } from './pdf-layout.js';
import type { PdfNotices } from './pdf-notices.js';
import type { PdfLine, PdfPage } from './pdf-text-lines.js';

/** A printed page number as screenplay tools print it: `12.`, `12`, `Page 12`, `- 12 -`, `12 of 120`. */
const PAGE_NUMBER = /^(?:page\s+)?-?\s*\d{1,4}[A-Z]?\s*-?\.?(?:\s+of\s+\d{1,4})?$/i;
/** Final Draft's scene continueds at the top and bottom of a page: `CONTINUED:`, `(CONTINUED)`, `CONTINUED: (2)`, maybe with the scene number. */
const SCENE_CONTINUED = /^(?:\S{1,6}\s+)?\(?CONTINUED\)?:?(?:\s*\(\d+\))?(?:\s+\S{1,6})?$/;
/** What the speech rules of pdf-elements.ts need to see, even when it repeats on most pages. */
const SPEECH_MARKERS = /^\(MORE\)$|\(CONT['’]?D\)|\(CONTINUING\)/i;
/** A header or footer is text at the very top or bottom of at least this share of the pages. */
const REPEATED_SHARE = 0.5;
const MIN_REPEATED_PAGES = 3;

/**
 * The pages without what a printer adds to every page and the script does
 * not hold: page numbers, Final Draft's CONTINUED lines, and a header or
 * footer repeated on most pages (a draft date, a title, a watermark line).
 * `(MORE)` and continued cues are kept: where a speech goes on is read from
 * them (pdf-elements.ts).
 */
export function withoutPageFurniture(pages: readonly PdfPage[], notices: PdfNotices): PdfPage[] {
  const numbered = pages.map((page) => ({
    ...page,
    lines: page.lines.filter((line, index) => {
      const text = lineText(line);
      if ((index === 0 || index === page.lines.length - 1) && PAGE_NUMBER.test(text)) {
        notices.add('page numbers were left out', page.number);
        return false;
      }
      if (SCENE_CONTINUED.test(text)) {
        notices.add('CONTINUED lines at page breaks were left out', page.number);
        return false;
      }
      return true;
    }),
  }));
  const repeated = repeatedEdgeTexts(numbered);
  if (repeated.size === 0) return numbered;
  return numbered.map((page) => ({
    ...page,
    lines: page.lines.filter((line, index) => {
      const text = lineText(line);
      if (isApartAtEdge(page.lines, index) && repeated.has(edgeKey(text))) {
        notices.add(`the header or footer "${text}" printed on most pages was left out`, page.number);
        return false;
      }
      return true;
    }),
  }));
}

/** The whole text of a line, segments separated by a space. */
export function lineText(line: PdfLine): string {
  return line.segments.map((segment) => segment.text).join(' ');
}

/** Texts (numbers masked) that open or close most pages, page numbers and speech markers aside. */
function repeatedEdgeTexts(pages: readonly PdfPage[]): Set<string> {
  const pagesWith = new Map<string, number>();
  for (const page of pages) {
    const edges = new Set<string>();
    for (const index of [0, page.lines.length - 1]) {
      if (!isApartAtEdge(page.lines, index)) continue;
      const text = lineText(page.lines[index]!);
      if (!PAGE_NUMBER.test(text) && !SPEECH_MARKERS.test(text)) edges.add(edgeKey(text));
    }
    for (const key of edges) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  }
  const needed = Math.max(MIN_REPEATED_PAGES, Math.ceil(pages.length * REPEATED_SHARE));
  return new Set([...pagesWith].filter(([, count]) => count >= needed).map(([key]) => key));
}

/**
 * Whether the line is the page's first or last and a blank line keeps it
 * apart from the rest: a header or footer sits in the margin, a last line of
 * dialogue right under the line before it.
 */
function isApartAtEdge(lines: readonly PdfLine[], index: number): boolean {
  const line = lines[index];
  if (!line || lines.length < 2 || (index !== 0 && index !== lines.length - 1)) return false;
  const neighbour = lines[index === 0 ? 1 : index - 1]!;
  return Math.abs(neighbour.top - line.top) > 1.5 * lineHeight(line);
}

/** Headers often carry the page number or a date: digits do not make two of them different. */
function edgeKey(text: string): string {
  return text.replace(/\d+/g, '#');
}
