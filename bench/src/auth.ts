/**
 * `npm run bench -- auth`: what verifying a Firebase ID token costs us, against a JWKS served from
 * 127.0.0.1 so the figures are our CPU time, not Google's latency.
 *
 * - key fetch: the one-time cost of a new key set (HTTP GET of the JWKS + JWK import); paid again
 *   once per Cache-Control max-age (hours for Google) or on a rotated kid.
 * - cold: a token never seen before, keys already in memory: RS256 signature plus claim checks.
 * - cached: the same token again through CachingTokenVerifier: a SHA-256 and a map lookup.
 *
 * Iterations: 5,000 by default; `--runs N` sets them. Tokens are signed before timing starts.
 */
import { firebaseProfile, JwtVerifier } from '../../packages/server/src/auth/jwt-verifier.js';
import { RemoteKeySet } from '../../packages/server/src/auth/remote-key-set.js';
import { TestKeyServer, signToken, validClaims, type TestSigningKey } from '../../packages/server/test/support/test-key-server.js';
import { CachingTokenVerifier } from '../../packages/server/src/auth/token-cache.js';
import { DEFAULT_RUNS, type BenchOptions } from './bench-options.js';
import { formatCount, formatTable, summarize, type Summary } from './stats.js';

const DEFAULT_ITERATIONS = 5_000;
/** Each one is a real HTTP request and key import, so fewer are enough for a stable median. */
const FETCH_ITERATIONS = 200;
/** Unmeasured calls first, so the JIT has compiled the paths being timed. */
const WARMUP = 200;

/** Microseconds each call of `operation` took, one sample per call. */
async function timeEach<T>(items: readonly T[], operation: (item: T) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await operation(item);
    samples.push((performance.now() - started) * 1000);
  }
  return samples;
}

const formatUs = (us: number): string => (us < 10 ? us.toFixed(2) : us < 1000 ? us.toFixed(1) : formatCount(us));

async function signMany(key: TestSigningKey, projectId: string, count: number): Promise<string[]> {
  const profile = firebaseProfile({ projectId, keysUrl: 'unused' });
  const now = Date.now();
  // A distinct sub per token, so each is a different string with a different signature.
  return Promise.all(Array.from({ length: count }, (_, i) => signToken(validClaims(profile, now, `writer-${i}`), key)));
}

/** Entry point called by main.ts. Prints figures; never asserts timings. */
export async function run(options: BenchOptions): Promise<void> {
  const iterations = options.runs === DEFAULT_RUNS ? DEFAULT_ITERATIONS : options.runs;
  const server = await TestKeyServer.start();
  try {
    const key = await server.addKey('bench-key');
    const projectId = 'writersroom-bench';
    const profile = firebaseProfile({ projectId, keysUrl: server.url });
    const signStarted = performance.now();
    const tokens = await signMany(key, projectId, WARMUP + iterations);
    console.log(`signed ${formatCount(tokens.length)} RS256 tokens in ${((performance.now() - signStarted) / 1000).toFixed(1)} s (not timed)`);

    const keySets = Array.from({ length: WARMUP / 10 + FETCH_ITERATIONS }, () => new RemoteKeySet({ url: server.url }));
    const fetch = (await timeEach(keySets, (keys) => keys.getKey(key.kid, 'RS256'))).slice(WARMUP / 10);

    const verifier = new JwtVerifier(profile);
    const cold = (await timeEach(tokens, (token) => verifier.verify(token))).slice(WARMUP);

    const caching = new CachingTokenVerifier(verifier, { ttlMs: 60 * 60_000 });
    const repeated = Array<string>(WARMUP + iterations).fill(tokens[0] ?? '');
    const cached = (await timeEach(repeated, (token) => caching.verify(token))).slice(WARMUP);

    console.log(`key fetches during cold runs: ${verifier.keySet.fetchCount}; cache hits ${formatCount(caching.hits)}, misses ${caching.misses}\n`);
    printResults({ fetch: summarize(fetch), cold: summarize(cold), cached: summarize(cached) });
  } finally {
    await server.close();
  }
}

function printResults(results: { fetch: Summary; cold: Summary; cached: Summary }): void {
  const rows = [
    ['Firebase-profile token', 'runs', 'median µs', 'p95 µs'],
    ['key fetch (once per max-age)', results.fetch, 'JWKS over HTTP on 127.0.0.1 + JWK import'],
    ['cold (new token, keys in memory)', results.cold, 'RS256 signature + claims'],
    ['cached (same token again)', results.cached, 'SHA-256 + LRU lookup + exp re-check'],
  ] as const;
  console.log(
    formatTable(
      rows.map((row) => {
        if (typeof row[1] === 'string') return [...row];
        const [name, s] = row;
        return [name, formatCount(s.count), formatUs(s.median), formatUs(s.p95)];
      }),
    ),
  );
  const ratio = results.cold.median / results.cached.median;
  console.log(`\ncold / cached (medians): ${ratio.toFixed(0)}×`);
  console.log('plan §3.2 expects: first verification 100–500 ms, then ~0 ms from its cache');
  console.log(
    `ours: first ${formatUs(results.fetch.median + results.cold.median)} µs (fetch + cold; a real fetch from Google adds its round trip), ` +
      `later new tokens ${formatUs(results.cold.median)} µs, repeated tokens ${formatUs(results.cached.median)} µs`,
  );
}
