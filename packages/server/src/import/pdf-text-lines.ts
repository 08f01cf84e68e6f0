import { ScriptFormatError } from '@writersroom/screenplay';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

/** A run of text on one line with no wide gap inside it, in points from the page's top left corner. */
export interface LineSegment {
  text: string;
  x: number;
  right: number;
}

/**
 * One printed line of a page: its segments left to right (a scene number in
 * the margin is a segment of its own, apart from the heading; which
 * segments are margin material is the classifier's call), and where it sits.
 */
export interface PdfLine {
  segments: LineSegment[];
  /** Baseline, in points from the page's top edge. */
  top: number;
  /** Width of one character of the line's font, in points (7.2 for Courier 12 pt). */
  charWidth: number;
}

export interface PdfPage {
  /** 1-based, as a viewer numbers the sheets (not the number printed on them). */
  number: number;
  width: number;
  height: number;
  lines: PdfLine[];
}

/** Baselines closer than this (in points) are one line: text of one line drawn in pieces can differ by rounding. */
const SAME_LINE_PT = 2;
/** A gap wider than this many characters starts a new segment: word gaps are one or two characters, a margin scene number is three or more away. */
const SEGMENT_GAP_CHARACTERS = 2.5;
/** Where a PDF must say what it is: `%PDF-` within its first kilobyte (the specification lets junk precede it). */
const HEADER_WINDOW = 1024;
/** Where a complete PDF ends: `%%EOF` within its last bytes (some writers add a few bytes after it). */
const TRAILER_WINDOW = 2048;

/**
 * The text lines of every page of a PDF, top to bottom, read with pdf.js
 * without a worker thread, fonts, scripts or network.
 *
 * @throws ScriptFormatError('pdf', …) when the bytes are not a PDF, are cut
 *   off, are password protected, or pdf.js cannot read them.
 */
export async function readPdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  requirePdfEnvelope(bytes);
  const document = await openPdf(bytes);
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [left, bottom, right, top] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items = content.items.filter((item): item is TextItem => 'str' in item && item.str.trim() !== '');
      pages.push({ number, width: right - left, height: top - bottom, lines: linesOf(items, left, top) });
      page.cleanup();
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

function requirePdfEnvelope(bytes: Uint8Array): void {
  const head = Buffer.from(bytes.subarray(0, HEADER_WINDOW)).toString('latin1');
  if (!head.includes('%PDF-')) throw new ScriptFormatError('pdf', 'This is not a PDF file.');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - TRAILER_WINDOW))).toString('latin1');
  // pdf.js rebuilds what it can of a cut-off file; importing half a script without a word would be worse than refusing.
  if (!tail.includes('%%EOF')) throw new ScriptFormatError('pdf', 'This PDF is incomplete: it ends before its last part, so it may have been cut off while it was copied or downloaded.');
}

async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // Imported here, not at the top: pdf.js is an ES module only, and the compiled server is one CommonJS
  // file (scripts/build.mjs) whose static imports become require() calls; import() stays an import.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  try {
    // pdf.js takes ownership of the buffer it is given: a copy keeps the caller's bytes usable.
    return await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      useWorkerFetch: false,
      stopAtErrors: true,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') {
      throw new ScriptFormatError('pdf', 'This PDF is protected with a password, so its text cannot be read. Save a copy without the protection and import that.');
    }
    throw new ScriptFormatError('pdf', 'This PDF is damaged and cannot be read.');
  }
}

/** Text items gathered into lines by baseline, top to bottom, each line's items left to right. */
function linesOf(items: readonly TextItem[], pageLeft: number, pageTop: number): PdfLine[] {
  const placed = items
    .map((item) => {
      // An item may begin with spaces the writer's tool used for indenting: the text starts after them.
      const leading = item.str.length - item.str.trimStart().length;
      const shift = (leading * item.width) / item.str.length;
      return { text: item.str.trimStart(), x: (item.transform[4] as number) - pageLeft + shift, top: pageTop - (item.transform[5] as number), width: item.width - shift };
    })
    .sort((a, b) => a.top - b.top || a.x - b.x);
  const lines: PdfLine[] = [];
  let group: typeof placed = [];
  for (const item of placed) {
    if (group.length > 0 && item.top - group[0]!.top > SAME_LINE_PT) {
      lines.push(lineOf(group));
      group = [];
    }
    group.push(item);
  }
  if (group.length > 0) lines.push(lineOf(group));
  return lines;
}

function lineOf(items: ReadonlyArray<{ text: string; x: number; top: number; width: number }>): PdfLine {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const characters = sorted.reduce((sum, item) => sum + item.text.length, 0);
  const charWidth = characters > 0 ? sorted.reduce((sum, item) => sum + item.width, 0) / characters : 7.2;
  const segments: LineSegment[] = [];
  for (const item of sorted) {
    const last = segments[segments.length - 1];
    const gap = last ? item.x - last.right : Infinity;
    if (last && gap <= SEGMENT_GAP_CHARACTERS * charWidth) {
      // Spaces the PDF left out as positioning: one per character width of the gap.
      last.text += ' '.repeat(Math.max(0, Math.round(gap / charWidth))) + item.text;
      last.right = Math.max(last.right, item.x + item.width);
    } else segments.push({ text: item.text, x: item.x, right: item.x + item.width });
  }
  for (const segment of segments) segment.text = segment.text.trim();
  return { segments, top: sorted[0]!.top, charWidth };
}
