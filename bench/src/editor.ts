/**
 * `npm run bench -- editor`: the browser editor as a writer meets it, in
 * headless Chromium against the real server serving the production build.
 *
 * For each storage it times opening the 120-page fixture (created through
 * POST /api/scripts with its content_blocks) until the editor is editable
 * with the server's content, four ways (editor-open.ts: first open, cold,
 * warm server, warm server + the browser's IndexedDB copy); then, on a short
 * script two writers have open, keystrokes to the other writer's screen and
 * keystrokes to "Saved" (editor-typing.ts). Last, the size of what the
 * browser downloads (client-weight.ts). Times are taken in the pages where
 * they can be (page-probes.ts).
 *
 * Rounds: 10 by default (each opens four scripts); `--runs N` sets them.
 */
import type { Browser } from 'playwright-core';
import { ELEMENT_TO_BLOCK_TYPE, type ContentBlock } from '@writersroom/screenplay';
import { launchChromium } from '../../packages/web/test/support/browser.js';
import { distDir, ensureWebBuilt } from '../../packages/web/test/support/web-build.js';
import { signUpWriter, type SignedInWriter } from '../../packages/web/test/support/writers.js';
import { DEFAULT_RUNS, type BenchOptions } from './bench-options.js';
import { startBenchWebServer } from './bench-server.js';
import { openBenchStorage, selectStorages, type StorageKind } from './bench-storage.js';
import { measureClientWeight } from './client-weight.js';
import { createOpenScripts, newProfile, openRound, type OpenSample } from './editor-open.js';
import { printClientWeight, printOpenTable, printTypingTable, type EditorResult } from './editor-report.js';
import { FANOUT_GAP_MS, FANOUT_KEYSTROKES, SAVED_GAP_MS, SAVED_KEYSTROKES, measureTyping } from './editor-typing.js';
import { createScreenplayFixture, type ScreenplayFixture } from './screenplay-fixture.js';
import { formatCount } from './stats.js';

/** Rounds per storage unless --runs says otherwise: enough for a median and a p95, within the time a benchmark should take. */
const DEFAULT_ROUNDS = 10;
/** Unmeasured rounds first, so the server's JIT, the database's caches and Chromium's code cache are warm. */
const WARMUP_ROUNDS = 2;

/** A new profile on the server, signed up as a new local account named `name`. */
async function signUp(browser: Browser, baseUrl: string, name: string): Promise<SignedInWriter> {
  return signUpWriter(await newProfile(browser, baseUrl), name);
}

/** Every measurement of one storage, on its own server; storage and server are closed and deleted afterwards. */
async function measureStorage(kind: StorageKind, browser: Browser, blocks: ContentBlock[], rounds: number): Promise<EditorResult> {
  const bench = await openBenchStorage(kind);
  try {
    const server = await startBenchWebServer(bench.storage, distDir);
    const writers: SignedInWriter[] = [];
    try {
      const [ada, ben] = [await signUp(browser, server.url, 'Ada'), await signUp(browser, server.url, 'Ben')];
      writers.push(ada, ben);
      const started = performance.now();
      const opens: OpenSample[] = [];
      for (let round = 0; round < WARMUP_ROUNDS + rounds; round++) {
        const scripts = await createOpenScripts(bench.storage, ada, blocks, String(round + 1));
        const samples = await openRound(browser, server.url, ada, scripts, blocks.length);
        if (round >= WARMUP_ROUNDS) opens.push(...samples);
      }
      const typing = await measureTyping(ada, ben);
      console.log(`  ${kind}: ${rounds} rounds (+${WARMUP_ROUNDS} warm-up) and the typing runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return { storage: kind, opens, typing };
    } finally {
      // The browser side first, as the browser tests do: the server then closes with no client left.
      for (const writer of writers) await writer.context.close();
      await server.close();
    }
  } finally {
    await bench.cleanup();
  }
}

function printFixture(fixture: ScreenplayFixture, blocks: readonly ContentBlock[]): void {
  console.log(
    `fixture: ${fixture.pages.toFixed(1)} pages, ${formatCount(blocks.length)} elements, ${formatCount(fixture.characters)} characters; ` +
      `content_blocks ${formatCount(JSON.stringify(blocks).length / 1024)} KiB of JSON`,
  );
}

/** Entry point called by main.ts. Prints figures; never asserts timings. */
export async function run(options: BenchOptions): Promise<void> {
  const rounds = options.runs === DEFAULT_RUNS ? DEFAULT_ROUNDS : options.runs;
  const kinds = await selectStorages(options.storage);
  const buildStarted = performance.now();
  ensureWebBuilt();
  const buildS = (performance.now() - buildStarted) / 1000;
  const fixture = createScreenplayFixture();
  const blocks = fixture.elements.map((element): ContentBlock => ({ type: ELEMENT_TO_BLOCK_TYPE[element.type], text: element.text }));
  fixture.doc.destroy();

  const browser = await launchChromium();
  const results: EditorResult[] = [];
  try {
    console.log(`WritersRoom editor benchmark: headless Chromium ${browser.version()}, the production build${buildS > 1 ? ` (rebuilt: ${buildS.toFixed(0)} s)` : ''}`);
    printFixture(fixture, blocks);
    console.log(`runs: ${rounds} rounds per storage, each opening two new copies of the fixture four ways; ${WARMUP_ROUNDS} warm-up rounds first\n`);
    for (const kind of kinds) results.push(await measureStorage(kind, browser, blocks, rounds));
  } finally {
    await browser.close();
  }
  console.log('');
  printOpenTable(results, blocks.length);
  printTypingTable(results, { keystrokes: FANOUT_KEYSTROKES, gapMs: FANOUT_GAP_MS }, { keystrokes: SAVED_KEYSTROKES, gapMs: SAVED_GAP_MS });
  printClientWeight(measureClientWeight(distDir));
}
