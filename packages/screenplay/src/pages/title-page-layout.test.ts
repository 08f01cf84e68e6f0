import { describe, expect, it } from 'vitest';
import type { TitlePage } from '../title-page.js';
import { PAPERS } from './page-geometry.js';
import type { PagedLine } from './paginate.js';
import { layOutTitlePage } from './title-page-layout.js';

const layOut = (titlePage: TitlePage, paper: 'letter' | 'a4' = 'letter') => layOutTitlePage(titlePage, { paper, fallbackTitle: 'Untitled Script' });
const at = (lines: PagedLine[], text: string) => lines.find((line) => line.text === text);
/** Where a line ends: its first column plus its length. */
const endColumn = (line: PagedLine | undefined) => (line ? line.column + line.text.length : undefined);

describe('the title page', () => {
  it('centres the title in capitals a third down the sheet, the credit, authors and source under it', () => {
    const lines = layOut({ title: 'The Long Night', credit: 'Written by', authors: 'Ana Writer\nBen Writer', source: 'Based on the novel by Cal Writer' });
    // A third of 11 in is 3.67 in: 2.67 in below the 1 in top margin, row 16 at 6 rows an inch.
    expect(lines.map((line) => [line.row, line.text])).toEqual([
      [16, 'THE LONG NIGHT'],
      [18, 'Written by'],
      [20, 'Ana Writer'],
      [21, 'Ben Writer'],
      [24, 'Based on the novel by Cal Writer'],
    ]);
    // Centred in the action column, 1.5 in to 7.5 in (middle at column 45).
    for (const line of lines) expect(line.column * 2 + line.text.length).toBeGreaterThanOrEqual(89);
    for (const line of lines) expect(line.column * 2 + line.text.length).toBeLessThanOrEqual(90);
  });

  it('puts the contact at the bottom left and the draft date, copyright and notes at the bottom right, ending on the last body row', () => {
    const lines = layOut({ title: 'T', contact: 'Agent Smith\n555 0100', draftDate: 'First draft, May 2025', copyright: '(c) 2025 Ana Writer', notes: 'Revised pages' });
    const last = PAPERS.letter.bodyRows - 1;
    expect(at(lines, 'Agent Smith')).toMatchObject({ row: last - 1, column: 15 });
    expect(at(lines, '555 0100')).toMatchObject({ row: last, column: 15 });
    expect([at(lines, 'First draft, May 2025')?.row, at(lines, '(c) 2025 Ana Writer')?.row, at(lines, 'Revised pages')?.row]).toEqual([last - 4, last - 2, last]);
    for (const text of ['First draft, May 2025', '(c) 2025 Ana Writer', 'Revised pages']) expect(endColumn(at(lines, text))).toBe(75);
  });

  it('prints the script name alone when the title page holds nothing, and when its title is not set', () => {
    expect(layOut({}).map((line) => line.text)).toEqual(['UNTITLED SCRIPT']);
    expect(layOut({ authors: 'Ana Writer' }).map((line) => line.text)).toEqual(['UNTITLED SCRIPT', 'Ana Writer']);
    expect(layOut({ authors: 'Ana Writer' })[1]?.row).toBe(18);
  });

  it('wraps the corner blocks at half the action column, so they never meet', () => {
    const long = 'A very long address line that goes on past thirty characters';
    const lines = layOut({ contact: long, draftDate: long });
    const left = lines.filter((line) => line.column === 15);
    const right = lines.filter((line) => line.row > 20 && line.column !== 15);
    expect(Math.max(...left.map((line) => line.text.length))).toBeLessThanOrEqual(30);
    expect(Math.max(...left.map(endColumn) as number[])).toBeLessThanOrEqual(45);
    expect(Math.min(...right.map((line) => line.column))).toBeGreaterThanOrEqual(45);
  });

  it('keeps to one page: the centred block moves up for tall corner blocks, and what still does not fit is left out from the end', () => {
    const rows = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word} ${i}`).join('\n');
    const lines = layOut({ title: 'T', authors: rows(5, 'Author'), contact: rows(80, 'Line') });
    const bodyRows = PAPERS.letter.bodyRows;
    expect(Math.max(...lines.map((line) => line.row))).toBe(bodyRows - 1);
    expect(Math.min(...lines.map((line) => line.row))).toBe(0);
    expect(at(lines, 'Line 0')).toBeDefined();
    expect(at(lines, 'Line 79')).toBeUndefined();
    // No two lines share a row where they could overlap.
    const contact = lines.filter((line) => line.text.startsWith('Line'));
    const centred = lines.filter((line) => !line.text.startsWith('Line'));
    expect(Math.min(...contact.map((line) => line.row))).toBeGreaterThan(Math.max(...centred.map((line) => line.row)));
  });

  it('sets the title a third down the taller A4 sheet too', () => {
    // 11.69 in / 3 = 3.90 in: 2.90 in below the top margin, row 17.
    expect(layOut({ title: 'T' }, 'a4')[0]?.row).toBe(17);
  });
});
