/**
 * `npm run bench -- pages`: the pagination engine and the Fountain writer
 * on the 120-page fixture, and afterwriting beside them.
 *
 * - The engine in Node and in headless Chromium (pages-timing.ts,
 *   pages-browser.ts): laying the script out from scratch, and laying it out
 *   again after one keystroke on page 60, against the targets of
 *   pages-report.ts.
 * - The fixture written as Fountain by our writer; fountain-js parsing it.
 * - afterwriting, a free Fountain-to-PDF tool writers use, exporting the same
 *   Fountain (afterwriting-pdf.ts): its time and page count beside ours, and
 *   why the counts differ (afterwriting-layout.ts, page-comparison.ts).
 * - WritersRoom's own PDF of the fixture (pages-pdf.ts): time and size, the
 *   embedded font stated apart, beside afterwriting's.
 *
 * `--runs N`: N layouts from scratch and 10 N keystrokes (default 50 and 500).
 */
import { availableParallelism, loadavg } from 'node:os';
import { Fountain } from 'fountain-js';
import { fountainOfBlocks, paginate, PAPERS, printableScriptOf, writeTitlePageField, type LayoutBlock } from '@writersroom/screenplay';
import { afterwritingLayout } from './afterwriting-layout.js';
import { exportWithAfterwriting } from './afterwriting-pdf.js';
import { DEFAULT_RUNS, type BenchOptions } from './bench-options.js';
import { layoutFigures, OUR_WIDTHS, rowsPerPageOf } from './page-comparison.js';
import { timeInChromium } from './pages-browser.js';
import { measurePdf } from './pages-pdf.js';
import { printAfterwriting, printFountain, printPaginationTable, printPdf, type FountainFigures } from './pages-report.js';
import { timePagination, type PaginationRuns } from './pages-timing.js';
import { createScreenplayFixture, toLayoutBlocks } from './screenplay-fixture.js';
import { formatCount, summarize } from './stats.js';

const DEFAULT_LAYOUTS = 50;
const KEYSTROKES_PER_LAYOUT = 10;
const WARMUP = 10;
/** The page typed on: the middle of a feature. */
const EDIT_PAGE = 60;
/** Runs of the Fountain write and of the fountain-js parse, each a few milliseconds. */
const FOUNTAIN_RUNS = 20;
/** Our PDF exports: a few hundred milliseconds each. */
const PDF_RUNS = 20;
/** afterwriting exports: each takes a second or more. */
const AFTERWRITING_RUNS = 5;
/** The fixture's title page: the writer writes one, afterwriting is told not to print it, so page counts are the body's. */
const TITLE_PAGE = { title: 'The Long Night', credit: 'Written by', authors: 'WritersRoom Bench', draftDate: '1 June 2024' };

function timed<T>(runs: number, work: () => T): { ms: number[]; last: T } {
  const ms: number[] = [];
  let last = work();
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    last = work();
    ms.push(performance.now() - started);
  }
  return { ms, last };
}

function measureFountain(blocks: readonly LayoutBlock[]): FountainFigures & { text: string } {
  const write = timed(FOUNTAIN_RUNS, () => fountainOfBlocks(blocks, TITLE_PAGE));
  const parse = timed(FOUNTAIN_RUNS, () => new Fountain().parse(write.last, true).tokens.length);
  return { text: write.last, bytes: Buffer.byteLength(write.last), writeMs: write.ms, fountainJsParseMs: parse.ms, fountainJsElements: parse.last };
}

/** Entry point called by main.ts. Prints figures; never asserts them. */
export async function run(options: BenchOptions): Promise<void> {
  const layouts = options.runs === DEFAULT_RUNS ? DEFAULT_LAYOUTS : options.runs;
  const runs: PaginationRuns = { fromScratch: layouts, keystrokes: layouts * KEYSTROKES_PER_LAYOUT, warmup: WARMUP, editPage: EDIT_PAGE };
  const fixture = createScreenplayFixture();
  for (const [field, value] of Object.entries(TITLE_PAGE)) writeTitlePageField(fixture.doc, field as keyof typeof TITLE_PAGE, value);
  const printable = printableScriptOf(fixture.doc);
  fixture.doc.destroy();
  const blocks = toLayoutBlocks(fixture.elements);

  console.log(`WritersRoom pages benchmark: the pagination engine in Node ${process.version} and headless Chromium; the Fountain writer; afterwriting`);
  console.log(`fixture: ${formatCount(blocks.length)} elements, ${formatCount(fixture.characters)} characters, no marks; Letter, ${PAPERS.letter.bodyRows} rows a page`);
  console.log(`runs: ${runs.fromScratch} layouts from scratch, ${runs.keystrokes} keystrokes on page ${EDIT_PAGE}, each after ${WARMUP} unmeasured`);
  // A busy machine stretches the tails (p95, p99) first: say how busy this one was.
  console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} over the last minute\n`);

  const node = timePagination(blocks, runs);
  const chromium = await timeInChromium(runs);
  printPaginationTable(node, chromium);

  const fountain = measureFountain(blocks);
  printFountain(fountain);

  const ours = layoutFigures(rowsPerPageOf(paginate(blocks)), PAPERS.letter.bodyRows, OUR_WIDTHS);
  const theirsLayout = afterwritingLayout(fountain.text);
  const theirs = layoutFigures(theirsLayout.rowsPerPage, theirsLayout.rowsPerPageLimit, theirsLayout.widths);
  const withOurWidths = afterwritingLayout(fountain.text, OUR_WIDTHS);
  const theirsWithOurWidths = layoutFigures(withOurWidths.rowsPerPage, withOurWidths.rowsPerPageLimit, withOurWidths.widths);
  const pdf = exportWithAfterwriting(fountain.text, AFTERWRITING_RUNS);
  printAfterwriting({ pdf, ours, theirs, theirsWithOurWidths, bodyRows: PAPERS.letter.bodyRows }, summarize(fountain.fountainJsParseMs).median);

  printPdf(await measurePdf(printable, PDF_RUNS), ours.pages, pdf);
}
