import type { Logger } from '../logger.js';
import { compactScript, type CompactionResult } from '../maintenance/compaction.js';
import type { Metrics } from '../metrics.js';
import type { DocumentLog, LogCompaction, ScriptId } from '../storage/storage.js';

export interface CompactorOptions {
  storage: LogCompaction & Pick<DocumentLog, 'countVersions'>;
  metrics: Metrics;
  logger: Logger;
  /** Between the end of one sweep and the start of the next; 0 disables the compactor altogether. */
  intervalMs: number;
  /** A script with more rows is compacted (by a sweep, or when it unloads). */
  maxRows: number;
  /** A script whose oldest row is older than this (and has 2 rows or more) is compacted by a sweep. */
  maxAgeMs: number;
}

export type CompactionTrigger = 'interval' | 'unload';

/**
 * The server's background compaction (sync SPEC [SY24]–[SY25]). Every
 * `intervalMs` it sweeps the storage's candidates; when a script unloads with
 * more than `maxRows` rows it compacts that one. All of it runs one script at
 * a time, on one queue, with `lock: 'try'`, so a script another process (a
 * second server, the CLI) is compacting is skipped rather than waited for.
 *
 * Compaction never touches a loaded document: it rewrites stored rows into an
 * equivalent baseline while the group commit keeps appending, so it needs no
 * coordination with rooms.
 */
export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  /** The queue: every piece of work chains onto this, so at most one runs. */
  private tail: Promise<void> = Promise.resolve();
  private readonly queued = new Set<ScriptId>();
  private stopped = false;
  private readonly storage: CompactorOptions['storage'];
  private readonly metrics: Metrics;
  private readonly logger: Logger;

  constructor(private readonly options: CompactorOptions) {
    ({ storage: this.storage, metrics: this.metrics, logger: this.logger } = options);
  }

  get enabled(): boolean {
    return this.options.intervalMs > 0;
  }

  /** Schedules the first sweep one interval from now; no-op when disabled. */
  start(): void {
    if (!this.enabled || this.stopped) return;
    this.scheduleSweep();
  }

  /**
   * A script left memory (after its final projection): compact it if its log
   * is longer than `maxRows`. Returns at once; the work is queued.
   */
  scriptUnloaded(scriptId: ScriptId): void {
    if (!this.enabled || this.stopped || this.queued.has(scriptId)) return;
    this.queued.add(scriptId);
    this.enqueue(async () => {
      this.queued.delete(scriptId);
      if ((await this.storage.countVersions(scriptId)) <= this.options.maxRows) return;
      await this.compact(scriptId, 'unload');
    }, { scriptId, trigger: 'unload' });
  }

  /** Runs one sweep now (tests, and the timer). Resolves when it is done. */
  sweep(): Promise<void> {
    return this.enqueue(() => this.sweepNow(), { trigger: 'interval' });
  }

  /** No new work starts; resolves once the work in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.tail;
  }

  private scheduleSweep(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sweep().finally(() => {
        if (!this.stopped) this.scheduleSweep();
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Chains `work` onto the queue; its failure is logged, never thrown, and never stops the queue. */
  private enqueue(work: () => Promise<void>, context: Record<string, unknown>): Promise<void> {
    const run = this.tail.then(async () => {
      if (this.stopped) return;
      try {
        await work();
      } catch (error) {
        this.metrics.compactionFailures.inc();
        this.logger.warn({ err: error, ...context }, 'compaction failed; will try again later');
      }
    });
    this.tail = run;
    return run;
  }

  private async sweepNow(): Promise<void> {
    const candidates = await this.storage.compactionCandidates({
      maxRows: this.options.maxRows,
      maxAgeMs: this.options.maxAgeMs,
      now: new Date(),
    });
    if (candidates.length > 0) this.logger.debug({ candidates: candidates.length }, 'compaction sweep');
    // A failure ends the sweep (the database is likely down); the next one starts over.
    for (const scriptId of candidates) {
      if (this.stopped) return;
      await this.compact(scriptId, 'interval');
    }
  }

  private async compact(scriptId: ScriptId, trigger: CompactionTrigger): Promise<CompactionResult> {
    const result = await compactScript(this.storage, scriptId, { lock: 'try' });
    this.record(result, trigger);
    return result;
  }

  private record(result: CompactionResult, trigger: CompactionTrigger): void {
    const { scriptId, rowsBefore, rowsRemoved, bytesBefore, bytesAfter, durationMs } = result;
    if (result.status === 'compacted') {
      this.metrics.scriptsCompacted.inc({ trigger });
      this.metrics.compactionRowsRemoved.inc(rowsRemoved);
      this.metrics.compactionBytesBefore.inc(bytesBefore);
      this.metrics.compactionBytesAfter.inc(bytesAfter);
      this.metrics.compactionDuration.observe(durationMs / 1000);
      this.logger.info(
        { scriptId, trigger, rowsBefore, rowsRemoved, bytesBefore, bytesAfter, ms: Math.round(durationMs * 10) / 10 },
        'script compacted',
      );
      return;
    }
    const reason = result.reason ?? 'too-few-rows';
    this.metrics.compactionsSkipped.inc({ reason });
    if (reason === 'damaged') {
      this.logger.warn({ scriptId, trigger, rows: rowsBefore }, 'compaction skipped: the log is damaged; opening the script repairs it');
    } else {
      this.logger.debug({ scriptId, trigger, reason }, 'compaction skipped');
    }
  }
}
