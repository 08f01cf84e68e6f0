import type { TitlePage, TitlePageField } from '../title-page.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';

type Alignment = 'Center' | 'Left' | 'Right';

/**
 * Where Final Draft's default title page puts things, counted in lines of
 * 12 pt on its 54-line page: the title a third of the way down the sheet
 * (as WritersRoom's PDF does, pages/title-page-layout.ts), the corner blocks
 * ending a few lines above the bottom margin, so that a line Final Draft
 * wraps cannot push the page onto a second one.
 */
const TITLE_LINE = 16;
const LAST_CORNER_LINE = 50;

/** Blank lines before each centred field, as on Final Draft's and WritersRoom's title pages. */
const CENTRED: ReadonlyArray<{ field: TitlePageField; gap: number }> = [
  { field: 'title', gap: 0 },
  { field: 'credit', gap: 1 },
  { field: 'authors', gap: 1 },
  { field: 'source', gap: 2 },
];
/** The bottom right corner, one blank line apart; the contact goes bottom left, below them. */
const RIGHT_CORNER: readonly TitlePageField[] = ['draftDate', 'copyright', 'notes'];

/**
 * The title page as Final Draft's `<TitlePage>`: free paragraphs laid out
 * as its own title page is, which read-fdx-title-page.ts reads back into
 * the same fields. Centred: the title, the credit ("Written by"), the
 * authors, the source. Then the draft date, copyright and notes set right,
 * and the contact set left at the bottom (Final Draft's paragraphs follow
 * one another, so the two corners are stacked rather than side by side).
 * Every line of a field is a paragraph; blank lines inside a field are
 * left out, since a blank line is what separates fields. `fallbackTitle`
 * stands in for a title that is not set. Nothing at all for an empty page.
 */
export function titlePageXml(titlePage: TitlePage, fallbackTitle?: string): string[] {
  const page: TitlePage = titlePage.title === undefined && fallbackTitle !== undefined ? { ...titlePage, title: fallbackTitle } : titlePage;
  const centred: Array<string | undefined> = [];
  for (const { field, gap } of CENTRED) {
    const lines = linesOf(page[field]);
    if (lines.length === 0) continue;
    if (centred.length > 0) centred.push(...blankLines(gap));
    centred.push(...lines.map((line) => paragraph('Center', line)));
  }
  const corners: Array<string | undefined> = [];
  for (const field of RIGHT_CORNER) {
    const lines = linesOf(page[field]);
    if (lines.length === 0) continue;
    if (corners.length > 0) corners.push(undefined);
    corners.push(...lines.map((line) => paragraph('Right', line)));
  }
  const contact = linesOf(page.contact);
  if (contact.length > 0) {
    if (corners.length > 0) corners.push(undefined);
    corners.push(...contact.map((line) => paragraph('Left', line)));
  }
  if (centred.length === 0 && corners.length === 0) return [];
  const above = centred.length > 0 ? TITLE_LINE : 0;
  const between = corners.length > 0 ? Math.max(1, LAST_CORNER_LINE - above - centred.length - corners.length) : 0;
  const lines = [...blankLines(above), ...centred, ...blankLines(between), ...corners].map((line) => line ?? paragraph('Left', ''));
  return ['<TitlePage>', '  <Content>', ...lines.map((line) => `    ${line}`), '  </Content>', '</TitlePage>'];
}

/** A field's lines, blank ones left out. */
function linesOf(value: string | undefined): string[] {
  return (value ?? '').split('\n').filter((line) => line.trim() !== '');
}

function blankLines(count: number): undefined[] {
  return Array.from({ length: count }, () => undefined);
}

function paragraph(alignment: Alignment, text: string): string {
  return `<Paragraph Alignment="${escapeXmlAttribute(alignment)}"><Text>${escapeXmlText(text)}</Text></Paragraph>`;
}
