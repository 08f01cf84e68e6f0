import type { Redis } from 'ioredis';

/**
 * The compactor's sweep turn with several processes on one Redis: the first
 * process to ask in an interval takes a lease for that interval (SET NX PX)
 * and sweeps; the others skip. The lease is never renewed or released, so a
 * process that dies mid-sweep holds nobody up past the interval.
 */
export function redisSweepTurn(redis: Redis, keyPrefix: string, holder: string, intervalMs: number): () => Promise<boolean> {
  const key = `${keyPrefix}compaction:sweep`;
  return async () => (await redis.set(key, holder, 'PX', intervalMs, 'NX')) === 'OK';
}
