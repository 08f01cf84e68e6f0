import type { AfterwritingPdfRuns } from './afterwriting-pdf.js';
import type { PdfFigures } from './pages-pdf.js';
import { explainPageDifference, type LayoutFigures } from './page-comparison.js';
import type { ChromiumTimings } from './pages-browser.js';
import type { PaginationTimings } from './pages-timing.js';
import { formatCount, formatMs, formatTable, summarize } from './stats.js';

/** The engine's budgets: a script opens (laid out from scratch) within a frame or so; a keystroke re-lays out well within one. */
export const TARGETS = { fromScratchMs: 20, keystrokeP95Ms: 1 } as const;

const ratio = (numerator: number, denominator: number): string => `${(numerator / denominator).toFixed(2)}x`;
const kib = (bytes: number): string => `${formatCount(bytes / 1024)} KiB`;

function timingRow(label: string, samples: readonly number[], target: string): string[] {
  const summary = summarize(samples);
  return [label, String(summary.count), formatMs(summary.median), formatMs(summary.p95), formatMs(summary.p99), formatMs(summary.max), target];
}

export function printPaginationTable(node: PaginationTimings, chromium: ChromiumTimings): void {
  const median = (samples: readonly number[]) => summarize(samples).median;
  const p95 = (samples: readonly number[]) => summarize(samples).p95;
  console.log(`pagination of the fixture, ms (performance.now() around the engine's call; p95, p99 nearest-rank)`);
  const fromScratchTarget = (samples: readonly number[]) => `≤ ${TARGETS.fromScratchMs} median: ${ratio(median(samples), TARGETS.fromScratchMs)}`;
  const keystrokeTarget = (samples: readonly number[]) => `≤ ${TARGETS.keystrokeP95Ms} p95: ${ratio(p95(samples), TARGETS.keystrokeP95Ms)}`;
  const header = ['', 'n', 'median', 'p95', 'p99', 'max', 'target: figure/target'];
  console.log(
    formatTable([
      header,
      timingRow('from scratch, Node', node.fromScratchMs, fromScratchTarget(node.fromScratchMs)),
      timingRow('from scratch, Chromium', chromium.fromScratchMs, fromScratchTarget(chromium.fromScratchMs)),
      timingRow(`keystroke on page ${node.editedPage}, Node`, node.keystrokeMs, keystrokeTarget(node.keystrokeMs)),
      timingRow(`keystroke on page ${chromium.editedPage}, Chromium`, chromium.keystrokeMs, keystrokeTarget(chromium.keystrokeMs)),
    ]),
  );
  console.log(
    `  Chromium/Node, medians: from scratch ${ratio(median(chromium.fromScratchMs), median(node.fromScratchMs))}, keystroke ${ratio(median(chromium.keystrokeMs), median(node.keystrokeMs))}; ` +
      `from scratch/keystroke, medians: Node ${ratio(median(node.fromScratchMs), median(node.keystrokeMs))}, Chromium ${ratio(median(chromium.fromScratchMs), median(chromium.keystrokeMs))}`,
  );
  console.log(
    `  typing: ${node.keystrokeMs.length} characters appended one by one to element ${formatCount(node.editedBlock)} (page ${node.editedPage}), ` +
      `the script ${node.pages} pages before, ${node.pagesAfterTyping} after`,
  );
  console.log(
    `  Chromium ${chromium.browserVersion}: ${chromium.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}, ` +
      `clock steps ${(chromium.timerStepMs * 1000).toFixed(0)} µs; page script (engine + fixture, minified) ${kib(chromium.bundleBytes)}`,
  );
  console.log('');
}

export interface FountainFigures {
  bytes: number;
  writeMs: readonly number[];
  fountainJsParseMs: readonly number[];
  fountainJsElements: number;
}

export function printFountain(figures: FountainFigures): void {
  const write = summarize(figures.writeMs);
  const parse = summarize(figures.fountainJsParseMs);
  console.log(`Fountain of the fixture: ${kib(figures.bytes)}`);
  console.log(
    formatTable([
      ['ms', 'n', 'median', 'p95'],
      ['written by writeFountain (fountainOfBlocks)', String(write.count), formatMs(write.median), formatMs(write.p95)],
      [`parsed by fountain-js 1.x (${formatCount(figures.fountainJsElements)} tokens)`, String(parse.count), formatMs(parse.median), formatMs(parse.p95)],
    ]),
  );
  console.log(`  fountain-js parse/our write, medians: ${ratio(parse.median, write.median)}`);
  console.log('');
}

export interface AfterwritingFigures {
  pdf: AfterwritingPdfRuns;
  ours: LayoutFigures;
  theirs: LayoutFigures;
  theirsWithOurWidths: LayoutFigures;
  bodyRows: number;
}

export function printAfterwriting({ pdf, ours, theirs, theirsWithOurWidths, bodyRows }: AfterwritingFigures, fountainJsParseMedianMs: number): void {
  const exportTime = summarize(pdf.exportMs);
  const nodeStart = summarize(pdf.nodeStartMs).median;
  console.log(`afterwriting: its PDF export (CLI, US Letter, no title page) of the same Fountain, ${exportTime.count} runs`);
  console.log(
    `  export wall time: median ${formatMs(exportTime.median)} ms, max ${formatMs(exportTime.max)} ms (Node starting alone: ${formatMs(nodeStart)} ms); ` +
      `PDF ${kib(pdf.pdf.byteLength)}; export/fountain-js parse, medians: ${ratio(exportTime.median, fountainJsParseMedianMs)}`,
  );
  console.log(`  pages: afterwriting ${pdf.pages} (pdfinfo), WritersRoom ${ours.pages} (the engine, Letter); afterwriting/WritersRoom ${ratio(pdf.pages, ours.pages)}`);
  if (theirs.pages !== pdf.pages) console.log(`  note: afterwriting's layout run here gives ${theirs.pages} pages, its PDF ${pdf.pages}`);
  const row = (label: string, figures: LayoutFigures) => [
    label,
    String(figures.pages),
    formatCount(figures.rowsPrinted),
    `${formatCount(figures.rowsEmptyAtPageEnds)} (${(figures.rowsEmptyAtPageEnds / Math.max(1, figures.pages - 1)).toFixed(1)} a page)`,
    String(figures.widths.dialogue),
    String(figures.widths.action),
    String(figures.widths.parenthetical),
  ];
  console.log(
    formatTable([
      [`layout, ${bodyRows} rows a page`, 'pages', 'rows printed', 'rows empty at page ends', 'dialogue', 'action', 'paren'],
      row('WritersRoom', ours),
      row('afterwriting', theirs),
      row('afterwriting, our widths', theirsWithOurWidths),
    ]),
  );
  console.log(`  why: ${explainPageDifference(ours, theirs, theirsWithOurWidths)}`);
  console.log(
    '  industry (PAGINATION.md): Courier 12 pt, 10 characters and 6 lines an inch, 1 in top margin, 55 lines on Letter, action 6.0 in (60 characters), ' +
      'dialogue 3.5 in (35), a speech split only at a sentence end: WritersRoom keeps these; afterwriting runs dialogue and action one character wider',
  );
  console.log('');
}

/** The PDF export's budgets (issue: a 120-page script in ≤ 400 ms of server time, ≤ 300 KB without the font). */
export const PDF_TARGETS = { ms: 400, bytesWithoutFont: 300 * 1024 } as const;

export function printPdf(pdf: PdfFigures, pages: number, afterwriting: AfterwritingPdfRuns): void {
  const time = summarize(pdf.ms);
  const withoutFont = pdf.bytes - pdf.fontBytes;
  console.log(`WritersRoom's PDF of the fixture (scriptPdf, what REST and the CLI call: layout and drawing, in process), ${time.count} runs`);
  console.log(
    formatTable([
      ['', 'n', 'median', 'p95', 'p99', 'max', 'target: figure/target'],
      ['ms', String(time.count), formatMs(time.median), formatMs(time.p95), formatMs(time.p99), formatMs(time.max), `≤ ${PDF_TARGETS.ms} p95: ${ratio(time.p95, PDF_TARGETS.ms)}`],
    ]),
  );
  console.log(
    `  size: ${kib(pdf.bytes)} for ${pages + 1} pages (the title page and ${pages}); the embedded Courier Prime subsets ${kib(pdf.fontBytes)}; ` +
      `without them ${kib(withoutFont)} (≤ ${kib(PDF_TARGETS.bytesWithoutFont)}: ${ratio(withoutFont, PDF_TARGETS.bytesWithoutFont)})`,
  );
  const theirs = summarize(afterwriting.exportMs).median - summarize(afterwriting.nodeStartMs).median;
  console.log(
    `  beside afterwriting's export of the same script: time ${ratio(time.median, theirs)} of its ${formatMs(theirs)} ms (its CLI's wall time less Node's start), ` +
      `size ${ratio(pdf.bytes, afterwriting.pdf.byteLength)} of its ${kib(afterwriting.pdf.byteLength)}`,
  );
  console.log('');
}
