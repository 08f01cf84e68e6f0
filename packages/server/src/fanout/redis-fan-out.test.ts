import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessEvents } from '../auth/access-events.js';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics.js';
import type { CatchUpReason, FanOutTarget } from '../sync/fan-out.js';
import { eventually } from '../../test/support/providers.js';
import { openTestRedis, redisAvailable, redisUrl, type TestRedis } from '../../test/support/redis.js';
import { encodeScriptMessage, fanOutChannels, type ScriptMessage } from './fan-out-message.js';
import { RedisFanOut } from './redis-fan-out.js';

/**
 * RedisFanOut on a real Redis, fed by hand-made messages of a process "p"
 * (published on the script's channel with a client of the test's own), so a
 * test can lose a message on purpose.
 */
describe.skipIf(!redisAvailable)('RedisFanOut (real Redis)', () => {
  let testRedis: TestRedis;
  let connection: Redis;
  let fanOut: RedisFanOut;
  beforeAll(async () => {
    testRedis = await openTestRedis();
    connection = new Redis(redisUrl);
    fanOut = new RedisFanOut({ redis: connection, keyPrefix: testRedis.prefix, events: new AccessEvents(), metrics: new Metrics({ processMetrics: false }), logger: createLogger('silent') });
    await eventually(() => fanOut.health().connected, 'the fan-out is subscribed');
  });
  afterAll(async () => {
    await fanOut.close();
    connection.disconnect();
    await testRedis.cleanup();
  });

  /** A room standing in for the registry's: records what reaches it; `incomplete` says which updates lack predecessors. */
  async function follow(scriptId: string, incomplete: (update: Uint8Array) => boolean = () => false) {
    const applied: number[] = [];
    const catchUps: CatchUpReason[] = [];
    const orphans: number[] = [];
    const target: FanOutTarget = {
      scriptId,
      applyRemoteUpdate: (update) => {
        applied.push(update[0]!);
        return incomplete(update) ? 'incomplete' : 'applied';
      },
      storeOrphans: (updates) => {
        orphans.push(...updates.map((update) => update[0]!));
        return Promise.resolve();
      },
      applyRemoteAwareness: () => undefined,
      removeRemotePresence: () => undefined,
      localAwareness: () => undefined,
      catchUp: (reason) => void catchUps.push(reason),
    };
    await fanOut.join(scriptId);
    fanOut.attach(target);
    const channel = fanOutChannels(testRedis.prefix).scriptPrefix + scriptId;
    const send = (message: ScriptMessage) => testRedis.redis.publish(channel, Buffer.from(encodeScriptMessage(message)));
    const update = (seq: number) => send({ type: 'update', processId: 'p', seq, sentAt: Date.now(), update: new Uint8Array([seq]) });
    return { applied, catchUps, orphans, update, committed: (seq: number) => send({ type: 'committed', processId: 'p', seq }) };
  }

  it('reads a lost update from storage only once its process announced it committed', async () => {
    // Fails if a gap is caught up at once (before the missing update's commit, published after it, a read could miss it).
    const script = await follow('gap-script');
    await script.update(1);
    await script.update(3);
    await eventually(() => script.applied.length === 2, 'both updates applied');
    expect(script.catchUps).toEqual([]);
    await script.committed(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(script.catchUps).toEqual([]);
    await script.committed(3);
    await eventually(() => script.catchUps.length > 0, 'a catch-up after the commit');
    expect(script.catchUps).toEqual(['gap']);
  });

  it('reads an update applied only in part at once, and again once its commit is announced', async () => {
    // Fails if the second read is left out: what the update built on may be committed only after the first read.
    const script = await follow('partial-script', (update) => update[0] === 2);
    await script.update(1);
    await script.update(2);
    await eventually(() => script.catchUps.length === 1, 'a catch-up at once');
    await script.committed(2);
    await eventually(() => script.catchUps.length === 2, 'a catch-up after the commit');
    expect(script.catchUps).toEqual(['missing-predecessor', 'gap']);
  });

  it('reads from storage when a commit is announced for an update it never heard of', async () => {
    const script = await follow('tail-script');
    await script.update(1);
    await script.committed(2);
    await eventually(() => script.catchUps.length === 1, 'a catch-up for the lost last update');
    expect(script.catchUps).toEqual(['tail']);
  });

  it('stores updates still awaiting their commit when it unloads the script, and drops them when the document was replaced', async () => {
    // Fails if leave() stores them whatever the reason: a replaced document would get the old copy's edits back.
    const unloaded = await follow('unloaded-script');
    await unloaded.update(1);
    await eventually(() => unloaded.applied.length === 1, 'the update applied');
    fanOut.leave('unloaded-script', 'unloaded');
    expect(unloaded.orphans).toEqual([1]);

    const replaced = await follow('replaced-script');
    await replaced.update(1);
    await eventually(() => replaced.applied.length === 1, 'the update applied');
    fanOut.leave('replaced-script', 'replaced');
    expect(replaced.orphans).toEqual([]);
  });
});
