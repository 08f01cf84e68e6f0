/**
 * The pages benchmark's page script, bundled by pages-browser.ts and run in
 * Chromium: the fixture built and timed in the page, with the same engine
 * and the same timing code as in Node.
 */
import { timePagination, type PaginationRuns, type PaginationTimings } from './pages-timing.js';
import { generateScreenplayElements, toLayoutBlocks } from './screenplay-fixture.js';

/** What pages-browser.ts calls through `page.evaluate`. */
export interface PagesBenchGlobal {
  runPaginationBench(runs: PaginationRuns): PaginationTimings;
}

(globalThis as unknown as PagesBenchGlobal).runPaginationBench = (runs) => timePagination(toLayoutBlocks(generateScreenplayElements()), runs);
