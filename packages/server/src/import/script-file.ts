import {
  parseFdx,
  parseFountain,
  ScriptFormatError,
  type ImportedScript,
  type ScriptFormat,
} from '@writersroom/screenplay';
import { WritersRoomError } from '../errors.js';

/**
 * Largest file of each format an import reads (README, "Scripts in and
 * out"): a 120-page feature is about 180 KB of Fountain, 600 KB of FDX and
 * 250 KB of PDF; these leave room for the longest scripts and their title
 * pages, and bound what one request can make the server parse.
 */
export const IMPORT_LIMIT_BYTES: Readonly<Record<ScriptFormat, number>> = {
  fountain: 2 * 1024 * 1024,
  fdx: 8 * 1024 * 1024,
  pdf: 16 * 1024 * 1024,
};

export const LARGEST_IMPORT_BYTES = Math.max(...Object.values(IMPORT_LIMIT_BYTES));

const EXTENSIONS: Readonly<Record<string, ScriptFormat>> = {
  fountain: 'fountain',
  spmd: 'fountain',
  txt: 'fountain',
  fdx: 'fdx',
  xml: 'fdx',
  pdf: 'pdf',
};

/**
 * The format a file is in: named outright (`format`), else by its media type
 * (`application/pdf`, `application/xml` or `text/xml` for FDX, `text/plain`
 * for Fountain), else by its file name's extension.
 *
 * @throws WR_ERR_INVALID_REQUEST when none of them says.
 */
export function formatOf(named: string | undefined, mediaType: string | undefined, fileName: string | undefined): ScriptFormat {
  if (named !== undefined) {
    if (named === 'fountain' || named === 'fdx' || named === 'pdf') return named;
    throw new WritersRoomError('WR_ERR_INVALID_REQUEST', `format must be fountain, fdx or pdf, not ${JSON.stringify(named)}.`);
  }
  const type = mediaType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (type === 'application/xml' || type === 'text/xml') return 'fdx';
  const extension = fileName?.split('.').pop()?.toLowerCase();
  if (extension !== undefined && EXTENSIONS[extension]) return EXTENSIONS[extension];
  if (type === 'text/plain') return 'fountain';
  throw new WritersRoomError('WR_ERR_INVALID_REQUEST', 'Say which format the file is in: ?format=fountain, fdx or pdf, or a .fountain, .fdx or .pdf file name.');
}

/**
 * A script file read as a script: Fountain and FDX as UTF-8 text, a PDF by
 * its text and positions. Nothing is stored here.
 *
 * @throws WR_ERR_TOO_LARGE over the format's limit; WR_ERR_INVALID_FILE
 *   for a file that is not text where text is expected, or that the format's
 *   reader refuses (the message says why, and where when it can).
 */
export async function readScriptFile(format: ScriptFormat, bytes: Uint8Array): Promise<ImportedScript> {
  const limit = IMPORT_LIMIT_BYTES[format];
  if (bytes.byteLength > limit) {
    throw new WritersRoomError('WR_ERR_TOO_LARGE', `A ${format} file may be at most ${limit / 1024 / 1024} MiB; this one is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MiB.`);
  }
  try {
    // pdf.js takes a while to load: only PDF imports pay for it (the CLI loads this module for every command).
    if (format === 'pdf') return await (await import('./import-pdf.js')).importPdf(bytes);
    const text = utf8(format, bytes);
    return format === 'fountain' ? parseFountain(text) : parseFdx(text);
  } catch (error) {
    if (error instanceof ScriptFormatError) throw new WritersRoomError('WR_ERR_INVALID_FILE', error.message, { cause: error });
    throw error;
  }
}

/** @throws ScriptFormatError when the bytes are not UTF-8 text (a binary file named .fountain, a PDF posted as FDX). */
function utf8(format: ScriptFormat, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScriptFormatError(format, `This is not a ${format === 'fdx' ? 'Final Draft (.fdx)' : 'Fountain'} file: it is not text.`);
  }
}
