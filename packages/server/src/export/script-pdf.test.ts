import { paginate, printableScriptOf, type LayoutBlock, type Page, type Paper } from '@writersroom/screenplay';
import { describe, expect, it } from 'vitest';
import { createScreenplayFixture } from '../../../../bench/src/screenplay-fixture.js';
import { pagesText, pdfInfo, pdfOutline, popplerAvailable } from '../../test/support/poppler.js';
import { scriptPdf } from './script-pdf.js';

const row = { title: 'The Long Night', updatedAt: new Date('2025-05-01T12:00:00Z') };
const block = (type: LayoutBlock['type'], text: string, extra: Partial<LayoutBlock> = {}): LayoutBlock => ({ type, text, styles: [], ...extra });
const collapse = (text: string) => text.trim().replace(/\s+/g, ' ');

/** The engine's first body row of a page, its lines left to right, as pdftotext reads a row. */
function firstRow(page: Page): string {
  const body = page.lines.filter((line) => line.row >= 0);
  const top = Math.min(...body.map((line) => line.row));
  return collapse(
    body
      .filter((line) => line.row === top)
      .sort((a, b) => a.column - b.column)
      .map((line) => line.text)
      .join(' '),
  );
}

/** The first line of a printed page's text, after its page number. */
function firstPrintedRow(text: string, number: number): string {
  const lines = text.split('\n').map(collapse).filter((line) => line !== '');
  return lines[0] === `${number}.` ? lines[1]! : lines[0]!;
}

describe.skipIf(!popplerAvailable)('scriptPdf', () => {
  for (const paper of ['letter', 'a4'] as Paper[]) {
    it(`breaks the 120-page fixture on ${paper} where the engine breaks it: as many pages, each beginning with the engine's first row`, async () => {
      // Fails if the PDF paginates on its own terms (always Letter, whatever the paper), or if the title page is left out.
      let scene = 0;
      const blocks = printableScriptOf(createScreenplayFixture().doc).blocks.map((element) =>
        element.type === 'sceneHeading' ? { ...element, sceneNumber: String(++scene) } : element,
      );
      const engine = paginate(blocks, { paper });
      const printed = pagesText(await scriptPdf({ blocks, titlePage: {} }, row, paper));
      expect(engine.pages.length).toBeGreaterThan(100);
      expect(printed.length).toBe(engine.pages.length + 1);
      expect(collapse(printed[0]!)).toBe('THE LONG NIGHT');
      const mismatches = engine.pages
        .map((page, index) => ({ page: page.number, engine: firstRow(page), pdf: firstPrintedRow(printed[index + 1]!, page.number) }))
        .filter((entry) => entry.engine !== entry.pdf);
      expect(mismatches).toEqual([]);
    });
  }

  it('takes its Title and Author from the title page, and names a bookmark after each scene with its number', async () => {
    // Fails if the bookmarks lose their scene numbers, or the document's title ignores the title page.
    const blocks = [
      block('sceneHeading', 'INT. KITCHEN - NIGHT', { sceneNumber: '12' }),
      block('action', 'Rain.', { pageBreakBefore: false }),
      block('sceneHeading', 'EXT. STREET - DAY', { pageBreakBefore: true }),
      block('action', 'Sun.'),
    ];
    const pdf = await scriptPdf({ blocks, titlePage: { title: 'The Longest\nNight', authors: 'Ana Writer\nBen Writer' } }, row, 'letter');
    expect(pdfInfo(pdf)).toMatchObject({ Title: 'The Longest Night', Author: 'Ana Writer, Ben Writer', Pages: '3' });
    expect(pdfOutline(pdf)).toEqual([
      { title: '12  INT. KITCHEN - NIGHT', page: 2 },
      { title: 'EXT. STREET - DAY', page: 3 },
    ]);
    const untitled = await scriptPdf({ blocks, titlePage: {} }, row, 'letter');
    expect(pdfInfo(untitled)).toMatchObject({ Title: 'The Long Night' });
    expect(pdfInfo(untitled).Author).toBeUndefined();
  });
});
