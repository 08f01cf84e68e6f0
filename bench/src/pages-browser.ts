import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from '../../packages/web/test/support/browser.js';
import type { PagesBenchGlobal } from './pages-browser-entry.js';
import type { PaginationRuns, PaginationTimings } from './pages-timing.js';

/**
 * The pagination timings in headless Chromium: pages-browser-entry.ts
 * bundled with esbuild (the engine from @writersroom/screenplay, as the
 * web client imports it, and the fixture), loaded into a page and run
 * there, `performance.now()` read in the page.
 *
 * The page is served cross-origin isolated (COOP and COEP headers, through
 * Playwright's routing: nothing listens on the network): Chromium then
 * rounds `performance.now()` to 5 µs instead of 100 µs, fine enough for a
 * keystroke that takes a fraction of a millisecond.
 */

const ENTRY = fileURLToPath(new URL('./pages-browser-entry.ts', import.meta.url));
/**
 * Every request to it is answered by the route below; nothing listens on the
 * port. Loopback, because cross-origin isolation needs a secure context.
 */
const ORIGIN = 'http://127.0.0.1:9';
const ISOLATION_HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

export interface ChromiumTimings extends PaginationTimings {
  browserVersion: string;
  bundleBytes: number;
  crossOriginIsolated: boolean;
  /** The smallest step `performance.now()` took in the page, ms. */
  timerStepMs: number;
}

/** The page script as one classic script (IIFE), minified as a production build would be. */
export async function bundlePageScript(): Promise<string> {
  const result = await build({ entryPoints: [ENTRY], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

export async function timeInChromium(runs: PaginationRuns): Promise<ChromiumTimings> {
  const script = await bundlePageScript();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const isScript = new URL(route.request().url()).pathname === '/bench.js';
      return route.fulfill({
        status: 200,
        headers: { ...ISOLATION_HEADERS, 'content-type': isScript ? 'text/javascript' : 'text/html' },
        body: isScript ? script : '<!doctype html><script src="/bench.js"></script>',
      });
    });
    await page.goto(`${ORIGIN}/`);
    const clock = await page.evaluate(timerStep);
    const timings = await page.evaluate((chosen) => (globalThis as unknown as PagesBenchGlobal).runPaginationBench(chosen), runs);
    return { ...timings, ...clock, browserVersion: browser.version(), bundleBytes: Buffer.byteLength(script) };
  } finally {
    await browser.close();
  }
}

/** Runs in the page: whether it is cross-origin isolated, and the smallest step of its clock. */
function timerStep(): { crossOriginIsolated: boolean; timerStepMs: number } {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    let now = start;
    while (now === start) now = performance.now();
    step = Math.min(step, now - start);
  }
  return { crossOriginIsolated: (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated, timerStepMs: step };
}
