import {
  countElements,
  isStorableText,
  parseProsemirrorDocument,
  ScriptFormatError,
  type ImportedScript,
  type ProsemirrorJson,
  type ProsemirrorNodeJson,
  type TitlePage,
} from '@writersroom/screenplay';
import { elementsOf, type ReadElement } from './pdf-elements.js';
import { inferLayout } from './pdf-layout.js';
import { classifyPage, type ClassifiedLine } from './pdf-line-classes.js';
import { PdfNotices } from './pdf-notices.js';
import { withoutPageFurniture } from './pdf-page-furniture.js';
import { readPdfPages, type PdfPage } from './pdf-text-lines.js';
import { readPdfTitlePage } from './pdf-title-page.js';

/**
 * Fewer letters than this in the whole file is no text layer worth reading:
 * a scan, maybe with a stamped page number (digits, a dot). Counted over the
 * file, not per page: a one-scene script behind a title page is short, not a scan.
 */
const MIN_LETTERS = 10;
/** A screenplay whose lines mostly fit no column is not one: at most this share may become action for want of a rule. */
const MAX_UNCLASSIFIED_SHARE = 0.5;
/** How many unclassified lines the notices quote. */
const QUOTED_UNCLASSIFIED = 5;
const QUOTE_LENGTH = 60;
/** A title page holds a few blocks of a few lines; a page of script holds fifty. */
const MAX_TITLE_PAGE_LINES = 30;
/** Line kinds only a screenplay has: a page without any is not a script page (a title page, or no script at all). */
const SCREENPLAY_KINDS: ReadonlySet<string> = new Set(['sceneHeading', 'character', 'dialogue', 'parenthetical']);

/**
 * Reads a screenplay PDF (Final Draft's, Highland's, afterwriting's,
 * WritersRoom's own) back into a script: the text of each page with its
 * positions (pdf-text-lines.ts), without page numbers, headers and
 * CONTINUED lines (pdf-page-furniture.ts), each line read as an element by
 * where it starts, measured against the columns this PDF uses
 * (pdf-layout.ts, pdf-line-classes.ts), wrapped lines and speeches split by
 * page breaks joined (pdf-elements.ts), and a first page with no script
 * lines read as the title page (pdf-title-page.ts).
 *
 * A PDF holds no element types, only where text is printed: general text
 * prints like action and lyrics like dialogue, so they come back as those;
 * bold, italic and underline are not read. The report says, per page, how
 * sure the reading is and which lines fitted no rule (they became action).
 *
 * @throws ScriptFormatError('pdf', …) in plain words when the file is not a
 *   PDF, is damaged, cut off or password protected, has no text (a scan),
 *   or does not look like a screenplay.
 */
export async function importPdf(bytes: Uint8Array): Promise<ImportedScript> {
  const pages = await readPdfPages(bytes);
  requireText(pages);
  const notices = new PdfNotices();
  const printed = withoutPageFurniture(pages, notices);
  const layout = inferLayout(printed);
  const classified = printed.map((page) => classifyPage(page, layout));
  const titlePageIndex = hasTitlePage(classified) ? 0 : -1;
  const titlePage: TitlePage = titlePageIndex === 0 ? readPdfTitlePage(printed[0]!, layout) : {};
  if (titlePageIndex === 0) notices.add('the first page was read as the title page');
  const scriptLines = classified.filter((_, index) => index !== titlePageIndex).flat();
  requireScreenplay(scriptLines);
  noteUnclassified(scriptLines, notices);
  notices.add('revision marks (*) in the margin were left out', scriptLines.find((line) => line.revised)?.page, scriptLines.filter((line) => line.revised).length);
  const elements = elementsOf(scriptLines, notices);
  const doc = parseProsemirrorDocument({ type: 'doc', content: elements.map((element) => nodeOf(element, notices)) });
  return {
    document: doc.toJSON() as ProsemirrorJson,
    titlePage,
    report: {
      format: 'pdf',
      elements: countElements(doc),
      titlePageFields: Object.keys(titlePage).length,
      notices: notices.list(),
      pages: classified.map((lines, index) => pageConfidence(pages[index]!.number, index === titlePageIndex ? [] : lines)),
    },
  };
}

function requireText(pages: readonly PdfPage[]): void {
  let letters = 0;
  for (const page of pages) for (const line of page.lines) for (const segment of line.segments) letters += segment.text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) {
    throw new ScriptFormatError('pdf', 'This PDF has no text to read; it may be a scanned image. Import a PDF saved from a writing program, or run text recognition (OCR) on it first.');
  }
}

/**
 * A title page is a first page without scene headings or speeches, ahead of
 * pages that have them, sparse, and opening with a centered line (the
 * title): a first page of action alone is the script's.
 */
function hasTitlePage(pages: readonly ClassifiedLine[][]): boolean {
  const first = pages[0] ?? [];
  return (
    pages.length > 1 &&
    first.length <= MAX_TITLE_PAGE_LINES &&
    first[0]?.kind === 'centered' &&
    !first.some((line) => SCREENPLAY_KINDS.has(line.kind))
  );
}

/**
 * Refuses what has neither a character cue nor a scene heading (prose, a
 * letter, a form), and what has one by chance but most of whose lines are
 * printed where no screenplay element goes (a newsletter in columns).
 */
function requireScreenplay(lines: readonly ClassifiedLine[]): void {
  const hasScriptLines = lines.some((line) => line.kind === 'character' || line.kind === 'sceneHeading');
  const unclassified = lines.filter((line) => !line.clear).length;
  if (!hasScriptLines || unclassified > lines.length * MAX_UNCLASSIFIED_SHARE) {
    throw new ScriptFormatError('pdf', 'This PDF does not look like a screenplay: it has no scene headings and no character names above dialogue, and its lines are not laid out at the indents screenplays use.');
  }
}

function noteUnclassified(lines: readonly ClassifiedLine[], notices: PdfNotices): void {
  const unclassified = lines.filter((line) => !line.clear);
  if (unclassified.length === 0) return;
  const quoted = unclassified
    .slice(0, QUOTED_UNCLASSIFIED)
    .map((line) => `page ${line.page}: "${line.text.length > QUOTE_LENGTH ? `${line.text.slice(0, QUOTE_LENGTH)}…` : line.text}"`)
    .join('; ');
  notices.add(`lines printed where no screenplay element goes became action; check them: ${quoted}`, undefined, unclassified.length);
}

function pageConfidence(page: number, lines: readonly ClassifiedLine[]): { page: number; confidence: number; unclassified: number } {
  const unclassified = lines.filter((line) => !line.clear).length;
  return { page, confidence: lines.length === 0 ? 1 : (lines.length - unclassified) / lines.length, unclassified };
}

function nodeOf(element: ReadElement, notices: PdfNotices): ProsemirrorNodeJson {
  const text = storable(element.text, element.page, notices);
  return {
    type: element.type,
    ...(element.sceneNumber ? { attrs: { sceneNumber: storable(element.sceneNumber, element.page, notices) } } : {}),
    ...(text === '' ? {} : { content: [{ type: 'text', text }] }),
  };
}

/** Text without characters the storage refuses (control characters a PDF's text layer may hold). */
function storable(text: string, page: number, notices: PdfNotices): string {
  if (isStorableText(text)) return text;
  notices.add('characters that cannot be stored (control characters) were left out', page);
  return Array.from(text)
    .filter((character) => isStorableText(character))
    .join('');
}
