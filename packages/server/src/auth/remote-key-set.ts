import { createLocalJWKSet, errors, type CryptoKey, type JSONWebKeySet, type LocalJWKSet } from 'jose';
import { TokenRejectedError, systemClock, type Clock } from './token-verifier.js';

/** Options of a {@link RemoteKeySet}; every duration is in milliseconds of the injected clock. */
export interface RemoteKeySetOptions {
  /** The JWKS document, e.g. Google's securetoken JWK endpoint or an OIDC provider's `jwks_uri`. */
  url: string;
  clock?: Clock;
  /** Defaults to the global fetch; tests and the bench use the real one against a local server. */
  fetch?: typeof globalThis.fetch;
  /** How long keys are trusted when the response has no usable `Cache-Control: max-age` (default 1 h). */
  fallbackMaxAgeMs?: number;
  /** Upper bound on a `max-age`, so a misconfigured provider cannot pin old keys for a year (default 24 h). */
  maxAgeCapMs?: number;
  /**
   * Minimum time between two fetches started for any reason other than having no keys yet: an unknown
   * `kid`, stale keys or a retry after a failure (default 30 s). It is what stops a flood of tokens
   * with made-up kids from turning into a flood of requests to the provider.
   */
  cooldownMs?: number;
  /** A fetch that takes longer than this counts as failed (default 5 s, wall-clock). */
  fetchTimeoutMs?: number;
}

const DEFAULTS = {
  fallbackMaxAgeMs: 60 * 60_000,
  maxAgeCapMs: 24 * 60 * 60_000,
  cooldownMs: 30_000,
  fetchTimeoutMs: 5_000,
} as const;

interface LoadedKeys {
  resolve: LocalJWKSet;
  kids: ReadonlySet<string>;
  /** Clock time after which the provider asked us to fetch again. */
  freshUntil: number;
}

/**
 * `max-age` of a Cache-Control header in milliseconds; `no-store`/`no-cache` count as 0 and an
 * absent or unreadable directive as undefined (the caller falls back).
 */
export function parseMaxAgeMs(cacheControl: string | null): number | undefined {
  if (cacheControl === null) return undefined;
  const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return 0;
  for (const directive of directives) {
    const match = /^max-age\s*=\s*"?(\d+)"?$/.exec(directive);
    if (match?.[1] !== undefined) return Number(match[1]) * 1000;
  }
  return undefined;
}

/**
 * The signing keys of one identity provider, fetched from its JWKS URL and kept for as long as the
 * response's `Cache-Control: max-age` says (capped; a fallback when absent).
 *
 * Unlike a plain "fetch when stale", an unknown `kid` also triggers a fetch, because providers
 * rotate keys and publish the new one shortly before signing with it; but at most one fetch starts
 * per cooldown, and concurrent callers share the fetch in flight. A failed fetch keeps the keys we
 * already have (the provider being down should not log every writer out); the failure is visible
 * through {@link failedFetchCount} and {@link lastFetchError} rather than a log line, so the caller
 * decides how loud to be.
 */
export class RemoteKeySet {
  private readonly url: string;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly options: Required<Pick<RemoteKeySetOptions, keyof typeof DEFAULTS>>;
  private keys: LoadedKeys | undefined;
  private inFlight: Promise<void> | undefined;
  private lastFetchStartedAt = Number.NEGATIVE_INFINITY;
  private fetches = 0;
  private failures = 0;
  private lastError: unknown;

  constructor(options: RemoteKeySetOptions) {
    this.url = options.url;
    this.clock = options.clock ?? systemClock;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.options = {
      fallbackMaxAgeMs: options.fallbackMaxAgeMs ?? DEFAULTS.fallbackMaxAgeMs,
      maxAgeCapMs: options.maxAgeCapMs ?? DEFAULTS.maxAgeCapMs,
      cooldownMs: options.cooldownMs ?? DEFAULTS.cooldownMs,
      fetchTimeoutMs: options.fetchTimeoutMs ?? DEFAULTS.fetchTimeoutMs,
    };
  }

  /** Fetches started so far, successful or not. */
  get fetchCount(): number {
    return this.fetches;
  }

  /** Fetches that failed (network, HTTP status, timeout or an unusable JWKS). */
  get failedFetchCount(): number {
    return this.failures;
  }

  /** Why the latest fetch failed; undefined once a fetch succeeds again. */
  get lastFetchError(): unknown {
    return this.lastError;
  }

  /**
   * The public key with this `kid` for this `alg`, fetching or refreshing the set first when needed.
   *
   * @throws TokenRejectedError 'unknown_kid' when no key matches even after the one refetch the
   *   cooldown allows; 'keys_unavailable' when no key set could ever be fetched, or a listed key
   *   cannot be imported.
   */
  async getKey(kid: string, alg: string): Promise<CryptoKey> {
    if (this.keys === undefined || this.clock() >= this.keys.freshUntil) await this.refresh(this.keys === undefined);
    if (this.keys !== undefined && !this.keys.kids.has(kid)) await this.refresh(false);
    const keys = this.keys;
    if (keys === undefined) {
      throw new TokenRejectedError('keys_unavailable', `no signing keys could be fetched from ${this.url}`, { cause: this.lastError });
    }
    if (!keys.kids.has(kid)) throw new TokenRejectedError('unknown_kid', `no signing key has kid "${kid}"`);
    try {
      return await keys.resolve({ alg, kid });
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
        throw new TokenRejectedError('unknown_kid', `kid "${kid}" matches no single ${alg} key`, { cause: error });
      }
      throw new TokenRejectedError('keys_unavailable', `the key with kid "${kid}" cannot be used`, { cause: error });
    }
  }

  /**
   * Joins the fetch in flight, or starts one unless the cooldown forbids it. `force` (no keys yet)
   * skips the cooldown only while nothing has ever been fetched, so a provider that is down is not
   * asked again by every request either.
   */
  private async refresh(force: boolean): Promise<void> {
    if (this.inFlight !== undefined) return this.inFlight;
    const now = this.clock();
    const cooledDown = now - this.lastFetchStartedAt >= this.options.cooldownMs;
    if (!cooledDown && !(force && this.fetches === 0)) return;
    this.lastFetchStartedAt = now;
    this.fetches += 1;
    // Cleared in finally, before the awaiting callers resume, so a later miss may start a new fetch.
    this.inFlight = this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** One fetch; never rejects: a failure is recorded and the previous keys stay in place. */
  private async load(): Promise<void> {
    try {
      const response = await this.fetchImpl(this.url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.fetchTimeoutMs),
      });
      if (!response.ok) throw new Error(`JWKS fetch from ${this.url} answered HTTP ${response.status}`);
      const jwks = (await response.json()) as JSONWebKeySet;
      const resolve = createLocalJWKSet(jwks);
      const kids = new Set(jwks.keys.map((key) => key.kid).filter((kid): kid is string => typeof kid === 'string'));
      if (kids.size === 0) throw new Error(`JWKS from ${this.url} lists no key with a kid`);
      const maxAgeMs = parseMaxAgeMs(response.headers.get('cache-control')) ?? this.options.fallbackMaxAgeMs;
      this.keys = { resolve, kids, freshUntil: this.clock() + Math.min(maxAgeMs, this.options.maxAgeCapMs) };
      this.lastError = undefined;
    } catch (error) {
      this.failures += 1;
      this.lastError = error;
    }
  }
}
