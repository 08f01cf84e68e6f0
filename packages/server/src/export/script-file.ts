import { fountainOfBlocks, writeFdx, type ExportedThread, type Paper, type PrintableScript } from '@writersroom/screenplay';
import type { ScriptRow } from './script-pdf.js';

/** The files a script exports as. */
export const EXPORT_FORMATS = ['pdf', 'fountain', 'fdx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A script as a file: its bytes, media type and file name extension. */
export interface ScriptFile {
  bytes: Uint8Array;
  mediaType: string;
  extension: string;
}

/**
 * The script in `format`, the same for the REST route and the CLI: the PDF
 * of its pages (`paper`), or its Fountain or Final Draft text. `comments`,
 * only when asked for, go in as each format holds them: Fountain notes,
 * FDX ScriptNotes, a PDF appendix. pdfkit and its font engine take a few
 * hundred ms to load: only the PDF pays for them.
 */
export async function scriptFile(format: ExportFormat, script: PrintableScript, row: ScriptRow, paper: Paper, comments?: readonly ExportedThread[]): Promise<ScriptFile> {
  switch (format) {
    case 'pdf': {
      const { scriptPdf } = await import('./script-pdf.js');
      return { bytes: await scriptPdf(script, row, paper, comments), mediaType: 'application/pdf', extension: 'pdf' };
    }
    case 'fountain':
      return { bytes: utf8(fountainOfBlocks(script.blocks, script.titlePage, { comments })), mediaType: 'text/plain; charset=utf-8', extension: 'fountain' };
    case 'fdx':
      return { bytes: utf8(writeFdx(script.document, script.titlePage, { comments })), mediaType: 'application/xml; charset=utf-8', extension: 'fdx' };
  }
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
