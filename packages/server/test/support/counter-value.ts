import type { Counter, Gauge } from 'prom-client';

/** The current value of a counter or gauge (of the series with `labels`, if given); 0 when nothing was recorded. */
export async function counterValue(metric: Counter | Gauge, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metric.get();
  const series = values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label));
  return series?.value ?? 0;
}
