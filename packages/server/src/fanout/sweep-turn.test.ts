import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRedis, redisAvailable, type TestRedis } from '../../test/support/redis.js';
import { redisSweepTurn } from './sweep-turn.js';

describe.skipIf(!redisAvailable)('redisSweepTurn (real Redis)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await openTestRedis();
  });
  afterAll(() => redis.cleanup());

  it('gives one process of several the sweep per interval, and another the next interval', async () => {
    // Fails without NX (every process sweeps) or without PX (the first holder keeps the turn for ever).
    const processA = redisSweepTurn(redis.redis, redis.prefix, 'a', 200);
    const processB = redisSweepTurn(redis.redis, redis.prefix, 'b', 200);
    expect([await processA(), await processB(), await processA()]).toEqual([true, false, false]);
    await delay(250);
    expect([await processB(), await processA()]).toEqual([true, false]);
  });
});
