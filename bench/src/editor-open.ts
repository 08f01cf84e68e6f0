import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import type { ContentBlock } from '@writersroom/screenplay';
import { seedFromContentBlocks } from '../../packages/server/src/maintenance/seeding.js';
import type { Storage } from '../../packages/server/src/storage/storage.js';
import { createScriptWith, type SignedInWriter } from '../../packages/web/test/support/writers.js';
import { KEEP_NAMES_SHIM, SELECTORS, hasOfflineCopy, isEditable, isLive, openMarks, openProbe } from './page-probes.js';
import { meansBetween, readFirstReplyTotals, type LoadLabel } from './server-metrics.js';

/**
 * How a script is opened, from the server's side and the browser's:
 * - `first`: created with content_blocks and never opened: the server seeds its document, then serves it;
 * - `cold`: its document is stored but not in the server's memory; a new browser profile;
 * - `warm`: its document is in the server's memory (a writer left moments ago); a new browser profile;
 * - `copy`: as `warm`, in the profile that just had it open: the page starts from its IndexedDB copy (and HTTP cache).
 */
export type OpenCase = 'first' | 'cold' | 'warm' | 'copy';

export const OPEN_CASES: readonly OpenCase[] = ['first', 'cold', 'warm', 'copy'];

/** One timed open; page-side times are milliseconds since the navigation started. */
export interface OpenSample {
  case: OpenCase;
  /** Page-side: navigation start -> editable with every element of the script. */
  editableMs: number;
  /** Page-side: navigation start -> the status line says Saved or Connected (the server's state is in). */
  liveMs: number;
  /** Page-side: navigation start -> DOMContentLoaded (HTML and the entry chunk run). */
  domContentLoadedMs: number;
  /** Page-side: navigation start -> the last script fetched (the lazily loaded editor chunk) arrived. */
  scriptsLoadedMs: number;
  /** Node-side: before page.goto -> Playwright saw the page editable (adds the DevTools round trips). */
  wallMs: number;
  /** How the server counted this page's first sync reply, and its own time for it (ms). */
  serverLoad: LoadLabel | 'none';
  serverMs: number | undefined;
}

/** A page waits at most this long to become editable before the run fails: something is broken, not slow. */
const OPEN_TIMEOUT_MS = 60_000;
/** How long the warm page may take to finish writing its IndexedDB copy before it is closed. */
const COPY_TIMEOUT_MS = 10_000;

/**
 * A new browser profile on the server (nothing stored: no IndexedDB, no HTTP
 * cache; `cookies`, e.g. a writer's session, if given), ready for the probes.
 */
export async function newProfile(browser: Browser, baseUrl: string, cookies: Cookie[] = []): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1200, height: 900 }, storageState: { cookies, origins: [] } });
  await context.addInitScript(KEEP_NAMES_SHIM);
  return context;
}

/**
 * Opens the script in a new page of `context` and times it to editable (and
 * to live); returns the page, still open, with the sample.
 */
async function timeOpen(context: BrowserContext, baseUrl: string, scriptId: string, elements: number, openCase: OpenCase): Promise<{ page: Page; sample: OpenSample }> {
  const page = await context.newPage();
  await page.addInitScript(openProbe, { elements, selectors: SELECTORS });
  const before = await readFirstReplyTotals(baseUrl);
  const started = performance.now();
  await page.goto(`/scripts/${scriptId}`, { waitUntil: 'commit' });
  await page.waitForFunction(isEditable, undefined, { timeout: OPEN_TIMEOUT_MS, polling: 'raf' });
  const wallMs = performance.now() - started;
  await page.waitForFunction(isLive, undefined, { timeout: OPEN_TIMEOUT_MS });
  const marks = await page.evaluate(openMarks);
  const server = meansBetween(before, await readFirstReplyTotals(baseUrl));
  const serverLoad = server.coldCount > 0 ? 'cold' : server.warmCount > 0 ? 'warm' : 'none';
  return {
    page,
    sample: { case: openCase, ...marks, wallMs, serverLoad, serverMs: serverLoad === 'none' ? undefined : server[`${serverLoad}Ms`] },
  };
}

/** Waits until the page's browser copy has held the server's state, so the next open can start from it. */
async function offlineCopyWritten(page: Page): Promise<void> {
  const deadline = Date.now() + COPY_TIMEOUT_MS;
  while (!(await page.evaluate(hasOfflineCopy))) {
    if (Date.now() > deadline) throw new Error(`the page kept no IndexedDB copy within ${COPY_TIMEOUT_MS} ms`);
    await page.waitForTimeout(20);
  }
}

export interface OpenScripts {
  /** Created with content_blocks, never opened nor seeded. */
  unopened: string;
  /** Created with content_blocks and seeded in storage (as a first open would), never loaded by the server. */
  stored: string;
}

/** Creates the two scripts one round of openRound uses, both holding `blocks`. */
export async function createOpenScripts(storage: Storage, owner: SignedInWriter, blocks: ContentBlock[], label: string): Promise<OpenScripts> {
  const unopened = await createScriptWith(owner, `Bench ${label} first`, blocks);
  const stored = await createScriptWith(owner, `Bench ${label}`, blocks);
  // What the server does on a first open, done beforehand: the stored script's first open is a plain cold load.
  await seedFromContentBlocks(storage, stored);
  return { unopened, stored };
}

/**
 * One sample of every case, each in its own page, signed in as `writer`:
 * `unopened` in a new profile (first); `stored` in a new profile (cold),
 * closed, then at once in another new profile (warm: within the server's
 * unload grace), closed once its IndexedDB copy is written, and again in that
 * same profile (copy). Every page is closed before the next opens.
 */
export async function openRound(browser: Browser, baseUrl: string, writer: SignedInWriter, scripts: OpenScripts, elements: number): Promise<OpenSample[]> {
  const cookies = await writer.context.cookies();
  const samples: OpenSample[] = [];
  const once = async (context: BrowserContext, scriptId: string, openCase: OpenCase, beforeClose?: (page: Page) => Promise<void>) => {
    const { page, sample } = await timeOpen(context, baseUrl, scriptId, elements, openCase);
    await beforeClose?.(page);
    await page.close();
    samples.push(sample);
  };
  for (const [scriptId, openCase] of [
    [scripts.unopened, 'first'],
    [scripts.stored, 'cold'],
  ] as const) {
    const context = await newProfile(browser, baseUrl, cookies);
    await once(context, scriptId, openCase).finally(() => context.close());
  }
  const context = await newProfile(browser, baseUrl, cookies);
  try {
    await once(context, scripts.stored, 'warm', offlineCopyWritten);
    await once(context, scripts.stored, 'copy');
  } finally {
    await context.close();
  }
  return samples;
}
