/**
 * `npm run bench -- compact`: how fast the server's compaction works through
 * a backlog, the way `writersroom compact --all` or the scheduler's sweep
 * does (`compactAll`: one script at a time, lock 'try').
 *
 * Per storage it stores `--scripts` scripts (default 1000), each a baseline of
 * a small screenplay plus 49–499 typing-sized update rows (50–500 rows in
 * all), then times `compactAll` over every one of them and prints scripts per
 * minute, rows per second, bytes before and after, and the per-script time.
 * The rows come from a few seeded typing histories (each script takes a
 * prefix of one), so generating them costs little and every run stores the
 * same bytes. A sample of scripts is then checked: the compacted log rebuilds
 * exactly the document its rows did. One run per storage (`--runs` is not
 * used); `--scripts N` scales it.
 */
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from '@writersroom/screenplay';
import { compactAll, type CompactionResult } from '../../packages/server/src/maintenance/compaction.js';
import type { NewVersion, ScriptId, Storage } from '../../packages/server/src/storage/storage.js';
import type { BenchOptions } from './bench-options.js';
import { provisionBenchUser } from './bench-server.js';
import { openBenchStorage, selectStorages, type StorageKind } from './bench-storage.js';
import { printCompactionTable, printTargetComparison, type CompactionFigures } from './compact-report.js';
import { createScreenplayFixture, generateEditingUpdates } from './screenplay-fixture.js';
import { SeededRandom } from './seeded-random.js';
import { formatCount, summarize } from './stats.js';

export const DEFAULT_SCRIPTS = 1000;
/** Rows per script, baseline included: the 50–500. */
const MIN_ROWS = 50;
const MAX_ROWS = 500;
/** A small screenplay: a short film's worth of pages. */
const PAGES = 3;
/** Distinct typing histories the scripts' rows are cut from. */
const HISTORIES = 8;
/** Rows per `appendVersions` call while storing (several scripts per transaction). */
const STORE_BATCH_ROWS = 5000;
/** Scripts whose compacted document is checked against their rows. */
const VERIFIED_SCRIPTS = 20;
const SEED = 20_250_131;

interface Workload {
  baseline: Uint8Array;
  histories: Uint8Array[][];
  /** Per script: which history, and how many rows in all (baseline + updates). */
  scripts: Array<{ history: number; rows: number }>;
}

function buildWorkload(count: number): Workload {
  const fixture = createScreenplayFixture(SEED, PAGES);
  const baseline = Y.encodeStateAsUpdate(fixture.doc);
  const histories = Array.from({ length: HISTORIES }, (_, h) => generateEditingUpdates(fixture.doc, MAX_ROWS - 1, SEED + h));
  fixture.doc.destroy();
  const random = new SeededRandom(SEED);
  const scripts = Array.from({ length: count }, () => ({ history: random.int(0, HISTORIES - 1), rows: random.int(MIN_ROWS, MAX_ROWS) }));
  return { baseline, histories, scripts };
}

function rowsOf(workload: Workload, index: number): Uint8Array[] {
  const script = workload.scripts[index]!;
  return [workload.baseline, ...workload.histories[script.history]!.slice(0, script.rows - 1)];
}

/** Stores every script (createScript each, rows batched across scripts); returns ids in workload order. */
async function storeScripts(storage: Storage, workload: Workload): Promise<ScriptId[]> {
  const ownerId = await provisionBenchUser(storage);
  const ids: ScriptId[] = [];
  let batch: NewVersion[] = [];
  for (let i = 0; i < workload.scripts.length; i++) {
    const { scriptId } = await storage.createScript({ ownerId, title: `Compaction bench ${i + 1}` });
    ids.push(scriptId);
    rowsOf(workload, i).forEach((update, row) => batch.push({ scriptId, update, createdBy: row === 0 ? null : ownerId, kind: row === 0 ? 'baseline' : 'update' }));
    if (batch.length >= STORE_BATCH_ROWS) {
      await storage.appendVersions(batch);
      batch = [];
    }
  }
  await storage.appendVersions(batch);
  return ids;
}

function documentText(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  doc.transact(() => updates.forEach((update) => Y.applyUpdate(doc, update)));
  const text = doc.getXmlFragment(DOCUMENT_FRAGMENT).toString();
  doc.destroy();
  return text;
}

/** Checks a spread-out sample: one row left, and it rebuilds the document the original rows built. */
async function verifySample(storage: Storage, workload: Workload, ids: readonly ScriptId[]): Promise<number> {
  const step = Math.max(1, Math.floor(ids.length / VERIFIED_SCRIPTS));
  let checked = 0;
  for (let i = 0; i < ids.length; i += step) {
    const stored = await storage.loadVersions(ids[i]!);
    if (stored.length !== 1 || documentText(stored.map((v) => v.update)) !== documentText(rowsOf(workload, i))) {
      throw new Error(`compaction bench: script ${i + 1} does not rebuild its document after compaction`);
    }
    checked += 1;
  }
  return checked;
}

async function measureStorage(kind: StorageKind, workload: Workload): Promise<CompactionFigures> {
  const bench = await openBenchStorage(kind);
  try {
    const { storage } = bench;
    const storeStarted = performance.now();
    const ids = await storeScripts(storage, workload);
    const storeMs = performance.now() - storeStarted;
    // Every script qualifies by its row count, as with the default policy (50 rows) a script just over it would.
    const policy = { maxRows: MIN_ROWS - 1, maxAgeMs: 7 * 24 * 3600 * 1000, now: new Date() };

    const started = performance.now();
    const results: CompactionResult[] = await compactAll(storage, policy);
    const totalMs = performance.now() - started;

    const emptyStarted = performance.now();
    const again = await compactAll(storage, { ...policy, now: new Date() });
    const emptySweepMs = performance.now() - emptyStarted;
    const verified = await verifySample(storage, workload, ids);

    const compacted = results.filter((r) => r.status === 'compacted');
    if (compacted.length !== ids.length || again.length !== 0) {
      throw new Error(`compaction bench: ${compacted.length} of ${ids.length} scripts compacted, ${again.length} left for a second pass`);
    }
    console.log(
      `  ${kind}: stored ${formatCount(ids.length)} scripts in ${(storeMs / 1000).toFixed(1)} s; compacted them in ` +
        `${(totalMs / 1000).toFixed(1)} s; a sweep with nothing to do took ${emptySweepMs.toFixed(1)} ms; ${verified} checked`,
    );
    return {
      storage: kind,
      scripts: compacted.length,
      rows: compacted.reduce((sum, r) => sum + r.rowsRemoved, 0),
      bytesBefore: compacted.reduce((sum, r) => sum + r.bytesBefore, 0),
      bytesAfter: compacted.reduce((sum, r) => sum + r.bytesAfter, 0),
      totalMs,
      perScript: summarize(compacted.map((r) => r.durationMs)),
    };
  } finally {
    await bench.cleanup();
  }
}

/** Entry point called by main.ts. Prints figures; never asserts timings. */
export async function run(options: BenchOptions): Promise<void> {
  const kinds = await selectStorages(options.storage);
  const count = options.scripts ?? DEFAULT_SCRIPTS;
  const workload = buildWorkload(count);
  const rows = workload.scripts.reduce((sum, s) => sum + s.rows, 0);
  const updateBytes = workload.histories.flat().reduce((sum, u) => sum + u.byteLength, 0) / workload.histories.flat().length;
  console.log(
    `workload: ${formatCount(count)} scripts of ${MIN_ROWS}–${MAX_ROWS} rows (${formatCount(rows)} rows in all): ` +
      `a ${PAGES}-page screenplay baseline (${formatCount(workload.baseline.byteLength)} B) plus typing updates ` +
      `(mean ${updateBytes.toFixed(0)} B) from ${HISTORIES} seeded histories`,
  );
  console.log('compaction: compactAll, one script at a time, lock \'try\', merge through a Y.Doc\n');

  const figures: CompactionFigures[] = [];
  for (const kind of kinds) figures.push(await measureStorage(kind, workload));
  console.log('');
  printCompactionTable(figures);
  printTargetComparison(figures);
}
