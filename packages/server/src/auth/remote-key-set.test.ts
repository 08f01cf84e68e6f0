import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RemoteKeySet, parseMaxAgeMs, type RemoteKeySetOptions } from './remote-key-set.js';
import { TestKeyServer, type TestSigningKey } from '../../test/support/test-key-server.js';
import { TokenRejectedError } from './token-verifier.js';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const T0 = Date.UTC(2030, 0, 1);

let server: TestKeyServer;
let k1: TestSigningKey;
let now: number;

beforeAll(async () => {
  server = await TestKeyServer.start();
  k1 = await server.addKey('k1');
});
afterAll(() => server.close());
beforeEach(() => {
  server.published = [k1];
  server.cacheControl = 'public, max-age=600';
  server.failWithStatus = undefined;
  now = T0;
});

function keySet(options: Partial<RemoteKeySetOptions> = {}): RemoteKeySet {
  return new RemoteKeySet({ url: server.url, clock: () => now, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TokenRejectedError)) throw new Error(`expected a TokenRejectedError, got ${String(error)}`);
  return error.reason;
}

describe('RemoteKeySet', () => {
  it('fetches once and then serves keys from memory until Cache-Control max-age runs out', async () => {
    const keys = keySet();
    await keys.getKey('k1', 'RS256');
    now += 599 * SECOND;
    await keys.getKey('k1', 'RS256');
    expect(keys.fetchCount).toBe(1);
    now += 1 * SECOND;
    await keys.getKey('k1', 'RS256');
    expect(keys.fetchCount).toBe(2);
  });

  it.each([
    { cacheControl: null, freshMs: 1 * HOUR, title: 'falls back to one hour without Cache-Control' },
    { cacheControl: 'max-age=31536000', freshMs: 24 * HOUR, title: 'caps a year-long max-age at 24 hours' },
  ])('$title', async ({ cacheControl, freshMs }) => {
    server.cacheControl = cacheControl;
    const keys = keySet();
    await keys.getKey('k1', 'RS256');
    now += freshMs - 1;
    await keys.getKey('k1', 'RS256');
    expect(keys.fetchCount).toBe(1);
    now += 1;
    await keys.getKey('k1', 'RS256');
    expect(keys.fetchCount).toBe(2);
  });

  it('shares one fetch among concurrent callers when it has no keys yet', async () => {
    const keys = keySet();
    const requestsBefore = server.requests;
    await Promise.all(Array.from({ length: 20 }, () => keys.getKey('k1', 'RS256')));
    expect(keys.fetchCount).toBe(1);
    expect(server.requests - requestsBefore).toBe(1);
  });

  it('refetches at most once per cooldown however many unknown kids arrive', async () => {
    const keys = keySet({ cooldownMs: 30 * SECOND });
    await keys.getKey('k1', 'RS256');
    now += 30 * SECOND;
    const flood = Array.from({ length: 200 }, (_, i) => rejection(keys.getKey(`made-up-${i}`, 'RS256')));
    expect(new Set(await Promise.all(flood))).toEqual(new Set(['unknown_kid']));
    for (let i = 0; i < 50; i += 1) expect(await rejection(keys.getKey(`later-${i}`, 'RS256'))).toBe('unknown_kid');
    expect(keys.fetchCount).toBe(2);
    now += 30 * SECOND;
    await rejection(keys.getKey('after-cooldown', 'RS256'));
    expect(keys.fetchCount).toBe(3);
  });

  it('picks up a key published after its last fetch once the cooldown allows a refetch', async () => {
    const keys = keySet({ cooldownMs: 30 * SECOND });
    await keys.getKey('k1', 'RS256');
    const k2 = await server.addKey('k2');
    expect(await rejection(keys.getKey('k2', 'RS256'))).toBe('unknown_kid');
    now += 30 * SECOND;
    await expect(keys.getKey('k2', 'RS256')).resolves.toBeDefined();
    expect(keys.fetchCount).toBe(2);
    server.removeKey(k2.kid);
  });

  it('keeps serving the keys it has when a refresh fails, and reports the failure', async () => {
    const keys = keySet();
    await keys.getKey('k1', 'RS256');
    server.failWithStatus = 503;
    now += 601 * SECOND;
    await expect(keys.getKey('k1', 'RS256')).resolves.toBeDefined();
    expect(keys.fetchCount).toBe(2);
    expect(keys.failedFetchCount).toBe(1);
    expect(String(keys.lastFetchError)).toContain('HTTP 503');
  });

  it('rejects with keys_unavailable when it never had keys, asking again only after the cooldown', async () => {
    const keys = keySet({ cooldownMs: 30 * SECOND });
    server.failWithStatus = 500;
    expect(await rejection(keys.getKey('k1', 'RS256'))).toBe('keys_unavailable');
    expect(await rejection(keys.getKey('k1', 'RS256'))).toBe('keys_unavailable');
    expect(keys.fetchCount).toBe(1);
    server.failWithStatus = undefined;
    now += 30 * SECOND;
    await expect(keys.getKey('k1', 'RS256')).resolves.toBeDefined();
    expect(keys.fetchCount).toBe(2);
    expect(keys.lastFetchError).toBeUndefined();
  });

  it('treats a key set with no usable kid as a failed fetch', async () => {
    server.published = [];
    const keys = keySet();
    expect(await rejection(keys.getKey('k1', 'RS256'))).toBe('keys_unavailable');
    expect(keys.failedFetchCount).toBe(1);
  });

  it('answers unknown_kid when the kid exists but not for the requested algorithm', async () => {
    expect(await rejection(keySet().getKey('k1', 'ES256'))).toBe('unknown_kid');
  });
});

describe('parseMaxAgeMs', () => {
  it.each([
    ['public, max-age=19204, must-revalidate, no-transform', 19_204_000],
    ['MAX-AGE=5', 5000],
    ['no-store', 0],
    ['private, no-cache', 0],
    ['public', undefined],
    ['max-age=soon', undefined],
    [null, undefined],
  ])('reads %j as %j ms', (header, expected) => {
    expect(parseMaxAgeMs(header)).toBe(expected);
  });
});
