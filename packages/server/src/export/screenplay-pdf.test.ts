import { paginate, type LayoutBlock, type PagedLine } from '@writersroom/screenplay';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { pageGrey, pageText, pageWords, pdfFonts, pdfInfo, pdfOutline, popplerAvailable } from '../../test/support/poppler.js';
import { courierPrimeFaces, type Face } from './courier-prime.js';
import { drawScreenplayPdf, type ScreenplayPdfContent } from './screenplay-pdf.js';

const POINTS_PER_COLUMN = 7.2;
const STYLES = [{}, { bold: true }, { italic: true }, { bold: true, italic: true }] as const;
const info = { title: 'The Long Night', author: 'Ana Writer, Ben Writer', date: new Date('2025-05-01T12:00:00Z') };
const text = (row: number, column: number, value: string, styles: PagedLine['styles'] = []): PagedLine => ({ kind: 'text', row, column, text: value, styles });
const content = (lines: PagedLine[], extra: Partial<ScreenplayPdfContent> = {}): ScreenplayPdfContent => ({
  paper: 'letter',
  titlePage: [text(16, 40, 'THE LONG NIGHT')],
  pages: [{ number: 1, lines, start: { block: 0, offset: 0 } }],
  bookmarks: [],
  info,
  ...extra,
});

describe('Courier Prime', () => {
  it('advances 1228/2048 em for every character in every face: 0.6 em to 0.07 %, so a character spacing of 0.0047 pt keeps 0.1 in at 12 pt', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    const faces = courierPrimeFaces();
    const characters = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), ...'éàüßçñœ“”‘’—–…€'];
    for (const face of Object.keys(faces) as Face[]) {
      doc.registerFont(face, faces[face]).font(face).fontSize(12);
      const widths = new Set(characters.map((character) => doc.widthOfString(character)));
      expect([face, [...widths]]).toEqual([face, [(12 * 1228) / 2048]]);
    }
    expect(Math.abs((12 * 1228) / 2048 - POINTS_PER_COLUMN)).toBeLessThan(0.005);
  });
});

describe.skipIf(!popplerAvailable)('drawScreenplayPdf', () => {
  it('puts every word on the grid: column × 0.1 in from the left edge, the baseline 9 pt into row × 12 pt below the 1 in margin, to the end of a 60-character line', async () => {
    // Fails if the character spacing is dropped (the last word of the line lands 0.28 pt short), if ligatures are left on
    // (the italic faces join "fi": the words after it land a column early, in every face that has them), or if a row or
    // column is scaled wrong.
    const sixty = Array.from({ length: 30 }, () => 'x').join(' ');
    const ligatures = 'fifty official affairs end';
    const pdf = await drawScreenplayPdf(
      content([
        text(0, 15, sixty.slice(0, 58) + 'xy'),
        ...STYLES.map((style, index) => text(2 + index, 15, ligatures, [{ from: 0, to: ligatures.length, style }])),
        text(10, 37, 'MARA'),
        text(-3, 73, '2.'),
      ]),
    );
    const words = pageWords(pdf, 2);
    const last = words.find((word) => word.text === 'xy')!;
    expect(last.xMin).toBeCloseTo((15 + 58) * POINTS_PER_COLUMN, 2);
    const ends = words.filter((word) => word.text === 'end');
    expect(ends.map((word) => word.xMin)).toEqual(STYLES.map(() => expect.closeTo((15 + ligatures.indexOf('end')) * POINTS_PER_COLUMN, 2)));
    const mara = words.find((word) => word.text === 'MARA')!;
    expect(mara.xMin).toBeCloseTo(37 * POINTS_PER_COLUMN, 2);
    // pdftotext's box starts at the font's ascent (1600/2048 em) above the baseline.
    expect(mara.yMin).toBeCloseTo(72 + 10 * 12 + 9 - (12 * 1600) / 2048, 2);
    const pageNumber = words.find((word) => word.text === '2.')!;
    expect([pageNumber.xMin, pageNumber.yMin]).toEqual([expect.closeTo(73 * POINTS_PER_COLUMN, 2), expect.closeTo(72 - 3 * 12 + 9 - (12 * 1600) / 2048, 2)]);
  });

  it('prints bold, italic and underline with the faces and a line, and the text reads back unchanged', async () => {
    // Fails if a run is drawn in the wrong face, or if runs split or repeat characters (the text would read back changed).
    const styled = text(0, 15, 'RAIN HAMMERS the window ONE TWO.', [
      { from: 5, to: 12, style: { bold: true } },
      { from: 13, to: 16, style: { italic: true } },
      { from: 17, to: 23, style: { bold: true, italic: true } },
      { from: 24, to: 27, style: { underline: true } },
    ]);
    const pdf = await drawScreenplayPdf(content([styled]));
    expect(pageText(pdf, 2).trim()).toBe('RAIN HAMMERS the window ONE TWO.');
    const fonts = pdfFonts(pdf);
    for (const name of ['CourierPrime-Regular', 'CourierPrime-Bold', 'CourierPrime-Italic', 'CourierPrime-BoldItalic']) {
      // Embedded (emb yes), subset (sub yes), with a ToUnicode map (uni yes): text that selects and searches.
      expect(fonts).toMatch(new RegExp(`\\+${name}\\s+CID TrueType\\s+Identity-H\\s+yes yes yes`));
    }
  });

  it('draws the underline under the underlined run only', async () => {
    // Fails if underline is ignored, or drawn under the whole line.
    const pdf = await drawScreenplayPdf(content([text(0, 15, 'ONE TWO THREE', [{ from: 4, to: 7, style: { underline: true } }])]));
    const grey = pageGrey(pdf, 2, 144);
    const scale = 144 / 72;
    // Courier Prime's underline: 1.08 pt to 1.84 pt below the baseline (81 pt from the top on row 0).
    const y = (81 + 1.46) * scale;
    const darkAcross = (fromColumn: number, toColumn: number) => {
      let dark = 0;
      for (let x = fromColumn * POINTS_PER_COLUMN * scale + 2; x < toColumn * POINTS_PER_COLUMN * scale - 2; x++) if (grey.at(x, y) < 128) dark++;
      return dark / ((toColumn - fromColumn) * POINTS_PER_COLUMN * scale - 4);
    };
    expect(darkAcross(19, 22)).toBeGreaterThan(0.95);
    expect(darkAcross(15, 18)).toBe(0);
    expect(darkAcross(23, 28)).toBe(0);
  });

  it('gives the same bytes for the same content', async () => {
    // Fails if the creation date is left to pdfkit (the time of the export), which also changes the file's id.
    const lines = paginate([block('sceneHeading', 'INT. KITCHEN - NIGHT'), block('action', 'Rain.')]).pages[0]!.lines;
    const first = await drawScreenplayPdf(content(lines, { bookmarks: [{ title: '1  INT. KITCHEN - NIGHT', page: 1 }] }));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await drawScreenplayPdf(content(lines, { bookmarks: [{ title: '1  INT. KITCHEN - NIGHT', page: 1 }] }));
    expect(Buffer.compare(first, second)).toBe(0);
  });

  it('carries the title, author and creator, the paper size, and one bookmark per scene pointing at its page after the title page', async () => {
    // Fails if a bookmark is added before its page exists (it would point at the page before), or the info is not passed on.
    const pages = [1, 2, 3].map((number) => ({ number, lines: [text(0, 15, `Page ${number}.`)], start: { block: 0, offset: 0 } }));
    const bookmarks = [
      { title: '1  INT. KITCHEN - NIGHT', page: 1 },
      { title: '2  EXT. STREET - DAY', page: 1 },
      { title: 'INT. CAR - NIGHT', page: 3 },
    ];
    const letter = await drawScreenplayPdf(content([], { pages, bookmarks }));
    expect(pdfInfo(letter)).toMatchObject({ Title: 'The Long Night', Author: 'Ana Writer, Ben Writer', Creator: 'WritersRoom', Pages: '4', 'Page size': '612 x 792 pts (letter)' });
    expect(pdfOutline(letter)).toEqual([
      { title: '1  INT. KITCHEN - NIGHT', page: 2 },
      { title: '2  EXT. STREET - DAY', page: 2 },
      { title: 'INT. CAR - NIGHT', page: 4 },
    ]);
    const a4 = await drawScreenplayPdf(content([], { pages, bookmarks, paper: 'a4' }));
    expect(pdfInfo(a4)['Page size']).toMatch(/\(A4\)$/);
  });
});

function block(type: LayoutBlock['type'], value: string): LayoutBlock {
  return { type, text: value, styles: [] };
}
