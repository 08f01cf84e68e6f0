/**
 * poppler-utils for tests that read a PDF back as a person's viewer would:
 * its text per page (`pdftotext -layout`), its document information
 * (`pdfinfo`), its fonts (`pdffonts`), its outline (`pdftohtml -xml`), words with their boxes
 * (`pdftotext -bbox`), and pictures of pages (`pdftoppm`). Without them the
 * suites that need them are skipped locally, but on CI (CI=true) importing
 * this module fails: a CI run that silently skipped them would prove nothing.
 * `.ci/run` installs poppler-utils.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function probe(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error('pdftotext (poppler-utils) is missing and CI=true: the PDF tests must run on CI. Install poppler-utils.', { cause: error });
    }
    return false;
  }
}

/** Whether poppler-utils are installed. Use with `describe.skipIf(!popplerAvailable)`. */
export const popplerAvailable: boolean = probe();

/** Where rendered pages go for a person to look at (gitignored). */
export const TEST_RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Runs a poppler tool on `pdf` written to a temporary file; `args` come before the file name, `after` after it. */
function onFile(pdf: Uint8Array, tool: string, args: string[], after: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wr-pdf-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...after], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of page `page` (1 being the PDF's first page), laid out as printed. */
export function pageText(pdf: Uint8Array, page: number): string {
  return onFile(pdf, 'pdftotext', ['-f', String(page), '-l', String(page), '-layout'], ['-']);
}

/** Every page's text, in order (pdftotext ends each page with a form feed). */
export function pagesText(pdf: Uint8Array): string[] {
  const pages = onFile(pdf, 'pdftotext', ['-layout'], ['-']).split('\f');
  return pages.slice(0, -1);
}

/** `pdfinfo`'s fields (`Title`, `Author`, `Pages`, `Page size`…). */
export function pdfInfo(pdf: Uint8Array): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of onFile(pdf, 'pdfinfo', []).split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** `pdffonts`' table: each font's name, type, encoding, and whether it is embedded, subset and mapped to Unicode. */
export function pdfFonts(pdf: Uint8Array): string {
  return onFile(pdf, 'pdffonts', []);
}

/** The outline's entries (bookmarks) with the PDF page each points at. */
export function pdfOutline(pdf: Uint8Array): Array<{ title: string; page: number }> {
  const xml = onFile(pdf, 'pdftohtml', ['-xml', '-i', '-stdout', '-f', '1', '-l', '1']);
  return [...xml.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((match) => ({ title: unescapeXml(match[2]!), page: Number(match[1]) }));
}

/** The words of a page with their boxes, in points from the page's top-left corner. */
export function pageWords(pdf: Uint8Array, page: number): Array<{ text: string; xMin: number; xMax: number; yMin: number; yMax: number }> {
  const html = onFile(pdf, 'pdftotext', ['-f', String(page), '-l', String(page), '-bbox'], ['-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((match) => ({
    text: unescapeXml(match[5]!),
    xMin: Number(match[1]),
    yMin: Number(match[2]),
    xMax: Number(match[3]),
    yMax: Number(match[4]),
  }));
}

/** Renders page `page` as `<name>.png` at 60 dpi into TEST_RESULTS, for a person to look at; returns its path. */
export function renderPage(pdf: Uint8Array, page: number, name: string): string {
  mkdirSync(TEST_RESULTS, { recursive: true });
  const target = path.join(TEST_RESULTS, name);
  onFile(pdf, 'pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile'], [target]);
  return `${target}.png`;
}

/** Page `page` as 8-bit grey pixels at `dpi` (0 black, 255 white), from pdftoppm's PGM. */
export function pageGrey(pdf: Uint8Array, page: number, dpi: number): { width: number; height: number; at(x: number, y: number): number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'wr-pgm-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const pgm = execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file], { maxBuffer: 64 * 1024 * 1024 });
    // P5 header: magic, width, height, maxval, each followed by whitespace; then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))!;
    const [width, height, offset] = [Number(header[1]), Number(header[2]), header[0].length];
    return { width, height, at: (x, y) => pgm[offset + Math.round(y) * width + Math.round(x)]! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
