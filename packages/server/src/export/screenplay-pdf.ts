import {
  COLUMNS_PER_INCH,
  PAPERS,
  ROWS_PER_INCH,
  TOP_MARGIN_IN,
  type Page,
  type PagedLine,
  type Paper,
  type StyleSpan,
  type TextStyle,
} from '@writersroom/screenplay';
import PDFDocument from 'pdfkit';
import { courierPrimeFaces, type Face } from './courier-prime.js';

/** What a screenplay PDF shows, already laid out by the pagination engine. */
export interface ScreenplayPdfContent {
  paper: Paper;
  /** The title page's lines (`layOutTitlePage`), printed first, unnumbered. */
  titlePage: readonly PagedLine[];
  /** The script's pages (`paginate`), page 1 after the title page. */
  pages: readonly Page[];
  /** Outline entries, in order; `page` is the number of a page of `pages`. */
  bookmarks: readonly Bookmark[];
  /** Pages printed after the script's, unnumbered, under a bookmark of their own (the comments appendix); none by default. */
  appendix?: { title: string; pages: ReadonlyArray<readonly PagedLine[]> };
  /** The document information dictionary; `date` is both its creation and modification date. */
  info: { title: string; author: string | undefined; date: Date };
}

export interface Bookmark {
  title: string;
  page: number;
}

const POINTS_PER_INCH = 72;
const FONT_SIZE_PT = 12;
const COLUMN_PT = POINTS_PER_INCH / COLUMNS_PER_INCH;
const ROW_PT = POINTS_PER_INCH / ROWS_PER_INCH;
/** The baseline sits three quarters down its 12 pt row, as typewriter Courier did: capitals and descenders stay inside the row. */
const BASELINE_PT = 9;
/** Courier Prime's own underline (its regular face's `post` table): 185/2048 em below the baseline, 130/2048 em thick, used for every face. */
const UNDERLINE_OFFSET_PT = (185 / 2048) * FONT_SIZE_PT;
const UNDERLINE_THICKNESS_PT = (130 / 2048) * FONT_SIZE_PT;
/**
 * Courier Prime's italic faces join `fi`, `fl` and `ffi` into one glyph one
 * column wide, which would pull the rest of the run off the grid: for them,
 * ligatures are off, one glyph per character. The upright faces have no
 * ligatures and get no features: pdfkit lays text without features out
 * from a per-word cache, ten times faster (a 120-page script, 2 s against
 * 0.2 s). fontkit takes the object form, which turns features off;
 * @types/pdfkit lists only the array form.
 */
const NO_LIGATURES = { liga: false, clig: false, dlig: false, calt: false, rlig: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];

/**
 * Draws a laid-out screenplay as a PDF: every line at its place on the
 * grid of PAGINATION.md ([PG2]: `column` × 0.1 in from the left edge,
 * `row` × 12 pt below the 1 in top margin; page numbers at their negative
 * row above it), in Courier Prime 12 pt embedded (only the glyphs used), so
 * every viewer shows the same letters where the engine put them, and as
 * real text, which selects, searches and reads back. Bold and italic pick
 * the face; underline is a line under the run.
 *
 * Courier Prime advances 1228/2048 em, 0.07 % short of the grid's 0.6 em
 * (0.1 in at 12 pt): a character spacing makes up the difference, so the
 * last character of a 60-character line still ends on its column.
 *
 * The same content gives the same bytes: the dates come from `info` and
 * the file's id is derived from them, nothing is random.
 */
export function drawScreenplayPdf(content: ScreenplayPdfContent): Promise<Buffer> {
  const { widthIn, heightIn } = PAPERS[content.paper];
  const doc = new PDFDocument({
    size: [widthIn * POINTS_PER_INCH, heightIn * POINTS_PER_INCH],
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: content.info.title,
      ...(content.info.author === undefined ? {} : { Author: content.info.author }),
      Creator: 'WritersRoom',
      CreationDate: content.info.date,
      ModDate: content.info.date,
    },
  });
  const bytes = collect(doc);
  const faces = courierPrimeFaces();
  for (const face of Object.keys(faces) as Face[]) doc.registerFont(face, faces[face]);
  doc.font('regular').fontSize(FONT_SIZE_PT);
  const characterSpacing = COLUMN_PT - doc.widthOfString('M');

  doc.addPage();
  for (const line of content.titlePage) drawLine(doc, line, characterSpacing);
  let nextBookmark = 0;
  for (const page of content.pages) {
    doc.addPage();
    for (; content.bookmarks[nextBookmark]?.page === page.number; nextBookmark++) {
      // [page /Fit]: the reader lands on the page, whatever it was zoomed to.
      (doc.outline as unknown as OutlineWithOptions).addItem(content.bookmarks[nextBookmark]!.title, { fit: true });
    }
    for (const line of page.lines) drawLine(doc, line, characterSpacing);
  }
  content.appendix?.pages.forEach((lines, index) => {
    doc.addPage();
    if (index === 0) (doc.outline as unknown as OutlineWithOptions).addItem(content.appendix!.title, { fit: true });
    for (const line of lines) drawLine(doc, line, characterSpacing);
  });
  doc.end();
  return bytes;
}

/** pdfkit 0.20's outline takes these options; @types/pdfkit 0.17 does not list them. */
interface OutlineWithOptions {
  addItem(title: string, options: { fit: boolean }): unknown;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawLine(doc: PDFKit.PDFDocument, line: PagedLine, characterSpacing: number): void {
  const baseline = TOP_MARGIN_IN * POINTS_PER_INCH + line.row * ROW_PT + BASELINE_PT;
  for (const run of runsOf(line.text, line.styles)) {
    const x = (line.column + run.from) * COLUMN_PT;
    const text = line.text.slice(run.from, run.to);
    if (text.trim() !== '') {
      doc.font(faceOf(run.style)).text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing, features: run.style.italic ? NO_LIGATURES : undefined });
    }
    if (run.style.underline) {
      doc.rect(x, baseline + UNDERLINE_OFFSET_PT, text.length * COLUMN_PT, UNDERLINE_THICKNESS_PT).fill();
    }
  }
}

/** The line cut into runs of one style each, plain between the spans. */
function runsOf(text: string, styles: readonly StyleSpan[]): Array<{ from: number; to: number; style: TextStyle }> {
  const runs: Array<{ from: number; to: number; style: TextStyle }> = [];
  let at = 0;
  for (const span of [...styles].sort((a, b) => a.from - b.from)) {
    if (span.from > at) runs.push({ from: at, to: span.from, style: {} });
    runs.push({ from: Math.max(at, span.from), to: span.to, style: span.style });
    at = Math.max(at, span.to);
  }
  if (at < text.length || runs.length === 0) runs.push({ from: at, to: text.length, style: {} });
  return runs;
}

function faceOf(style: TextStyle): Face {
  if (style.bold) return style.italic ? 'boldItalic' : 'bold';
  return style.italic ? 'italic' : 'regular';
}
