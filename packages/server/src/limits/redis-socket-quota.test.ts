import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestRedis, redisAvailable, redisUrl, unreachableRedisUrl, type TestRedis } from '../../test/support/redis.js';
import { capturedLogger } from '../../test/support/test-server.js';
import { createLogger } from '../logger.js';
import { connectRedis } from '../redis/redis-client.js';
import type { UserId } from '../storage/storage.js';
import { RedisSocketQuota } from './redis-socket-quota.js';

const ada = 'user-ada' as UserId;
const bo = 'user-bo' as UserId;
const LEASE_MS = 300;

describe.skipIf(!redisAvailable)('RedisSocketQuota, on a real Redis', () => {
  let testRedis: TestRedis;
  const opened: Array<{ quota: RedisSocketQuota; redis: Redis }> = [];

  /** One server process's quota: its own connection, as a separate process would have. */
  const processQuota = (max: number, leaseMs?: number) => {
    const redis = new Redis(redisUrl);
    const quota = new RedisSocketQuota(redis, { max, keyPrefix: testRedis.prefix, logger: createLogger('silent'), leaseMs });
    opened.push({ quota, redis });
    return quota;
  };

  beforeEach(async () => {
    testRedis = await openTestRedis();
  });
  afterEach(async () => {
    for (const { quota, redis } of opened.splice(0)) {
      quota.close();
      redis.disconnect();
    }
    await testRedis.cleanup();
  });

  it('grants an account up to its limit, refuses the next, and lets one in once a socket is released', async () => {
    // Fails if release does not remove the socket's lease (no ZREM): a closed socket would hold its place for 90 s.
    const quota = processQuota(2);
    expect(await quota.acquire(ada, '1')).toBe(true);
    expect(await quota.acquire(ada, '2')).toBe(true);
    expect(await quota.acquire(ada, '3')).toBe(false);
    expect(await quota.acquire(bo, '4')).toBe(true);
    quota.release(ada, '1');
    quota.release(ada, '1');
    // The release is sent without waiting for Redis; the next command on the same connection comes after it.
    expect(await quota.acquire(ada, '5')).toBe(true);
    expect(await quota.acquire(ada, '6')).toBe(false);
  });

  it('counts the sockets of two processes together, even when both use the same connection ids', async () => {
    // Fails if the quota does not share (an in-process count per instance): each process would grant its own 2.
    // Fails too if a socket's member lacks its process: process B's socket "1" would replace process A's.
    const a = processQuota(2);
    const b = processQuota(2);
    expect(await a.acquire(ada, '1')).toBe(true);
    expect(await b.acquire(ada, '1')).toBe(true);
    expect(await a.acquire(ada, '2')).toBe(false);
    expect(await b.acquire(ada, '2')).toBe(false);
    b.release(ada, '1');
    await sleep(50);
    expect(await a.acquire(ada, '3')).toBe(true);
  });

  it("frees a dead process's sockets a lease after it stopped renewing them, while the account's other sockets stay", async () => {
    // Fails if expired leases are not dropped before counting (no ZREMRANGEBYSCORE): while the survivor's socket
    // keeps the account's key alive, a killed process's sockets would count forever.
    const killed = processQuota(3, LEASE_MS);
    const survivor = processQuota(3, LEASE_MS);
    expect(await killed.acquire(ada, '1')).toBe(true);
    expect(await killed.acquire(ada, '2')).toBe(true);
    expect(await survivor.acquire(ada, '1')).toBe(true);
    // What kill -9 leaves: no release, no renewal.
    killed.close();
    expect(await survivor.acquire(ada, '2')).toBe(false);
    await sleep(LEASE_MS * 2);
    expect(await survivor.acquire(ada, '2')).toBe(true);
    expect(await survivor.acquire(ada, '3')).toBe(true);
    expect(await survivor.acquire(ada, '4')).toBe(false);
  });

  it('keeps the sockets of a live process counted for longer than a lease, by renewing them', async () => {
    // Fails if leases are not renewed: after 90 s every long-open socket would stop counting, and the quota with it.
    const live = processQuota(1, LEASE_MS);
    expect(await live.acquire(ada, '1')).toBe(true);
    await sleep(LEASE_MS * 3);
    expect(await processQuota(1, LEASE_MS).acquire(ada, '1')).toBe(false);
  });

  it('leaves no key behind once the last lease ran out', async () => {
    // Fails if ACQUIRE sets no PEXPIRE on the account's set: every account that ever connected would keep a key.
    const quota = processQuota(1, LEASE_MS);
    await quota.acquire(ada, '1');
    quota.close();
    expect(await testRedis.redis.keys(`${testRedis.prefix}*`)).toHaveLength(1);
    await sleep(LEASE_MS + 100);
    expect(await testRedis.redis.keys(`${testRedis.prefix}*`)).toHaveLength(0);
  });
});

describe('RedisSocketQuota while Redis is unreachable', () => {
  it('admits the socket (fails open) and logs that it could not count it', async () => {
    // Fails if an outage refuses sockets: every writer would be locked out while Redis is down.
    const { logger, lines } = capturedLogger();
    logger.level = 'debug';
    const redis = connectRedis(await unreachableRedisUrl(), logger);
    const quota = new RedisSocketQuota(redis, { max: 1, keyPrefix: 'wrtest:outage:', logger });
    try {
      expect(await quota.acquire(ada, '1')).toBe(true);
      expect(await quota.acquire(ada, '2')).toBe(true);
      quota.release(ada, '1');
      expect(lines().some((line) => line.msg === 'socket quota unavailable; admitting')).toBe(true);
    } finally {
      quota.close();
      redis.disconnect();
    }
  });
});
