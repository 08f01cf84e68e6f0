/**
 * Order statistics of a handful of timings. Medians and p95 rather than means:
 * one garbage-collection pause in thirty runs moves a mean a lot and a median
 * not at all, and p95 shows the tail a user actually waits through now and then.
 */

export interface Summary {
  count: number;
  median: number;
  /** Nearest-rank 95th percentile: with 30 samples, the 29th smallest. */
  p95: number;
  /** Nearest-rank 99th percentile: with 500 samples, the 495th smallest; below 100 samples, the slowest. */
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples, `p` in (0, 100]. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Median of sorted samples (the mean of the middle two for an even count). */
function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/** Summarises samples (any unit; the result is in the same unit). NaN fields for no samples. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: median(sorted),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Milliseconds for a table cell: one decimal, two below 10 ms, "-" when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '-';
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

/** An integer with thousands separators ("246,754"), the same on every locale. */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Pads each column to its widest cell; the first column left-aligned, the rest right-aligned. */
export function formatTable(rows: ReadonlyArray<readonly string[]>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '))
    .join('\n');
}
