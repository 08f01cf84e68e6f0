import { MAX_TITLE_PAGE_FIELD_LENGTH, type TitlePage, type TitlePageField } from '@writersroom/screenplay';
import { lineHeight, type ScriptLayout } from './pdf-layout.js';
import type { LineSegment, PdfPage } from './pdf-text-lines.js';

const INCH = 72;
/** Centered text is centered on the action column or on the sheet, to this much. */
const CENTER_TOLERANCE = 0.3 * INCH;
/** Lines of one corner block start at the same place, give or take rounding. */
const SAME_COLUMN_PT = 1;
/** The credit line between the title and the authors. */
const CREDIT = /^(?:(?:written|screenplay|teleplay|story|script|adapted)\b.*\bby|by)$/i;
const DATE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\bdraft\b/i;
const COPYRIGHT = /©|\(c\)|\bcopyright\b|\bregistered\b|\bWGA\b/i;

interface Block {
  lines: string[];
  centered: boolean;
  left: boolean;
  lower: boolean;
}

/**
 * The fields of a title page as Final Draft, afterwriting and WritersRoom
 * lay one out: centered in the upper part the title, a credit ("Written
 * by"), the authors and a source ("Based on …"); at the bottom the draft
 * date, a copyright, and the contact in a corner. Which field a bottom block
 * is is guessed from its words (a date, a © sign); the rest is the contact.
 */
export function readPdfTitlePage(page: PdfPage, layout: ScriptLayout): TitlePage {
  const fields: TitlePage = {};
  const add = (field: TitlePageField, lines: readonly string[]) => {
    const value = [fields[field], ...lines].filter((line) => line !== undefined).join('\n');
    fields[field] = value.slice(0, MAX_TITLE_PAGE_FIELD_LENGTH);
  };
  const blocks = blocksOf(page, layout);
  const centred = blocks.filter((block) => block.centered && !block.lower);
  let next: TitlePageField = 'title';
  for (const block of centred) {
    if (next === 'title') {
      add('title', block.lines);
      next = 'authors';
    } else if (block.lines.length === 1 && CREDIT.test(block.lines[0]!)) {
      add('credit', block.lines);
      next = 'authors';
    } else {
      add(next, block.lines);
      next = 'source';
    }
  }
  const corners = blocks.filter((block) => !centred.includes(block));
  const hasLeftCorner = corners.some((block) => block.left);
  for (const block of corners) {
    for (const line of block.lines) {
      if (DATE.test(line) && fields.draftDate === undefined) add('draftDate', [line]);
      else if (COPYRIGHT.test(line)) add('copyright', [line]);
      else add(block.left || !hasLeftCorner ? 'contact' : 'notes', [line]);
    }
  }
  return fields;
}

/** The page's text in blocks: segments one under the other at the same alignment, with no blank line between. */
function blocksOf(page: PdfPage, layout: ScriptLayout): Block[] {
  const blocks: Array<Block & { bottom: number; x: number }> = [];
  for (const line of page.lines) {
    for (const segment of line.segments) {
      const centered = isCentered(segment, page, layout);
      const left = (segment.x + segment.right) / 2 < page.width / 2;
      const open = blocks.find(
        (block) => block.centered === centered && (centered || Math.abs(block.x - segment.x) <= SAME_COLUMN_PT) && line.top - block.bottom > 0 && line.top - block.bottom < 1.5 * lineHeight(line),
      );
      if (open) {
        open.lines.push(segment.text);
        open.bottom = line.top;
      } else blocks.push({ lines: [segment.text], centered, left, lower: line.top > page.height * 0.6, bottom: line.top, x: segment.x });
    }
  }
  return blocks;
}

function isCentered(segment: LineSegment, page: PdfPage, layout: ScriptLayout): boolean {
  const middle = (segment.x + segment.right) / 2;
  return Math.abs(middle - page.width / 2) <= CENTER_TOLERANCE || Math.abs(middle - (layout.action + 3 * INCH)) <= CENTER_TOLERANCE;
}
