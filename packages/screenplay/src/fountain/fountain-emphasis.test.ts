import { describe, expect, it } from 'vitest';
import type { StyleSpan, TextStyle } from '../pages/layout-block.js';
import { emphasisLines } from './fountain-emphasis.js';

const span = (from: number, to: number, style: TextStyle): StyleSpan => ({ from, to, style });
const written = (text: string, styles: StyleSpan[] = []) => emphasisLines(text, styles).map((line) => line.written);

describe('Fountain emphasis', () => {
  it('writes each mark and each combination of marks the way Fountain reads them, underline outside', () => {
    const text = 'a b c d e f g';
    const styles = [
      span(0, 1, { italic: true }),
      span(2, 3, { bold: true }),
      span(4, 5, { underline: true }),
      span(6, 7, { bold: true, italic: true }),
      span(8, 9, { bold: true, underline: true }),
      span(10, 11, { italic: true, underline: true }),
      span(12, 13, { bold: true, italic: true, underline: true }),
    ];
    // Breaks if the underline goes inside the asterisks (`**_b_**`): fountain-js then reads no bold underline.
    expect(written(text, styles)).toEqual(['*a* **b** _c_ ***d*** _**e**_ _*f*_ _***g***_']);
  });

  it('keeps spaces at the edges of a marked run outside its markers, where emphasis can neither begin nor end', () => {
    // Breaks if the run is wrapped whole: `* quietly *` is no emphasis to any reader.
    expect(written('say quietly now', [span(3, 12, { italic: true })])).toEqual(['say *quietly* now']);
  });

  it('writes one pair of markers for side-by-side spans with the same marks', () => {
    // Breaks without merging: `**bo****ld**` reads as two bolds or as literal asterisks.
    expect(written('bold', [span(0, 2, { bold: true }), span(2, 4, { bold: true })])).toEqual(['**bold**']);
  });

  it('closes emphasis at each line break, which emphasis does not cross in Fountain', () => {
    // Breaks if lines are split after the markers are written: `*one` / `two*` is no emphasis.
    expect(written('one\ntwo', [span(0, 7, { italic: true })])).toEqual(['*one*', '*two*']);
  });

  it('escapes literal asterisks and underscores', () => {
    // Breaks without the escape: `*9765*` would print in italics without its asterisks.
    expect(written('the code is *9765* in file_name')).toEqual(['the code is \\*9765\\* in file\\_name']);
  });

  it('escapes a backslash only where punctuation follows it, as Markdown reads escapes', () => {
    // Breaks if every backslash is doubled (C:\\dir prints two) or none is (`\.` prints a period alone).
    expect(written('C:\\dir and \\. and \\')).toEqual(['C:\\dir and \\\\. and \\']);
    // A literal backslash before a literal asterisk: both escaped.
    expect(written('\\*')).toEqual(['\\\\\\*']);
    // A literal backslash before an emphasis marker.
    expect(written('a\\b', [span(2, 3, { bold: true })])).toEqual(['a\\\\**b**']);
  });

  it('never writes a slash against an emphasis asterisk, where it would open or close a comment (boneyard)', () => {
    // Breaks if the slash before an opening marker stays there: `and/*or*` opens a comment that hides the script.
    expect(written('and/or', [span(4, 6, { italic: true })])).toEqual(['and*\\/or*']);
    // Breaks if the slash stays inside before the closing marker (`*either/*`).
    expect(written('either/', [span(0, 7, { italic: true })])).toEqual(['*either*\\/']);
    expect(written('a / b', [span(2, 3, { bold: true })])).toEqual(['a / b']);
    expect(written('*/')).toEqual(['\\*\\/']);
  });

  it('gives each line as written and as a reader prints it', () => {
    expect(emphasisLines('*x*\ny', [span(1, 2, { bold: true })])).toEqual([
      { written: '\\***x**\\*', plain: '*x*' },
      { written: 'y', plain: 'y' },
    ]);
  });
});
