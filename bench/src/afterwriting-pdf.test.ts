import { describe, expect, it } from 'vitest';
import { pagesOfPdfinfo } from './afterwriting-pdf.js';

describe("afterwriting's PDF export", () => {
  it("reads the page count from pdfinfo's report", () => {
    expect(pagesOfPdfinfo('Producer:        PDFKit\nPages:           120\nEncrypted:       no\n')).toBe(120);
    expect(() => pagesOfPdfinfo('Syntax Error: not a PDF')).toThrow(/no page count/);
  });
});
