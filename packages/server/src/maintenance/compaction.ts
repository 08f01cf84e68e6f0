import * as Y from 'yjs';
import type { CompactionOptions, CompactionPolicy, LogCompaction, ScriptId, StoredVersion } from '../storage/storage.js';
import { COMPACTION_ORIGIN } from '../sync/origins.js';
import { rebuildDocument } from './rebuild-document.js';

/**
 * Why a script was not compacted: `too-few-rows` (nothing to merge),
 * `locked` (another compactor holds the script, with `lock: 'try'`),
 * `damaged` (its rows do not rebuild a whole document: opening the script
 * repairs it first, see openScriptDocument).
 */
export type CompactionSkipReason = 'too-few-rows' | 'locked' | 'damaged';

export interface CompactionResult {
  scriptId: ScriptId;
  status: 'compacted' | 'skipped';
  /** Set when skipped. */
  reason?: CompactionSkipReason;
  /** Rows read under the lock and merged; 0 when skipped before the merge (`too-few-rows`, `locked`). */
  rowsBefore: number;
  /** Rows deleted (all of `rowsBefore`), replaced by one baseline row; 0 when skipped. */
  rowsRemoved: number;
  /** Total `update` bytes of the rows merged; 0 when skipped before the merge. */
  bytesBefore: number;
  /** Size of the baseline written; 0 when skipped. */
  bytesAfter: number;
  /** Wall time of the whole call, lock wait included. */
  durationMs: number;
}

export type CompactScriptOptions = Pick<CompactionOptions, 'lock' | 'afterInsert' | 'beforeCommit'>;

/**
 * Thrown by `mergeVersionRows` (inside the storage transaction, which it rolls
 * back) when the rows are not a whole document; `compactScript` reports it as
 * `skipped`/`damaged`.
 */
export class DamagedLogError extends Error {
  override readonly name = 'DamagedLogError';
}

/**
 * The merge: the rows rebuilt into a fresh `Y.Doc` (`rebuildDocument`), then
 * the doc's whole state encoded as one update. Unlike `Y.mergeUpdates`
 * (superlinear, yjs#710, and keeps deleted text), the doc garbage-collects
 * deleted content, so the baseline holds only what is still in the
 * document, plus the small tombstones concurrent edits need.
 *
 * A row that does not decode, or pending structs or deletes afterwards (a row
 * whose predecessor is missing), means the log is damaged: a baseline of it
 * would make the damage permanent (the pending part would be dropped from the
 * baseline while the rows that could repair it were deleted), so it throws.
 */
export function mergeVersionRows(rows: readonly StoredVersion[]): Uint8Array {
  const { doc, undecodable, pending } = rebuildDocument(rows, COMPACTION_ORIGIN);
  try {
    if (undecodable.length > 0) throw new DamagedLogError(`row ${undecodable[0]!.row.versionId} does not decode: ${undecodable[0]!.error}`);
    if (pending) throw new DamagedLogError('rows with missing predecessors');
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Compacts one script now (storage SPEC [ST30]–[ST33]): its rows, read under
 * the script's lock, become one baseline; rows written meanwhile survive. A
 * damaged log is left alone (`skipped`, `damaged`), never baked into a
 * baseline. Safe while the script is loaded and edited, and with the server
 * stopped. Default lock: `wait`.
 *
 * @throws the storage's errors (database unreachable; SQLite's SQLITE_BUSY
 *   when `wait` times out). Nothing is changed then.
 */
export async function compactScript(
  storage: Pick<LogCompaction, 'compactVersions'>,
  scriptId: ScriptId,
  options: CompactScriptOptions = {},
): Promise<CompactionResult> {
  const started = performance.now();
  let rowsBefore = 0;
  let bytesBefore = 0;
  const merge = (rows: StoredVersion[]) => {
    rowsBefore = rows.length;
    bytesBefore = rows.reduce((sum, row) => sum + row.update.byteLength, 0);
    return mergeVersionRows(rows);
  };
  const skipped = (reason: CompactionSkipReason): CompactionResult => ({
    scriptId,
    status: 'skipped',
    reason,
    rowsBefore,
    rowsRemoved: 0,
    bytesBefore,
    bytesAfter: 0,
    durationMs: performance.now() - started,
  });

  let outcome;
  try {
    outcome = await storage.compactVersions(scriptId, merge, options);
  } catch (error) {
    if (error instanceof DamagedLogError) return skipped('damaged');
    throw error;
  }
  if (outcome.status === 'skipped') return skipped(outcome.reason);
  return {
    scriptId,
    status: 'compacted',
    rowsBefore,
    rowsRemoved: outcome.rowsRemoved,
    bytesBefore: outcome.bytesBefore,
    bytesAfter: outcome.bytesAfter,
    durationMs: performance.now() - started,
  };
}

export interface CompactAllOptions {
  /** Default `try`: a script another compactor is working on is skipped, not waited for. */
  lock?: 'wait' | 'try';
  /** Stops after the script being compacted when aborted (shutdown). */
  signal?: AbortSignal;
}

/**
 * Compacts every candidate of `policy` (storage `compactionCandidates`), one
 * script at a time, and returns one result per script attempted, in order.
 * `onProgress` is called after each script with it and the running count.
 *
 * @throws the first storage error; scripts compacted before it stay compacted.
 */
export async function compactAll(
  storage: LogCompaction,
  policy: CompactionPolicy,
  onProgress?: (result: CompactionResult, done: number, total: number) => void,
  options: CompactAllOptions = {},
): Promise<CompactionResult[]> {
  const candidates = await storage.compactionCandidates(policy);
  const results: CompactionResult[] = [];
  for (const scriptId of candidates) {
    if (options.signal?.aborted) break;
    const result = await compactScript(storage, scriptId, { lock: options.lock ?? 'try' });
    results.push(result);
    onProgress?.(result, results.length, candidates.length);
  }
  return results;
}
