/**
 * `npm run bench -- load`: how long a writer waits for a 120-page script to
 * appear, from opening the WebSocket to receiving the server's SyncStep2.
 *
 * For each storage and each history length (rows stored after the script's
 * baseline) it creates `runs` distinct scripts, so each cold figure really is
 * a load from the database; then, one script at a time, it times a first
 * connection (cold: the server loads the script) and, while that one is still
 * open, a second (warm: the script is in memory). The server's own histogram
 * gives the same figures without the TCP connect and the client's receive.
 */
import * as Y from 'yjs';
import type { BenchOptions } from './bench-options.js';
import { createStoredScripts, provisionBenchUser, startBenchServer, type BenchServer } from './bench-server.js';
import { openBenchStorage, selectStorages, type BenchStorage, type StorageKind } from './bench-storage.js';
import { measureColdLoadBreakdown } from './load-breakdown.js';
import { printBreakdown, printFixture, printLoadTable, printTargetComparison, type LoadResult, type LoadWorkload } from './load-report.js';
import { createScreenplayFixture, generateEditingUpdates } from './screenplay-fixture.js';
import { meansBetween, readFirstReplyTotals } from './server-metrics.js';
import { summarize } from './stats.js';
import { closeSocket, timeFirstSync } from './sync-client.js';

/** Rows stored after the baseline: a freshly compacted script, a day's edits, a long session's. */
export const HISTORY_ROWS = [0, 100, 1000] as const;

/** Unmeasured scripts opened first in every phase, so JIT and connection pools are warm. */
const WARMUP_SCRIPTS = 2;

/** Scripts whose cold load is also timed step by step (the breakdown needs fewer runs than the table). */
const BREAKDOWN_SCRIPTS = 10;

interface PairTiming {
  coldMs: number;
  warmMs: number;
  replyBytes: number;
}

/** Times a cold connection, then a warm one while the cold one is open; closes both. */
async function timeColdThenWarm(url: string): Promise<PairTiming> {
  const first = await timeFirstSync(url);
  try {
    const second = await timeFirstSync(url);
    await closeSocket(second.socket);
    return { coldMs: first.elapsedMs, warmMs: second.elapsedMs, replyBytes: first.replyBytes };
  } finally {
    await closeSocket(first.socket);
  }
}

/** One (storage, history length) phase: store scripts, warm up, measure, break the cold load down. */
async function measurePhase(server: BenchServer, bench: BenchStorage, rows: number, workload: LoadWorkload, runs: number): Promise<LoadResult> {
  const { kind, storage } = bench;
  const userId = await provisionBenchUser(storage);
  const seedStarted = performance.now();
  const scriptIds = await createStoredScripts(storage, userId, WARMUP_SCRIPTS + runs, workload.baseline, workload.updates.slice(0, rows));
  const seedMs = performance.now() - seedStarted;
  const [warmups, measured] = [scriptIds.slice(0, WARMUP_SCRIPTS), scriptIds.slice(WARMUP_SCRIPTS)];

  for (const scriptId of warmups) await timeColdThenWarm(server.scriptUrl(scriptId));
  const before = await readFirstReplyTotals(server.url);
  const timings: PairTiming[] = [];
  for (const scriptId of measured) timings.push(await timeColdThenWarm(server.scriptUrl(scriptId)));
  const after = await readFirstReplyTotals(server.url);

  const breakdown = await measureColdLoadBreakdown(storage, userId, measured.slice(0, BREAKDOWN_SCRIPTS));
  console.log(`  ${kind} ${rows} rows: stored ${scriptIds.length} scripts in ${seedMs.toFixed(0)} ms, measured ${runs} pairs`);
  return {
    storage: kind,
    rows,
    cold: summarize(timings.map((t) => t.coldMs)),
    warm: summarize(timings.map((t) => t.warmMs)),
    server: meansBetween(before, after),
    replyBytes: timings[0]?.replyBytes ?? 0,
    breakdown,
  };
}

/** Every phase of one storage, on one server; storage and server are closed and deleted afterwards. */
async function measureStorage(kind: StorageKind, workload: LoadWorkload, runs: number): Promise<LoadResult[]> {
  const bench = await openBenchStorage(kind);
  try {
    const server = await startBenchServer(bench.storage);
    try {
      const results: LoadResult[] = [];
      for (const rows of HISTORY_ROWS) {
        results.push(await measurePhase(server, bench, rows, workload, runs));
      }
      return results;
    } finally {
      await server.close();
    }
  } finally {
    await bench.cleanup();
  }
}

/** Entry point called by main.ts. Prints figures; never asserts timings. */
export async function run(options: BenchOptions): Promise<void> {
  const kinds = await selectStorages(options.storage);
  const fixture = createScreenplayFixture();
  const baseline = Y.encodeStateAsUpdate(fixture.doc);
  const updates = generateEditingUpdates(fixture.doc, Math.max(...HISTORY_ROWS));
  fixture.doc.destroy();
  printFixture(fixture, baseline, updates);
  console.log(`runs: ${options.runs} scripts per (storage, rows), each opened cold then warm; ${WARMUP_SCRIPTS} warm-up scripts first\n`);

  const results: LoadResult[] = [];
  for (const kind of kinds) results.push(...(await measureStorage(kind, { baseline, updates }, options.runs)));
  console.log('');
  printLoadTable(results);
  printBreakdown(results, Math.min(BREAKDOWN_SCRIPTS, options.runs));
  printTargetComparison(results);
}
