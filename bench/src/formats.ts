/**
 * `npm run bench -- formats`: scripts in and out on the 120-page fixture.
 *
 * - Import, as POST /api/scripts and the CLI do it up to the store: the
 *   Fountain and the FDX of the fixture read into the screenplay document
 *   (parseFountain, parseFdx), and that document made the Yjs update the
 *   script's first stored row holds and the content_blocks stored beside it
 *   (storedFormOf).
 * - Export, as GET /export does it: the live Yjs document read
 *   (printableScriptOf) and written as Fountain and as FDX.
 * - Beside ours, on the same Fountain text in the same run: fountain-js's
 *   and afterwriting's parsers (aw-parser). They stop at tokens, with no
 *   document or Yjs update made, so the comparison flatters them.
 * - PDF import: WritersRoom's own PDF of the fixture and afterwriting's PDF
 *   of its Fountain, read back into elements (importPdf).
 *
 * `--runs N`: N timed runs of each text format step (default 50); the PDF
 * import runs a fifth as often (it takes a second or so).
 */
import { createRequire } from 'node:module';
import { Fountain } from 'fountain-js';
import {
  fountainOfBlocks,
  parseFdx,
  parseFountain,
  printableScriptOf,
  writeFdx,
  type ImportedScript,
  type PrintableScript,
} from '@writersroom/screenplay';
import { importPdf } from '../../packages/server/src/import/import-pdf.js';
import { storedFormOf } from '../../packages/server/src/import/imported-script-record.js';
import { scriptPdf } from '../../packages/server/src/export/script-pdf.js';
import { AFTERWRITING_PARSE_OPTIONS } from './afterwriting-layout.js';
import { exportWithAfterwriting } from './afterwriting-pdf.js';
import type { BenchOptions } from './bench-options.js';
import { createScreenplayFixture } from './screenplay-fixture.js';
import { formatCount, formatMs, formatTable, summarize } from './stats.js';

const DEFAULT_FORMAT_RUNS = 50;
const WARMUP = 5;
/** The budgets, per 120-page script. */
const TARGETS = { fountainImportMs: 30, fdxImportMs: 60, exportMs: 20, pdfImportMs: 2000 } as const;
const TITLE_PAGE = { title: 'The Long Night', credit: 'Written by', authors: 'WritersRoom Bench', draftDate: '1 June 2024' };

const require = createRequire(import.meta.url);

interface AwParser {
  parser: { parse(text: string, options: object): { tokens: unknown[] } };
}

async function timed<T>(runs: number, work: () => T | Promise<T>): Promise<{ ms: number[]; last: T }> {
  let last = await work();
  for (let run = 1; run < WARMUP; run++) last = await work();
  const ms: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    last = await work();
    ms.push(performance.now() - started);
  }
  return { ms, last };
}

/** Text to the document, its Yjs update and its content_blocks: what an import does before it stores. */
function importText(parse: (text: string) => ImportedScript, text: string): ImportedScript {
  const imported = parse(text);
  storedFormOf(imported);
  return imported;
}

function row(label: string, samples: readonly number[], target?: number): string[] {
  const summary = summarize(samples);
  const versus = target === undefined ? '' : `≤ ${formatCount(target)}: ${(summary.median / target).toFixed(2)}x`;
  return [label, String(summary.count), formatMs(summary.median), formatMs(summary.p95), formatMs(summary.p99), formatMs(summary.max), versus];
}

function elementsOf(imported: ImportedScript): number {
  return Object.values(imported.report.elements).reduce((sum, count) => sum + (count ?? 0), 0);
}

export async function run(options: BenchOptions): Promise<void> {
  const runs = options.runs ?? DEFAULT_FORMAT_RUNS;
  const fixture = createScreenplayFixture();
  const script: PrintableScript = { ...printableScriptOf(fixture.doc), titlePage: TITLE_PAGE };
  const fountain = fountainOfBlocks(script.blocks, TITLE_PAGE);
  const fdx = writeFdx(script.document, TITLE_PAGE);

  const fountainImport = await timed(runs, () => importText(parseFountain, fountain));
  const fountainParse = await timed(runs, () => parseFountain(fountain));
  const fdxImport = await timed(runs, () => importText(parseFdx, fdx));
  const fountainExport = await timed(runs, () => fountainOfBlocks(printableScriptOf(fixture.doc).blocks, TITLE_PAGE));
  const fdxExport = await timed(runs, () => writeFdx(printableScriptOf(fixture.doc).document, TITLE_PAGE));
  const fountainJs = await timed(runs, () => new Fountain().parse(fountain, true).tokens.length);
  const awParser = require('aw-parser') as AwParser;
  const afterwriting = await timed(runs, () => awParser.parser.parse(fountain, AFTERWRITING_PARSE_OPTIONS).tokens.length);

  const pdfRuns = Math.max(3, Math.round(runs / 5));
  const ourPdf = await scriptPdf(script, { title: TITLE_PAGE.title, updatedAt: new Date(Date.UTC(2024, 5, 1)) }, 'letter');
  const theirPdf = exportWithAfterwriting(fountain, 1).pdf;
  const ourPdfImport = await timed(pdfRuns, () => importPdf(ourPdf));
  const theirPdfImport = await timed(pdfRuns, () => importPdf(theirPdf));

  console.log(
    `the fixture: ${formatCount(script.blocks.length)} elements, ${ourPdfImport.last.report.pages?.length ?? 0} pages in our PDF; ` +
      `Fountain ${formatCount(Buffer.byteLength(fountain) / 1024)} KiB, FDX ${formatCount(Buffer.byteLength(fdx) / 1024)} KiB, ` +
      `our PDF ${formatCount(ourPdf.byteLength / 1024)} KiB, afterwriting's PDF ${formatCount(theirPdf.byteLength / 1024)} KiB`,
  );
  console.log('ms per 120-page script (performance.now() around each call; p95, p99 nearest-rank)');
  console.log(
    formatTable([
      ['', 'n', 'median', 'p95', 'p99', 'max', 'target: median/target'],
      row('import Fountain: parse, Yjs update, blocks', fountainImport.ms, TARGETS.fountainImportMs),
      row('  of which parseFountain', fountainParse.ms),
      row('import FDX: parse, Yjs update, blocks', fdxImport.ms, TARGETS.fdxImportMs),
      row('export Fountain: read document + write', fountainExport.ms, TARGETS.exportMs),
      row('export FDX: read document + write', fdxExport.ms, TARGETS.exportMs),
      row('fountain-js: parse to tokens', fountainJs.ms),
      row("afterwriting's aw-parser: parse to tokens", afterwriting.ms),
      row('import our PDF', ourPdfImport.ms, TARGETS.pdfImportMs),
      row("import afterwriting's PDF", theirPdfImport.ms, TARGETS.pdfImportMs),
    ]),
  );
  const median = (samples: readonly number[]) => summarize(samples).median;
  console.log(
    `  our Fountain import (to a Yjs update) / fountain-js (to tokens), medians: ${(median(fountainImport.ms) / median(fountainJs.ms)).toFixed(2)}x; ` +
      `/ aw-parser: ${(median(fountainImport.ms) / median(afterwriting.ms)).toFixed(2)}x`,
  );
  console.log(
    `  elements read back: Fountain ${formatCount(elementsOf(fountainImport.last))}, FDX ${formatCount(elementsOf(fdxImport.last))}, ` +
      `our PDF ${formatCount(elementsOf(ourPdfImport.last))}, afterwriting's PDF ${formatCount(elementsOf(theirPdfImport.last))} ` +
      `(of ${formatCount(script.blocks.length)}); tokens: fountain-js ${formatCount(fountainJs.last)}, aw-parser ${formatCount(afterwriting.last)}`,
  );
}
