import { beforeEach, describe, expect, it } from 'vitest';
import { CachingTokenVerifier, tokenCacheKey, type CachingTokenVerifierOptions } from './token-cache.js';
import { TokenRejectedError, type TokenVerifier, type VerifiedToken } from './token-verifier.js';

const T0 = Date.UTC(2030, 0, 1);
const SECOND = 1000;
const HOUR = 3600 * SECOND;

let now: number;

/**
 * Stands in for JwtVerifier. A token reads `<header>.<subject>:<expires in ms from T0>.<signature>`;
 * a subject starting with "bad" is refused. Like the real one, it refuses a token past its exp.
 * `gate`, when set, holds every verification until the test opens it.
 */
class FakeVerifier implements TokenVerifier {
  calls = 0;
  gate: Promise<void> | undefined;

  async verify(token: string): Promise<VerifiedToken> {
    this.calls += 1;
    await this.gate;
    const [subject = '', expiresIn = '0'] = (token.split('.')[1] ?? '').split(':');
    if (subject.startsWith('bad')) throw new TokenRejectedError('bad_signature', 'fake: bad signature');
    const expiresAt = new Date(T0 + Number(expiresIn));
    if (now >= expiresAt.getTime()) throw new TokenRejectedError('expired', 'fake: expired');
    return { subject, email: null, emailVerified: false, displayName: null, expiresAt };
  }
}

const token = (subject: string, expiresInMs = HOUR, signature = 'sig') => `h.${subject}:${expiresInMs}.${signature}`;

let inner: FakeVerifier;
const cached = (options: CachingTokenVerifierOptions = {}) => new CachingTokenVerifier(inner, { clock: () => now, ...options });

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof TokenRejectedError ? error.reason : Promise.reject(error)),
  );
}

beforeEach(() => {
  now = T0;
  inner = new FakeVerifier();
});

describe('CachingTokenVerifier', () => {
  it('answers a repeated token from the cache without calling the wrapped verifier', async () => {
    const verifier = cached();
    const first = await verifier.verify(token('ada'));
    const second = await verifier.verify(token('ada'));
    expect(second).toEqual(first);
    expect(inner.calls).toBe(1);
    expect([verifier.hits, verifier.misses]).toEqual([1, 1]);
  });

  it('keys entries by the whole token, so tokens sharing a signature are verified separately', async () => {
    const verifier = cached();
    expect((await verifier.verify(token('ada', HOUR, 'same'))).subject).toBe('ada');
    expect((await verifier.verify(token('eve', HOUR, 'same'))).subject).toBe('eve');
    expect(inner.calls).toBe(2);
    expect(tokenCacheKey(token('ada'))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a cached token at the very instant it expires, though the LRU would still hand it out', async () => {
    const verifier = cached({ ttlMs: HOUR });
    await verifier.verify(token('ada', 10 * SECOND));
    now = T0 + 10 * SECOND;
    expect(await reasonOf(verifier.verify(token('ada', 10 * SECOND)))).toBe('expired');
    expect(inner.calls).toBe(1);
    expect(verifier.size).toBe(0);
  });

  it('does not use a cached entry once the clock is past the token exp', async () => {
    const verifier = cached({ ttlMs: HOUR });
    await verifier.verify(token('ada', 10 * SECOND));
    now = T0 + 11 * SECOND;
    expect(await reasonOf(verifier.verify(token('ada', 10 * SECOND)))).toBe('expired');
    expect(verifier.size).toBe(0);
  });

  it('verifies again once the configured TTL has passed, however far away exp is', async () => {
    const verifier = cached({ ttlMs: 60 * SECOND });
    await verifier.verify(token('ada'));
    now = T0 + 60 * SECOND;
    await verifier.verify(token('ada'));
    expect(inner.calls).toBe(1);
    now += 1;
    await verifier.verify(token('ada'));
    expect(inner.calls).toBe(2);
  });

  it('never caches a failure', async () => {
    const verifier = cached();
    expect(await reasonOf(verifier.verify(token('bad-actor')))).toBe('bad_signature');
    expect(await reasonOf(verifier.verify(token('bad-actor')))).toBe('bad_signature');
    expect(inner.calls).toBe(2);
    expect(verifier.size).toBe(0);
  });

  it('shares one verification among concurrent callers of an uncached token', async () => {
    const verifier = cached();
    let open = () => {};
    inner.gate = new Promise<void>((resolve) => (open = resolve));
    const callers = Array.from({ length: 5 }, () => verifier.verify(token('ada')));
    open();
    const results = await Promise.all(callers);
    expect(results.map((r) => r.subject)).toEqual(Array(5).fill('ada'));
    expect(inner.calls).toBe(1);
  });

  it('forgets every token of a subject on purgeSubject and no other', async () => {
    const verifier = cached();
    for (const t of [token('ada', HOUR, 's1'), token('ada', HOUR, 's2'), token('bob')]) await verifier.verify(t);
    expect(verifier.purgeSubject('ada')).toBe(2);
    await verifier.verify(token('ada', HOUR, 's1'));
    await verifier.verify(token('bob'));
    expect(inner.calls).toBe(4);
    expect(verifier.purgeSubject('nobody')).toBe(0);
  });

  it('forgets one token on purgeToken', async () => {
    const verifier = cached();
    await verifier.verify(token('ada', HOUR, 's1'));
    await verifier.verify(token('ada', HOUR, 's2'));
    expect(verifier.purgeToken(token('ada', HOUR, 's1'))).toBe(true);
    expect(verifier.purgeToken(token('ada', HOUR, 's1'))).toBe(false);
    await verifier.verify(token('ada', HOUR, 's2'));
    expect(inner.calls).toBe(2);
  });

  it('does not cache a verification that finishes after a purge of its subject', async () => {
    const verifier = cached();
    let open = () => {};
    inner.gate = new Promise<void>((resolve) => (open = resolve));
    const racing = verifier.verify(token('ada'));
    verifier.purgeSubject('ada');
    open();
    await racing;
    inner.gate = undefined;
    await verifier.verify(token('ada'));
    expect(inner.calls).toBe(2);
  });

  it('keeps at most maxEntries, evicting the least recently used and unindexing it', async () => {
    const verifier = cached({ maxEntries: 2 });
    await verifier.verify(token('ada'));
    await verifier.verify(token('bob'));
    await verifier.verify(token('ada'));
    await verifier.verify(token('cy'));
    expect(verifier.size).toBe(2);
    expect(verifier.purgeSubject('bob')).toBe(0);
    await verifier.verify(token('bob'));
    expect(inner.calls).toBe(4);
  });

  it('hands each caller its own copy of the result', async () => {
    const verifier = cached();
    const first = await verifier.verify(token('ada'));
    first.subject = 'mallory';
    first.expiresAt.setTime(T0 + 10 * HOUR);
    expect(await verifier.verify(token('ada'))).toMatchObject({ subject: 'ada', expiresAt: new Date(T0 + HOUR) });
  });
});
