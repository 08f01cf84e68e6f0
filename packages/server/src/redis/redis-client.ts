import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

const CONNECT_TIMEOUT_MS = 2_000;

/**
 * The Redis connection of one server process, for state that several
 * processes share (rate limits and socket quotas today). Commands fail at
 * once while Redis is unreachable, instead of queueing behind a reconnect:
 * the limits built on it fail open then (a writer is never locked out by a
 * Redis outage), and each outage is logged when it starts and when it ends.
 * ioredis reconnects by itself, with back-off.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'Redis is unreachable; shared limits are not enforced until it is back');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('Redis is reachable again');
  });
  return redis;
}

/**
 * Resolves once `redis` is ready, or once its first attempt to connect failed
 * (then the limits fail open, logged, until it is back), and at the latest
 * after the connect timeout. The server waits for it before it listens:
 * commands fail at once until the connection is ready, so a process that
 * listened at once would count nothing, silently, for its first moments.
 */
export function redisSettled(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const settle = () => {
      clearTimeout(timer);
      redis.off('ready', settle).off('error', settle).off('end', settle);
      resolve();
    };
    const timer = setTimeout(settle, CONNECT_TIMEOUT_MS);
    redis.once('ready', settle).once('error', settle).once('end', settle);
  });
}
