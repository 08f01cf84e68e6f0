import type { PrintableScript } from '@writersroom/screenplay';
import { scriptPdf } from '../../packages/server/src/export/script-pdf.js';

export interface PdfFigures {
  /** Per run: the PDF of the whole script, laid out and drawn, ms. */
  ms: number[];
  bytes: number;
  /** Bytes of the embedded font programs (Courier Prime's subsets), of `bytes`. */
  fontBytes: number;
}

/** Runs of the PDF export: each takes a few hundred milliseconds. */
const WARMUP = 3;

/**
 * The server's own PDF export of `script` (`scriptPdf`, what REST and the CLI
 * call), timed in this process: the engine's layout and pdfkit's drawing,
 * not the read of the document.
 */
export async function measurePdf(script: Pick<PrintableScript, 'blocks' | 'titlePage'>, runs: number): Promise<PdfFigures> {
  const row = { title: 'The Long Night', updatedAt: new Date(Date.UTC(2024, 5, 1)) };
  let pdf = await scriptPdf(script, row, 'letter');
  for (let run = 1; run < WARMUP; run++) pdf = await scriptPdf(script, row, 'letter');
  const ms: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    pdf = await scriptPdf(script, row, 'letter');
    ms.push(performance.now() - started);
  }
  return { ms, bytes: pdf.byteLength, fontBytes: embeddedFontBytes(pdf) };
}

/**
 * The stored size of the embedded font programs: the streams a font
 * descriptor names as its `/FontFile2` (TrueType), summed by their `/Length`.
 */
export function embeddedFontBytes(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  let total = 0;
  for (const [, object] of text.matchAll(/\/FontFile2 (\d+) 0 R/g)) {
    const dictionary = new RegExp(`(?:^|\\s)${object} 0 obj\\s*<<([^>]*)>>\\s*stream`).exec(text)?.[1];
    total += Number(/\/Length (\d+)/.exec(dictionary ?? '')?.[1] ?? 0);
  }
  return total;
}
