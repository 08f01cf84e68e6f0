import { MAX_TITLE_PAGE_FIELD_LENGTH, TITLE_PAGE_LABELS, type TitlePage, type TitlePageField } from '../title-page.js';
import { readTextRuns } from './fdx-text-runs.js';
import type { NoticeLog } from './notice-log.js';
import type { XmlElement } from './xml-tree.js';

type Alignment = 'center' | 'left' | 'right';

/** Lines of the title page that belong together: set the same way, with no blank line between them; a credit or copyright line starts a block of its own. */
interface TextBlock {
  alignment: Alignment;
  lines: string[];
  line: number;
}

/**
 * Final Draft's title page is free text: paragraphs, centred or not, with
 * blank ones between. WritersRoom's has fields. The text is read in blocks
 * (lines set the same way with no blank line between them) and each block
 * goes to a field by where Final Draft's own title page puts it and by what
 * it says:
 *
 * - a block starting "©", "(c)" or "Copyright" is the copyright, wherever it is;
 * - centred blocks, in order: the first is the title (so a page without
 *   one gives its first centred lines as the title); after it, a line
 *   ending in "by" ("Written by", "Screenplay by") is the credit, and the
 *   lines after it (in its block or the next) the authors; a block that is
 *   not a credit is the authors; a block starting "Based on", "Adapted
 *   from" or "Inspired by", and any centred block after the authors, is
 *   the source;
 * - other blocks (Final Draft puts them in the bottom corners): the first
 *   whose first line holds a date, a month or the word draft or revised
 *   is the draft date; right-aligned ones are the notes, left-aligned
 *   ones the contact.
 *
 * Two blocks that land in one field are joined, with a notice; marks are
 * dropped (the fields are plain text), with a notice.
 */
export function readFdxTitlePage(section: XmlElement, notices: NoticeLog): TitlePage {
  const lines: Partial<Record<TitlePageField, string[]>> = {};
  const add = (field: TitlePageField, block: TextBlock, from = 0) => {
    const kept = lines[field];
    if (kept !== undefined) notices.add(`title page lines were added to its ${TITLE_PAGE_LABELS[field].toLowerCase()} (Final Draft's title page is free text, WritersRoom's has fields)`, block.line);
    lines[field] = [...(kept ?? []), ...block.lines.slice(from)];
  };
  for (const block of textBlocks(section, notices)) {
    const first = block.lines[0]!;
    if (isCopyright(first)) add('copyright', block);
    else if (block.alignment === 'center') {
      if (lines.title === undefined) add('title', block);
      else if (lines.credit === undefined && isCredit(first)) {
        add('credit', { ...block, lines: [first] });
        if (block.lines.length > 1) add('authors', block, 1);
      } else if (lines.authors === undefined && !isSource(first)) add('authors', block);
      else add('source', block);
    } else if (lines.draftDate === undefined && isDraftDate(first)) add('draftDate', block);
    else add(block.alignment === 'right' ? 'notes' : 'contact', block);
  }
  const titlePage: TitlePage = {};
  for (const [field, fieldLines] of Object.entries(lines) as Array<[TitlePageField, string[]]>) {
    const value = fieldLines.join('\n');
    if (value.length > MAX_TITLE_PAGE_FIELD_LENGTH) notices.add(`a title page field longer than ${MAX_TITLE_PAGE_FIELD_LENGTH} characters was cut to that length`, section.line);
    titlePage[field] = value.slice(0, MAX_TITLE_PAGE_FIELD_LENGTH);
  }
  return titlePage;
}

/** The title page's text in blocks, in order; blank lines only separate. */
function textBlocks(section: XmlElement, notices: NoticeLog): TextBlock[] {
  const blocks: TextBlock[] = [];
  let open: TextBlock | undefined;
  for (const paragraph of titlePageParagraphs(section, notices)) {
    const alignment = alignmentOf(paragraph.attributes['Alignment']);
    const runs = readTextRuns(paragraph, notices);
    if (runs.some((run) => run.marks !== undefined)) notices.add('bold, italic and underline on the title page are not kept', paragraph.line);
    for (const line of runs.map((run) => run.text ?? '').join('').split('\n')) {
      if (line.trim() === '') open = undefined;
      // Final Draft's own title page sets "Written by" right under the title, with no blank line.
      else if (open !== undefined && open.alignment === alignment && !isCopyright(line) && !(alignment === 'center' && isCredit(line))) open.lines.push(line);
      else blocks.push((open = { alignment, lines: [line], line: paragraph.line }));
    }
  }
  return blocks;
}

function titlePageParagraphs(section: XmlElement, notices: NoticeLog): XmlElement[] {
  const paragraphs: XmlElement[] = [];
  for (const child of section.children) {
    if (typeof child === 'string' || child.name === 'HeaderAndFooter') continue;
    if (child.name !== 'Content') {
      notices.add(`Final Draft's <${child.name}> on the title page is not kept`, child.line);
      continue;
    }
    for (const paragraph of child.children) {
      if (typeof paragraph === 'string') continue;
      if (paragraph.name === 'Paragraph') paragraphs.push(paragraph);
      else notices.add(`Final Draft's <${paragraph.name}> on the title page is not kept`, paragraph.line);
    }
  }
  return paragraphs;
}

function alignmentOf(alignment: string | undefined): Alignment {
  if (alignment === 'Center') return 'center';
  return alignment === 'Right' ? 'right' : 'left';
}

function isCopyright(line: string): boolean {
  const start = line.trimStart().toLowerCase();
  return start.startsWith('©') || start.startsWith('(c)') || start.startsWith('copyright');
}

/** "Written by", "Screenplay by:", "by". */
function isCredit(line: string): boolean {
  const words = line.trim().toLowerCase().replace(/:$/, '').split(/\s+/);
  return words.at(-1) === 'by';
}

function isSource(line: string): boolean {
  const start = line.trimStart().toLowerCase();
  return ['based on', 'adapted from', 'inspired by'].some((opening) => start.startsWith(opening));
}

const MONTH = /\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b/i;
const NUMERIC_DATE = /\b\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?\b/;
const DRAFT_WORD = /\b(draft|revised|revision)\b/i;

/** "1/1/2018", "March 3, 2024", "Second Draft", "Revised 2024-05-01". */
function isDraftDate(line: string): boolean {
  return NUMERIC_DATE.test(line) || MONTH.test(line) || DRAFT_WORD.test(line);
}
