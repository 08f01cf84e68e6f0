/**
 * Real Redis for tests. Each caller gets its own key prefix (the server's
 * REDIS_KEY_PREFIX), so test files run in parallel on one Redis without
 * counting each other's requests, and deletes its keys afterwards.
 *
 * REDIS_URL names the server; default `redis://127.0.0.1:6379`. Without
 * Redis the suites that need it are skipped locally, but on CI (CI=true)
 * importing this module fails, as postgres.ts does: a CI run that silently
 * skipped the shared-limit tests would prove nothing.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

const PROBE_TIMEOUT_MS = 2_000;

export const redisUrl: string = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A client that fails at once instead of queueing or reconnecting: a test sees an outage as an error. */
function connect(): Redis {
  return new Redis(redisUrl, { lazyConnect: true, connectTimeout: PROBE_TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
}

async function probe(): Promise<boolean> {
  const client = connect();
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`Redis is unreachable at REDIS_URL=${redisUrl} and CI=true: the Redis tests must run on CI. Start Redis or point REDIS_URL at it.`, {
        cause: error,
      });
    }
    return false;
  } finally {
    client.disconnect();
  }
}

/** Whether Redis answered at REDIS_URL. Use with `describe.skipIf(!redisAvailable)`. */
export const redisAvailable: boolean = await probe();

export interface TestRedis {
  /** A fresh prefix, `wrtest:<random hex>:`, valid as REDIS_KEY_PREFIX. */
  prefix: string;
  /** A client of its own, to look at or plant keys under `prefix`. */
  redis: Redis;
  /** Deletes every key under `prefix` and disconnects. Idempotent. */
  cleanup(): Promise<void>;
}

/** A key prefix no other test uses, on the Redis at REDIS_URL. */
export async function openTestRedis(): Promise<TestRedis> {
  const prefix = `wrtest:${randomBytes(8).toString('hex')}:`;
  const redis = connect();
  await redis.connect();
  let closed = false;
  return {
    prefix,
    redis,
    async cleanup() {
      if (closed) return;
      closed = true;
      // SCAN, not KEYS: the Redis may be shared with other work; the prefix is hex only, so it holds no glob character.
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}

/** A redis:// URL on a loopback port nothing listens on (it was free a moment ago): Redis down, for fail-open tests. */
export async function unreachableRedisUrl(): Promise<string> {
  return `redis://127.0.0.1:${await freePort()}`;
}
