/**
 * The compaction benchmark's table and its comparison with the targets: the
 * plan's 100 scripts per minute (§3.1's daily job) and the issue's aim of
 * 10,000.
 */
import type { StorageKind } from './bench-storage.js';
import { formatCount, formatMs, formatTable, type Summary } from './stats.js';

export interface CompactionFigures {
  storage: StorageKind;
  /** Scripts compacted. */
  scripts: number;
  /** Rows they had (all deleted, one baseline each written). */
  rows: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Wall time of the whole `compactAll`, candidate query included. */
  totalMs: number;
  /** Per-script `durationMs` (lock, read, merge, write, commit). */
  perScript: Summary;
}

const PLAN_SCRIPTS_PER_MINUTE = 100;
const AIM_SCRIPTS_PER_MINUTE = 10_000;

const perMinute = (f: CompactionFigures) => (f.scripts / f.totalMs) * 60_000;
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

export function printCompactionTable(figures: readonly CompactionFigures[]): void {
  const header = ['storage', 'scripts', 'rows', 'bytes before', 'bytes after', 'total s', 'scripts/min', 'rows/s', 'median ms', 'p95 ms'];
  const rows = figures.map((f) => [
    f.storage,
    formatCount(f.scripts),
    formatCount(f.rows),
    megabytes(f.bytesBefore),
    `${megabytes(f.bytesAfter)} (${((f.bytesAfter / f.bytesBefore) * 100).toFixed(0)}%)`,
    (f.totalMs / 1000).toFixed(2),
    formatCount(perMinute(f)),
    formatCount((f.rows / f.totalMs) * 1000),
    formatMs(f.perScript.median),
    formatMs(f.perScript.p95),
  ]);
  console.log(formatTable([header, ...rows]));
  console.log('\nper-script times are one compaction each: lock, read every row, merge through a Y.Doc, insert, delete, commit');
}

export function printTargetComparison(figures: readonly CompactionFigures[]): void {
  console.log(`\ntargets: the plan's ${PLAN_SCRIPTS_PER_MINUTE} scripts/min; the issue's aim, ${formatCount(AIM_SCRIPTS_PER_MINUTE)} scripts/min`);
  for (const f of figures) {
    const rate = perMinute(f);
    const verdict = rate >= AIM_SCRIPTS_PER_MINUTE ? 'meets the aim' : `${((rate / AIM_SCRIPTS_PER_MINUTE) * 100).toFixed(0)}% of the aim`;
    console.log(`  ${f.storage}: ${formatCount(rate)} scripts/min = ${(rate / PLAN_SCRIPTS_PER_MINUTE).toFixed(0)}x the plan; ${verdict}`);
  }
}
