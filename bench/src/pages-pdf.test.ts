import { describe, expect, it } from 'vitest';
import { scriptPdf } from '../../packages/server/src/export/script-pdf.js';
import { embeddedFontBytes } from './pages-pdf.js';

describe('embeddedFontBytes', () => {
  it('finds the embedded Courier Prime programs of a PDF, and only them', async () => {
    const blocks = [{ type: 'action' as const, text: 'Rain. **Bold** words and plain ones.', styles: [{ from: 6, to: 14, style: { bold: true as const } }] }];
    const pdf = await scriptPdf({ blocks, titlePage: {} }, { title: 'Rain', updatedAt: new Date(0) }, 'letter');
    const fonts = embeddedFontBytes(pdf);
    // Fails if the pattern misses the font streams (0) or takes in the page streams too (close to the whole file).
    expect(fonts).toBeGreaterThan(2_000);
    expect(fonts).toBeLessThan(pdf.byteLength * 0.9);
    expect(embeddedFontBytes(Buffer.from('%PDF-1.3\n1 0 obj << /Length 5 >> stream\nhello\nendstream'))).toBe(0);
  });
});
