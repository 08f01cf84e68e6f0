/** Tables of `npm run bench -- anchors`: one row per server, the ratio to the best peer beside each. */
import { formatCount, formatMs, formatTable, summarize } from '../stats.js';
import type { Anchor } from './servers.js';

/** The peers the ratios are taken against (WritersRoom rows are measured against them). */
const isPeer = (anchor: Anchor) => !anchor.id.startsWith('writersroom');

export interface Row {
  anchor: Anchor;
  samples: readonly number[];
}

/** `value / best`, where best is the lowest (or, for throughput, highest) peer median. */
function ratio(value: number, best: number | undefined, higherIsBetter: boolean): string {
  if (best === undefined || Number.isNaN(value) || best === 0) return '-';
  return `${(higherIsBetter ? best / value : value / best).toFixed(2)}×`;
}

function bestPeer(rows: readonly Row[], higherIsBetter: boolean): number | undefined {
  const medians = rows.filter((row) => isPeer(row.anchor) && row.samples.length > 0).map((row) => summarize(row.samples).median);
  if (medians.length === 0) return undefined;
  return higherIsBetter ? Math.max(...medians) : Math.min(...medians);
}

/** Latency table: n, median, p95, p99, max in ms, and median ÷ best peer median. */
export function printLatencyTable(title: string, rows: readonly Row[]): void {
  const best = bestPeer(rows, false);
  console.log(`\n${title}`);
  console.log(
    formatTable([
      ['server', 'n', 'median ms', 'p95', 'p99', 'max', '÷ best peer'],
      ...rows.map(({ anchor, samples }) => {
        const s = summarize(samples);
        return [anchor.label, String(s.count), formatMs(s.median), formatMs(s.p95), formatMs(s.p99), formatMs(s.max), ratio(s.median, best, false)];
      }),
    ]),
  );
}

/** Throughput table (samples are rates): median, slowest; ratio as "times slower than the best peer". */
export function printRateTable(title: string, unit: string, rows: readonly Row[]): void {
  const best = bestPeer(rows, true);
  console.log(`\n${title}`);
  console.log(
    formatTable([
      ['server', 'n', `median ${unit}`, 'slowest', 'best peer ÷'],
      ...rows.map(({ anchor, samples }) => {
        const s = summarize(samples);
        return [anchor.label, String(s.count), formatCount(s.median), formatCount(s.min), ratio(s.median, best, true)];
      }),
    ]),
  );
}

export interface MemoryRow {
  anchor: Anchor;
  idleBytes: number;
  perScriptBytes: number;
}

export function printMemoryTable(title: string, rows: readonly MemoryRow[]): void {
  const peers = rows.filter((row) => isPeer(row.anchor));
  const bestIdle = peers.length > 0 ? Math.min(...peers.map((row) => row.idleBytes)) : undefined;
  const bestPer = peers.length > 0 ? Math.min(...peers.map((row) => row.perScriptBytes)) : undefined;
  console.log(`\n${title}`);
  console.log(
    formatTable([
      ['server', 'idle RSS MiB', '÷ best peer', 'per script+socket KiB', '÷ best peer'],
      ...rows.map(({ anchor, idleBytes, perScriptBytes }) => [
        anchor.label,
        (idleBytes / 2 ** 20).toFixed(1),
        ratio(idleBytes, bestIdle, false),
        formatCount(perScriptBytes / 1024),
        ratio(perScriptBytes, bestPer, false),
      ]),
    ]),
  );
}
