import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics.js';
import type { CompactionOptions, CompactionOutcome, StoredVersion } from '../storage/storage.js';
import { Compactor, type CompactorOptions } from './compactor.js';

type Needed = CompactorOptions['storage'];

/**
 * A storage whose compactions take `ms` each and record how many ran at once
 * and the lock mode each asked for; merge is never called (no rows). A script
 * in `held` has its lock taken by someone else for `heldMs`: `try` is told
 * `locked` at once, `wait` (the storage's default) waits that long, as the
 * real storages do ([ST33]).
 */
function fakeStorage(options: {
  candidates: string[];
  rows?: number;
  ms?: number;
  fail?: (scriptId: string) => boolean;
  held?: string[];
  heldMs?: number;
}) {
  const calls: string[] = [];
  const locks: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const storage: Needed = {
    async compactionCandidates() {
      return options.candidates;
    },
    async countVersions() {
      return options.rows ?? 100;
    },
    async compactVersions(scriptId: string, merge: (rows: StoredVersion[]) => Uint8Array, compaction?: CompactionOptions): Promise<CompactionOutcome> {
      const lock = compaction?.lock ?? 'wait';
      calls.push(scriptId);
      locks.push(lock);
      if (options.held?.includes(scriptId)) {
        if (lock === 'try') return { status: 'skipped', reason: 'locked' };
        await delay(options.heldMs ?? 1000);
      }
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      try {
        await delay(options.ms ?? 5);
        if (options.fail?.(scriptId)) throw new Error(`cannot compact ${scriptId}`);
        merge([]);
        return { status: 'compacted', rowsRemoved: 10, bytesBefore: 100, bytesAfter: 40, upToVersionId: 10 };
      } finally {
        running -= 1;
      }
    },
  };
  return { storage, calls, locks, maxRunning: () => maxRunning };
}

const options = { intervalMs: 1000, maxRows: 50, maxAgeMs: 1000, liveIntervalMs: 200, liveQuietMs: 0 };

describe('Compactor', () => {
  it('[SY24] sweeps the candidates one at a time with lock try, and counts what it did', async () => {
    const fake = fakeStorage({ candidates: ['a', 'b', 'c'] });
    const metrics = new Metrics({ processMetrics: false });
    const compactor = new Compactor({ storage: fake.storage, ...options, metrics, logger: createLogger('silent') });
    compactor.scriptUnloaded('d');
    await Promise.all([compactor.sweep(), compactor.sweep()]);
    expect(fake.calls).toEqual(['d', 'a', 'b', 'c', 'a', 'b', 'c']);
    // Fails if the Compactor asks for any other mode (lock: 'wait', or none, which is the storage's 'wait').
    expect(fake.locks).toEqual(Array(7).fill('try'));
    expect(fake.maxRunning()).toBe(1);
    expect((await metrics.scriptsCompacted.get()).values.map((v) => [v.labels.trigger, v.value])).toEqual([
      ['unload', 1],
      ['interval', 6],
    ]);
    expect((await metrics.compactionRowsRemoved.get()).values[0]?.value).toBe(70);
    expect((await metrics.compactionBytesAfter.get()).values[0]?.value).toBe(280);
  });

  it('sweeps only when it is its turn (one process of several), and when the turn cannot be decided', async () => {
    // Fails if sweepNow ignores sweepTurn: the second compactor sweeps too.
    const fake = fakeStorage({ candidates: ['a'] });
    const metrics = new Metrics({ processMetrics: false });
    const turns = [() => Promise.resolve(true), () => Promise.resolve(false), () => Promise.reject(new Error('Redis is down'))];
    const compactor = new Compactor({ storage: fake.storage, ...options, metrics, logger: createLogger('silent'), sweepTurn: () => turns.shift()!() });
    await compactor.sweep();
    await compactor.sweep();
    await compactor.sweep();
    expect(fake.calls).toEqual(['a', 'a']);
  });

  it('[SY24] skips a script whose lock someone else holds, at once, counts it as locked, and goes on with the sweep', async () => {
    const fake = fakeStorage({ candidates: ['a', 'b', 'c'], held: ['b'], heldMs: 1000 });
    const metrics = new Metrics({ processMetrics: false });
    const compactor = new Compactor({ storage: fake.storage, ...options, metrics, logger: createLogger('silent') });
    const started = performance.now();
    await compactor.sweep();
    // Fails if the Compactor passes lock: 'wait' (compactor.ts): the sweep then waits out the holder.
    expect(performance.now() - started).toBeLessThan(500);
    expect(fake.calls).toEqual(['a', 'b', 'c']);
    expect((await metrics.compactionsSkipped.get()).values.map((v) => [v.labels.reason, v.value])).toEqual([['locked', 1]]);
    expect((await metrics.scriptsCompacted.get()).values.map((v) => [v.labels.trigger, v.value])).toEqual([['interval', 2]]);
  });

  it('[SY24] compacts an unloaded script only when it has more than maxRows rows, and queues it once', async () => {
    const small = fakeStorage({ candidates: [], rows: 50 });
    const compactor = new Compactor({ storage: small.storage, ...options, metrics: new Metrics({ processMetrics: false }), logger: createLogger('silent') });
    compactor.scriptUnloaded('a');
    // A sweep queues behind the unload's work: awaiting it waits for both.
    await compactor.sweep();
    expect(small.calls).toEqual([]);

    const large = fakeStorage({ candidates: [], rows: 51 });
    const other = new Compactor({ storage: large.storage, ...options, metrics: new Metrics({ processMetrics: false }), logger: createLogger('silent') });
    for (let i = 0; i < 3; i++) other.scriptUnloaded('a');
    await other.sweep();
    expect(large.calls).toEqual(['a']);
  });

  it('a failure is logged and counted, ends that sweep, and the queue carries on', async () => {
    const fake = fakeStorage({ candidates: ['a', 'b'], fail: (id) => id === 'a' });
    const metrics = new Metrics({ processMetrics: false });
    const compactor = new Compactor({ storage: fake.storage, ...options, metrics, logger: createLogger('silent') });
    await compactor.sweep();
    compactor.scriptUnloaded('c');
    await compactor.sweep();
    expect(fake.calls).toEqual(['a', 'c', 'a']);
    expect((await metrics.compactionFailures.get()).values[0]?.value).toBe(2);
    expect((await metrics.scriptsCompacted.get()).values.map((v) => [v.labels.trigger, v.value])).toEqual([['unload', 1]]);
  });

  it('stop waits for the compaction in progress and starts nothing after it', async () => {
    const fake = fakeStorage({ candidates: ['a', 'b', 'c'], ms: 30 });
    const compactor = new Compactor({ storage: fake.storage, ...options, metrics: new Metrics({ processMetrics: false }), logger: createLogger('silent') });
    void compactor.sweep();
    await delay(10);
    await compactor.stop();
    expect(fake.calls).toEqual(['a']);
    compactor.scriptUnloaded('d');
    await compactor.sweep();
    expect(fake.calls).toEqual(['a']);
  });

  it('an interval of 0 disables it: no timer, no compaction on unload', async () => {
    const fake = fakeStorage({ candidates: ['a'] });
    const compactor = new Compactor({ storage: fake.storage, ...options, intervalMs: 0, metrics: new Metrics({ processMetrics: false }), logger: createLogger('silent') });
    expect(compactor.enabled).toBe(false);
    compactor.start();
    compactor.scriptUnloaded('b');
    await compactor.stop();
    expect(fake.calls).toEqual([]);
  });

  it('sweeps on its own every interval', async () => {
    const fake = fakeStorage({ candidates: ['a'], ms: 1 });
    const compactor = new Compactor({ storage: fake.storage, ...options, intervalMs: 20, metrics: new Metrics({ processMetrics: false }), logger: createLogger('silent') });
    compactor.start();
    await delay(150);
    await compactor.stop();
    expect(fake.calls.length).toBeGreaterThanOrEqual(3);
  });

  it('[SY32] compacts a loaded script once its log passes maxRows, at most once per live interval, and stops at unload', async () => {
    const fake = fakeStorage({ candidates: [] });
    const metrics = new Metrics({ processMetrics: false });
    const compactor = new Compactor({ storage: fake.storage, ...options, metrics, logger: createLogger('silent') });
    compactor.scriptLoaded('x', 49);
    compactor.scriptStored('x');
    await delay(20);
    // 50 rows: not past the threshold.
    expect(fake.calls).toEqual([]);
    compactor.scriptStored('x');
    await delay(20);
    // Fails if stored rows are not counted, or a live script waits for the sweep or its unload.
    expect(fake.calls).toEqual(['x']);
    // The compaction left 51 - 10 + 1 = 42 rows; ten more pass the threshold again, but within the interval.
    for (let row = 0; row < 10; row++) compactor.scriptStored('x');
    await delay(50);
    // Fails if a script that keeps growing is compacted again every few rows (a burst would be merged over and over).
    expect(fake.calls).toEqual(['x']);
    await delay(200);
    expect(fake.calls).toEqual(['x', 'x']);
    expect((await metrics.scriptsCompacted.get()).values.map((v) => [v.labels.trigger, v.value])).toEqual([['live', 2]]);

    // Unloaded at shutdown: no longer watched, and no unload compaction.
    for (let row = 0; row < 60; row++) compactor.scriptStored('x');
    compactor.scriptUnloaded('x', false);
    await delay(250);
    expect(fake.calls).toEqual(['x', 'x']);
    await compactor.stop();

    // COMPACT_LIVE_INTERVAL_MS=0: loaded scripts are left to the sweep.
    const sweepOnly = new Compactor({ storage: fake.storage, ...options, liveIntervalMs: 0, metrics, logger: createLogger('silent') });
    sweepOnly.scriptLoaded('y', 500);
    sweepOnly.scriptStored('y');
    await delay(20);
    expect(fake.calls).toEqual(['x', 'x']);
    await sweepOnly.stop();
  });

  it('[SY32] at a shutdown with every row durable, compacts each loaded script past maxRows, and only those', async () => {
    const fake = fakeStorage({ candidates: [] });
    const metrics = new Metrics({ processMetrics: false });
    const compactor = new Compactor({ storage: fake.storage, ...options, liveIntervalMs: 60_000, metrics, logger: createLogger('silent') });
    compactor.scriptLoaded('long', 51);
    compactor.scriptLoaded('short', 10);
    await delay(20);
    expect(fake.calls).toEqual(['long']);
    // Past the threshold again within the live interval: left for later, which a shutdown does not wait for.
    for (let row = 0; row < 60; row++) compactor.scriptStored('long');
    await compactor.stop({ compactLongLogs: true });
    // Fails if stop leaves the rows stored since the last live compaction for the next process to replay.
    expect(fake.calls).toEqual(['long', 'long']);
    expect((await metrics.scriptsCompacted.get()).values.map((v) => [v.labels.trigger, v.value])).toEqual([
      ['live', 1],
      ['shutdown', 1],
    ]);

    const unflushed = new Compactor({ storage: fake.storage, ...options, liveIntervalMs: 60_000, metrics, logger: createLogger('silent') });
    unflushed.scriptLoaded('other', 51);
    await delay(20);
    for (let row = 0; row < 60; row++) unflushed.scriptStored('other');
    await unflushed.stop();
    expect(fake.calls).toEqual(['long', 'long', 'other']);
  });

  it('[SY32] runs a live compaction in a pause of the typing, or an interval late for writers who never pause', async () => {
    const fake = fakeStorage({ candidates: [] });
    const metrics = new Metrics({ processMetrics: false });
    const compactor = new Compactor({ storage: fake.storage, ...options, liveIntervalMs: 300, liveQuietMs: 100, metrics, logger: createLogger('silent') });
    compactor.scriptLoaded('x', 50);
    // A row every 20 ms: past the threshold, but no pause yet.
    for (let row = 0; row < 5; row++) {
      compactor.scriptStored('x');
      await delay(20);
    }
    // Fails if a live compaction starts while rows keep coming (the merge would hold up the keystrokes behind it).
    expect(fake.calls).toEqual([]);
    await delay(250);
    expect(fake.calls).toEqual(['x']);

    // Typing that never pauses gets it once the interval has passed and another interval went by waiting for a pause.
    const typing = setInterval(() => compactor.scriptStored('x'), 20);
    try {
      await delay(450);
      expect(fake.calls).toEqual(['x']);
      await delay(350);
      // Fails if the compaction waits for a pause forever.
      expect(fake.calls).toEqual(['x', 'x']);
    } finally {
      clearInterval(typing);
      await compactor.stop();
    }
  });
});
