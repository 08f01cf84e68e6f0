/**
 * Functions the editor benchmark runs inside the page, and the few browser
 * globals they use.
 *
 * Playwright sends a function to the page as its source text, so each one
 * here is self-contained: it reaches the browser through `globalThis`, typed
 * by the small interfaces below rather than by the DOM library, which the
 * bench (type-checked with the server, for Node) does not load. Every time is
 * taken in the page: `performance.now()` (milliseconds since the document's
 * navigation started) within one page, `Date.now()` to compare two pages of
 * the same browser (one machine, one clock).
 */

/**
 * Where the probes look in the web client's page. Passed to them as
 * arguments: a function sent to the page cannot see this module.
 */
export const SELECTORS = {
  /** The editor, once it holds the server's state (or a copy that held it) and is open for typing. */
  editableEditor: '.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]',
  editor: '.ProseMirror',
  /** The editor's elements (paragraphs), in order. */
  elements: ':scope > p[data-element]',
  /** The status line above the page ("Saved", "Saving…", "Connected", …). */
  statusLine: '.editor-status',
} as const;

type Selectors = typeof SELECTORS;

/**
 * tsx compiles the bench with esbuild's keepNames, which wraps named
 * functions in a `__name(fn, "name")` helper that exists in Node's module but
 * not in the page; this identity stands in for it. Add it to every browser
 * context before any probe runs.
 */
export const KEEP_NAMES_SHIM = 'globalThis.__name ??= (target) => target;';

interface PageElement {
  textContent: string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number; item(index: number): PageElement | null };
}

interface PageMutationObserver {
  observe(target: PageElement, options: { subtree?: boolean; childList?: boolean; attributes?: boolean; characterData?: boolean }): void;
  disconnect(): void;
}

interface PageRequest<T> {
  result: T;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}

interface PageIndexedDb {
  databases(): Promise<Array<{ name?: string }>>;
  open(name: string): PageRequest<{
    objectStoreNames: { contains(name: string): boolean };
    transaction(store: string, mode: 'readonly'): { objectStore(name: string): { get(key: string): PageRequest<unknown> } };
    close(): void;
  }>;
}

/** What the probes use of the page's globals; `bench` is where they leave their records. */
interface PageGlobals {
  document: PageElement;
  MutationObserver: new (callback: () => void) => PageMutationObserver;
  addEventListener(type: 'keydown', listener: (event: { key: string }) => void, capture: boolean): void;
  performance: {
    now(): number;
    getEntriesByType(type: 'navigation'): Array<{ domContentLoadedEventEnd: number }>;
    getEntriesByType(type: 'resource'): Array<{ name: string; responseEnd: number }>;
  };
  indexedDB: PageIndexedDb;
  bench?: PageRecords;
}

interface PageRecords {
  /** performance.now() when the editor was editable with the expected element count. */
  editableAt?: number;
  /** performance.now() when the status line first said the connection is live (Saved or Connected). */
  liveAt?: number;
  /** Every printable keydown (one per typed character), in order: Date.now() and performance.now(). */
  keys: Array<{ epochMs: number; pageMs: number }>;
  /** Date.now() when the watched element first held each further character (index i: i+1 more than at the start). */
  arrivalsEpochMs: number[];
  /** Every text the status line took, with performance.now(). */
  statuses: Array<{ text: string; pageMs: number }>;
}

/** What openProbe recorded for one navigation, page-side, in ms since it started. */
export interface OpenMarks {
  editableMs: number;
  /** NaN when the status line never said Saved or Connected. */
  liveMs: number;
  domContentLoadedMs: number;
  /** When the last script the page fetched (the lazily loaded editor chunk) had arrived. */
  scriptsLoadedMs: number;
}

/**
 * Init script for a page about to open a script: records when its editor is
 * editable holding `elements` elements, and when the status line first says
 * the connection is live. Observes the whole document from before the app's
 * first script runs, so nothing is missed and nothing polls.
 */
export function openProbe({ elements, selectors }: { elements: number; selectors: Selectors }): void {
  const page = globalThis as unknown as PageGlobals;
  const records: PageRecords = { keys: [], arrivalsEpochMs: [], statuses: [] };
  page.bench = records;
  const observer = new page.MutationObserver(() => {
    const now = page.performance.now();
    if (records.editableAt === undefined) {
      const editor = page.document.querySelector(selectors.editableEditor);
      if (editor !== null && editor.querySelectorAll(selectors.elements).length === elements) records.editableAt = now;
    }
    if (records.liveAt === undefined) {
      const status = page.document.querySelector(selectors.statusLine)?.textContent;
      if (status === 'Saved' || status === 'Connected') records.liveAt = now;
    }
    if (records.editableAt !== undefined && records.liveAt !== undefined) observer.disconnect();
  });
  observer.observe(page.document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** Whether openProbe has seen an editable editor (for page.waitForFunction). */
export function isEditable(): boolean {
  return (globalThis as unknown as PageGlobals).bench?.editableAt !== undefined;
}

/** Whether openProbe has seen the status line say the connection is live. */
export function isLive(): boolean {
  return (globalThis as unknown as PageGlobals).bench?.liveAt !== undefined;
}

/** What openProbe recorded, with the navigation's DOMContentLoaded and its scripts' arrival (resource timing). */
export function openMarks(): OpenMarks {
  const page = globalThis as unknown as PageGlobals;
  const [navigation] = page.performance.getEntriesByType('navigation');
  const scripts = page.performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.js'));
  return {
    editableMs: page.bench?.editableAt ?? Number.NaN,
    liveMs: page.bench?.liveAt ?? Number.NaN,
    domContentLoadedMs: navigation?.domContentLoadedEventEnd ?? Number.NaN,
    scriptsLoadedMs: scripts.length === 0 ? Number.NaN : Math.max(...scripts.map((entry) => entry.responseEnd)),
  };
}

/**
 * Whether this browser profile holds a copy of a script that has held the
 * server's state (the web client's `heldServerState` flag in its y-indexeddb
 * database, `writersroom/<user>/<script>/<generation>`), so reopening can
 * start from it. Reads IndexedDB directly: the client offers no hook.
 */
export async function hasOfflineCopy(): Promise<boolean> {
  const page = globalThis as unknown as PageGlobals;
  const request = <T>(req: PageRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error('IndexedDB request failed'));
    });
  for (const { name } of await page.indexedDB.databases()) {
    if (name === undefined || !name.startsWith('writersroom/')) continue;
    const db = await request(page.indexedDB.open(name));
    try {
      if (!db.objectStoreNames.contains('custom')) continue;
      if ((await request(db.transaction('custom', 'readonly').objectStore('custom').get('heldServerState'))) === 1) return true;
    } finally {
      db.close();
    }
  }
  return false;
}

/** Records every printable keydown from now on (typed characters; Enter, arrows and the like are left out). */
export function recordKeys(): void {
  const page = globalThis as unknown as PageGlobals;
  const records = (page.bench ??= { keys: [], arrivalsEpochMs: [], statuses: [] });
  page.addEventListener(
    'keydown',
    (event) => {
      if (event.key.length === 1) records.keys.push({ epochMs: Date.now(), pageMs: page.performance.now() });
    },
    true,
  );
}

/**
 * Records, from now on, the Date.now() at which the `index`th element of the
 * editor first holds each character more than it does now. Observes the
 * editor rather than the element: ProseMirror may replace the paragraph's
 * DOM node while updating it.
 */
export function recordArrivals({ index, selectors }: { index: number; selectors: Selectors }): void {
  const page = globalThis as unknown as PageGlobals;
  const records = (page.bench ??= { keys: [], arrivalsEpochMs: [], statuses: [] });
  const editor = page.document.querySelector(selectors.editor);
  if (editor === null) throw new Error('no editor on the page');
  const length = () => editor.querySelectorAll(selectors.elements).item(index)?.textContent?.length ?? 0;
  const initial = length();
  new page.MutationObserver(() => {
    const now = Date.now();
    const grown = length() - initial;
    while (records.arrivalsEpochMs.length < grown) records.arrivalsEpochMs.push(now);
  }).observe(editor, { subtree: true, childList: true, characterData: true });
}

/** Records every text the status line takes from now on, with its performance.now(). */
export function recordStatuses(selectors: Selectors): void {
  const page = globalThis as unknown as PageGlobals;
  const records = (page.bench ??= { keys: [], arrivalsEpochMs: [], statuses: [] });
  const status = page.document.querySelector(selectors.statusLine);
  if (status === null) throw new Error('no status line on the page');
  new page.MutationObserver(() => records.statuses.push({ text: status.textContent ?? '', pageMs: page.performance.now() })).observe(status, {
    subtree: true,
    childList: true,
    characterData: true,
  });
}

/** Whether `count` characters have arrived (recordArrivals). */
export function hasArrived(count: number): boolean {
  return ((globalThis as unknown as PageGlobals).bench?.arrivalsEpochMs.length ?? 0) >= count;
}

/** Whether the status line has read `Saved` since the `key`th recorded keydown (recordKeys, recordStatuses). */
export function savedSinceKey(key: number): boolean {
  const { keys, statuses } = (globalThis as unknown as PageGlobals).bench ?? { keys: [], statuses: [] };
  const pressed = keys[key];
  return pressed !== undefined && statuses.some((status) => status.text === 'Saved' && status.pageMs >= pressed.pageMs);
}

/** The records of recordKeys, recordArrivals and recordStatuses. */
export function pageRecords(): Pick<PageRecords, 'keys' | 'arrivalsEpochMs' | 'statuses'> {
  const { keys, arrivalsEpochMs, statuses } = (globalThis as unknown as PageGlobals).bench ?? { keys: [], arrivalsEpochMs: [], statuses: [] };
  return { keys, arrivalsEpochMs, statuses };
}
