import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { TokenRejectedError, systemClock, type Clock, type TokenVerifier, type VerifiedToken } from './token-verifier.js';

export interface CachingTokenVerifierOptions {
  /** Entries kept at most; the least recently used goes first (default 10,000). */
  maxEntries?: number;
  /**
   * Longest time a verification is reused, in ms (default 60 s). An entry never outlives its token's
   * expiresAt either; this bound is what limits how long a revocation the cache was not told about
   * (no purgeSubject call) keeps being ignored.
   */
  ttlMs?: number;
  clock?: Clock;
}

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_TTL_MS = 60_000;

/** SHA-256 of the whole token, hex: the cache never holds a token, and two tokens never share a key. */
export function tokenCacheKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Remembers successful verifications so that a writer's reconnects and REST calls do not pay for a
 * signature check each time (the plan's §3.2, without its two flaws: it keyed entries by the
 * signature alone and served them for 60 s without looking at exp again).
 *
 * - Keyed by the hash of the whole token.
 * - An entry lives at most min(ttlMs, expiresAt − now), and expiresAt is checked against the clock
 *   on every hit: an expired token is refused even while the LRU would still return it.
 * - Only successes are cached; every failure reaches the wrapped verifier again next time.
 * - Concurrent verifications of one uncached token share a single call to the wrapped verifier.
 */
export class CachingTokenVerifier implements TokenVerifier {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly cache: LRUCache<string, VerifiedToken>;
  /** subject → cache keys, so purgeSubject needs no scan; kept in step by the LRU's dispose. */
  private readonly keysBySubject = new Map<string, Set<string>>();
  private readonly inFlight = new Map<string, Promise<VerifiedToken>>();
  /** Bumped by every purge, so a verification that started before one is not cached after it. */
  private generation = 0;
  private hitCount = 0;
  private missCount = 0;

  constructor(
    private readonly inner: TokenVerifier,
    options: CachingTokenVerifierOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.cache = new LRUCache<string, VerifiedToken>({
      max: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      ttl: this.ttlMs,
      // The LRU's own TTL runs on our clock, unrounded, so it agrees with the checks in verify().
      perf: { now: () => this.clock() },
      ttlResolution: 0,
      updateAgeOnGet: false,
      allowStale: false,
      dispose: (value, key) => this.unindex(value.subject, key),
    });
  }

  /** Verifications that did not call the wrapped verifier: cached, or joined one already in flight. */
  get hits(): number {
    return this.hitCount;
  }

  /** Verifications passed to the wrapped verifier. */
  get misses(): number {
    return this.missCount;
  }

  /** Entries currently cached. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * @throws TokenRejectedError 'expired' for a cached token whose expiresAt has passed; otherwise
   *   whatever the wrapped verifier throws.
   */
  async verify(token: string): Promise<VerifiedToken> {
    const key = tokenCacheKey(token);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.hitCount += 1;
      if (this.clock() >= cached.expiresAt.getTime()) {
        this.cache.delete(key);
        throw new TokenRejectedError('expired', `token expired at ${cached.expiresAt.toISOString()}`);
      }
      return copy(cached);
    }
    const pending = this.inFlight.get(key);
    if (pending !== undefined) {
      this.hitCount += 1;
      return copy(await pending);
    }
    this.missCount += 1;
    const verification: Promise<VerifiedToken> = this.verifyAndStore(key, token).finally(() => {
      // A purge may have dropped or replaced this entry meanwhile; remove only our own.
      if (this.inFlight.get(key) === verification) this.inFlight.delete(key);
    });
    this.inFlight.set(key, verification);
    return copy(await verification);
  }

  /** Forgets every cached token of this subject (sign-out everywhere, account disabled). Returns how many. */
  purgeSubject(subject: string): number {
    this.generation += 1;
    this.inFlight.clear();
    const keys = [...(this.keysBySubject.get(subject) ?? [])];
    for (const key of keys) this.cache.delete(key);
    return keys.length;
  }

  /** Forgets one token (sign-out of one session). Returns whether it was cached. */
  purgeToken(token: string): boolean {
    return this.purgeKey(tokenCacheKey(token));
  }

  /** Forgets the token with this `tokenCacheKey` (a sign-out on another process, which sends the key, never the token). */
  purgeKey(key: string): boolean {
    this.generation += 1;
    this.inFlight.delete(key);
    return this.cache.delete(key);
  }

  private async verifyAndStore(key: string, token: string): Promise<VerifiedToken> {
    const generation = this.generation;
    const verified = await this.inner.verify(token);
    const lifeMs = Math.min(this.ttlMs, verified.expiresAt.getTime() - this.clock());
    if (lifeMs > 0 && generation === this.generation) this.store(key, copy(verified), lifeMs);
    return verified;
  }

  private store(key: string, verified: VerifiedToken, lifeMs: number): void {
    this.cache.set(key, verified, { ttl: lifeMs });
    // After set(): replacing an entry disposes the old value, which unindexes this very key.
    let keys = this.keysBySubject.get(verified.subject);
    if (keys === undefined) this.keysBySubject.set(verified.subject, (keys = new Set()));
    keys.add(key);
  }

  private unindex(subject: string, key: string): void {
    const keys = this.keysBySubject.get(subject);
    if (keys === undefined) return;
    keys.delete(key);
    if (keys.size === 0) this.keysBySubject.delete(subject);
  }
}

/** Callers get their own object, so none can alter what the next caller is told. */
function copy(token: VerifiedToken): VerifiedToken {
  return { ...token, expiresAt: new Date(token.expiresAt.getTime()) };
}
