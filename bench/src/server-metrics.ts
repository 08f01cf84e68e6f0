/**
 * The server's own view of first-sync latency: the histogram
 * `writersroom_sync_first_reply_seconds{load="cold"|"warm"}` on GET /metrics,
 * from the upgrade request's arrival to SyncStep2 handed to the socket. It
 * excludes the TCP connect and the client's receive, so it is the "server
 * time" the targets speak of. Histograms are cumulative: a phase's figures are
 * the difference of two readings.
 */

export const FIRST_REPLY_METRIC = 'writersroom_sync_first_reply_seconds';

export type LoadLabel = 'cold' | 'warm';

export interface HistogramTotals {
  /** Sum of the observations, in seconds. */
  sumSeconds: number;
  count: number;
}

export type FirstReplyTotals = Record<LoadLabel, HistogramTotals>;

/** The value of one sample line `name{labels} value` of Prometheus text, 0 when absent. */
function sampleValue(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.slice(sample.length + 1));
}

/** Sum and count of one labelled series of a histogram in Prometheus text exposition format. */
export function parseHistogramTotals(text: string, metric: string, load: LoadLabel): HistogramTotals {
  const labels = `{load="${load}"}`;
  return {
    sumSeconds: sampleValue(text, `${metric}_sum${labels}`),
    count: sampleValue(text, `${metric}_count${labels}`),
  };
}

/** Reads the first-reply histogram's totals for cold and warm from a running server. */
export async function readFirstReplyTotals(baseUrl: string): Promise<FirstReplyTotals> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  return {
    cold: parseHistogramTotals(text, FIRST_REPLY_METRIC, 'cold'),
    warm: parseHistogramTotals(text, FIRST_REPLY_METRIC, 'warm'),
  };
}

export interface ServerMeans {
  /** Mean milliseconds per observation between two readings; undefined when nothing was observed. */
  coldMs: number | undefined;
  warmMs: number | undefined;
  /** Observations between the readings, to check they match the connections made. */
  coldCount: number;
  warmCount: number;
}

/** Mean first-reply time per label over the observations made between `before` and `after`. */
export function meansBetween(before: FirstReplyTotals, after: FirstReplyTotals): ServerMeans {
  const mean = (load: LoadLabel) => {
    const count = after[load].count - before[load].count;
    return count > 0 ? ((after[load].sumSeconds - before[load].sumSeconds) / count) * 1000 : undefined;
  };
  return {
    coldMs: mean('cold'),
    warmMs: mean('warm'),
    coldCount: after.cold.count - before.cold.count,
    warmCount: after.warm.count - before.warm.count,
  };
}
