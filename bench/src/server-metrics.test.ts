import { describe, expect, it } from 'vitest';
import { Metrics } from '../../packages/server/src/metrics.js';
import { FIRST_REPLY_METRIC, meansBetween, parseHistogramTotals, type FirstReplyTotals } from './server-metrics.js';
import { summarize } from './stats.js';
import { encodeEmptySyncStep1, isSyncStep2 } from './sync-client.js';

describe('server-measured first-reply figures', () => {
  it('reads sum and count of each load label from the server registry text', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.firstSyncReply.observe({ load: 'cold' }, 0.02);
    metrics.firstSyncReply.observe({ load: 'cold' }, 0.04);
    metrics.firstSyncReply.observe({ load: 'warm' }, 0.003);
    const text = await metrics.registry.metrics();
    expect(parseHistogramTotals(text, FIRST_REPLY_METRIC, 'cold')).toEqual({ sumSeconds: expect.closeTo(0.06, 9), count: 2 });
    expect(parseHistogramTotals(text, FIRST_REPLY_METRIC, 'warm')).toEqual({ sumSeconds: expect.closeTo(0.003, 9), count: 1 });
  });

  it('averages only the observations between two readings, in milliseconds', () => {
    const before: FirstReplyTotals = { cold: { sumSeconds: 1, count: 10 }, warm: { sumSeconds: 0.5, count: 10 } };
    const after: FirstReplyTotals = { cold: { sumSeconds: 1.03, count: 12 }, warm: { sumSeconds: 0.5, count: 10 } };
    const means = meansBetween(before, after);
    expect(means.coldMs).toBeCloseTo(15, 9);
    expect(means.warmMs).toBeUndefined();
    expect(means.coldCount).toBe(2);
  });
});

describe('order statistics', () => {
  it('gives the median, the nearest-rank p95 and p99 and the extremes', () => {
    const samples = Array.from({ length: 30 }, (_, i) => 30 - i);
    expect(summarize(samples)).toEqual({ count: 30, median: 15.5, p95: 29, p99: 30, min: 1, max: 30 });
    expect(summarize([3, 1, 2]).median).toBe(2);
    // 500 samples: the 495th smallest, not the slowest.
    expect(summarize(Array.from({ length: 500 }, (_, i) => i + 1)).p99).toBe(495);
  });
});

describe('raw sync client frames', () => {
  it('asks for everything with an empty state vector and recognises only SyncStep2', () => {
    expect(Array.from(encodeEmptySyncStep1())).toEqual([0, 0, 1, 0]);
    expect(isSyncStep2(new Uint8Array([0, 1, 2, 0, 0]))).toBe(true);
    expect(isSyncStep2(new Uint8Array([0, 0, 1, 0]))).toBe(false);
    expect(isSyncStep2(new Uint8Array([1, 1]))).toBe(false);
    expect(isSyncStep2(new Uint8Array([]))).toBe(false);
  });
});
