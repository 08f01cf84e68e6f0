/**
 * The offline app shell: lets the client load while the server cannot be
 * reached, so a writer reaches the scripts this browser holds in IndexedDB.
 * Built by vite-plugin.ts into /sw.js, which defines `__WR_BUILD__`.
 *
 * - install: precaches this build's index.html and every hashed asset under a
 *   cache named after the build. index.html must be the one the worker was
 *   built with (its SHA-256 is checked): a deployment landing between fetching
 *   /sw.js and fetching index.html would otherwise pair one build's worker
 *   with another's page. A failed install leaves the previous worker in place.
 * - activate: only once no page of the previous build is open (no
 *   skipWaiting), so a page never loses the cache its lazily loaded editor
 *   comes from; then other builds' caches are deleted.
 * - fetch: navigations network first, this build's index.html when the server
 *   cannot be reached; precached assets from the cache (their names carry
 *   their hash); the server's own paths and anything else untouched.
 */
export {};

declare const self: ServiceWorkerGlobalScope;

interface ServiceWorkerBuild {
  /** Short hash of this build's index.html and asset names. */
  version: string;
  /** SHA-256 (hex) of this build's index.html. */
  shellSha256: string;
  /** Root-relative paths of the hashed assets, e.g. /assets/index-abc123.js. */
  assets: string[];
}

declare const __WR_BUILD__: ServiceWorkerBuild;

const CACHE_PREFIX = 'writersroom-shell-';
const CACHE = `${CACHE_PREFIX}${__WR_BUILD__.version}`;
const SHELL = '/index.html';
const PRECACHED = new Set(__WR_BUILD__.assets);
/** First path segments that are the server's (REST, sockets, probes): never answered from a cache. */
const SERVER_PATHS = new Set(['api', 'ws', 'healthz', 'metrics']);
/** What a proxy answers when the server behind it is down: the same as no server. */
const UNREACHABLE = new Set([502, 503, 504]);

self.addEventListener('install', (event) => event.waitUntil(precache()));
self.addEventListener('activate', (event) => event.waitUntil(deleteOtherBuilds()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (SERVER_PATHS.has(url.pathname.split('/')[1] ?? '')) return;
  if (event.request.mode === 'navigate') event.respondWith(networkFirst(event.request));
  else if (PRECACHED.has(url.pathname)) event.respondWith(cacheFirst(event.request));
});

async function precache(): Promise<void> {
  // 'reload': the HTTP cache may hold another build's index.html.
  const shell = await fetch(SHELL, { cache: 'reload' });
  if (!shell.ok) throw new Error(`${SHELL} answered ${shell.status}`);
  const digest = await crypto.subtle.digest('SHA-256', await shell.clone().arrayBuffer());
  if (hex(digest) !== __WR_BUILD__.shellSha256) throw new Error(`${SHELL} belongs to another build than this worker`);
  const cache = await caches.open(CACHE);
  await cache.addAll(__WR_BUILD__.assets);
  // Last: a cache without its shell never answers a navigation, so a half-done install serves nothing.
  await cache.put(SHELL, shell);
}

async function deleteOtherBuilds(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (!UNREACHABLE.has(response.status)) return response;
    return (await cachedShell()) ?? response;
  } catch (failure) {
    const shell = await cachedShell();
    if (shell) return shell;
    throw failure;
  }
}

function cachedShell(): Promise<Response | undefined> {
  return caches.open(CACHE).then((cache) => cache.match(SHELL));
}

async function cacheFirst(request: Request): Promise<Response> {
  // ignoreVary: the server varies on accept-encoding, which the browser adds below the fetch API; the body is the same.
  const cached = await (await caches.open(CACHE)).match(request, { ignoreVary: true });
  return cached ?? fetch(request);
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
