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
  /** The least time between two compactions of one loaded script that keeps growing past `maxRows`; 0 compacts loaded scripts only by the sweep. */
  liveIntervalMs: number;
  /**
   * A live compaction waits for this long without a stored row (a pause in the typing), but never longer than
   * `liveIntervalMs` past when it was due. Default 1,000.
   */
  liveQuietMs?: number;
  /**
   * Whether this process sweeps this time: with several processes one sweeps
   * per interval (a Redis lease, `fanout/sweep-turn.ts`). Every sweep is safe
   * anyway (each compaction takes the script's lock), so a failure to decide
   * counts as yes. Default: always.
   */
  sweepTurn?: () => Promise<boolean>;
}

const DEFAULT_LIVE_QUIET_MS = 1_000;

export type CompactionTrigger = 'interval' | 'unload' | 'live' | 'shutdown';

/** A loaded script's log, as far as this process knows it. */
interface LiveLog {
  /** Rows stored: those it loaded from, plus those this process appended since, less those a compaction removed. */
  rows: number;
  /** When its last live compaction started (performance.now()); -Infinity before the first. */
  lastRun: number;
  /** Set while a live compaction is waiting for its interval or in the queue. */
  pending: boolean;
  /** When its last row was stored (performance.now()). */
  lastStored: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The server's background compaction (sync SPEC [SY24]–[SY25]). Every
 * `intervalMs` it sweeps the storage's candidates; when a script unloads with
 * more than `maxRows` rows it compacts that one. All of it runs one script at
 * a time, on one queue, with `lock: 'try'`, so a script another process (a
 * second server, the CLI) is compacting is skipped rather than waited for.
 *
 * A loaded script is compacted too, in the background, once its log passes
 * `maxRows` (at most once per `liveIntervalMs`, so a burst of edits is not
 * merged again every few rows): its log stays short while writers work, and
 * a restart or a `kill -9` never leaves a long log to replay (sync SPEC
 * [SY32]).
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
  private readonly live = new Map<ScriptId, LiveLog>();
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

  /** A script was loaded from `rows` stored rows: from now on its log is watched (scriptStored). */
  scriptLoaded(scriptId: ScriptId, rows: number): void {
    if (!this.enabled || this.options.liveIntervalMs === 0) return;
    this.live.set(scriptId, { rows, lastRun: -Infinity, pending: false, lastStored: -Infinity, timer: undefined });
    this.considerLive(scriptId);
  }

  /** A row of a loaded script became durable: compact the script once its log is past `maxRows`. */
  scriptStored(scriptId: ScriptId): void {
    const log = this.live.get(scriptId);
    if (!log) return;
    log.rows += 1;
    log.lastStored = performance.now();
    this.considerLive(scriptId);
  }

  /**
   * A script left memory. After an idle unload (its final projection
   * written), compact it if its log is longer than `maxRows`; at shutdown
   * (`idle` false), only stop watching it. Returns at once; the work is queued.
   */
  scriptUnloaded(scriptId: ScriptId, idle = true): void {
    const log = this.live.get(scriptId);
    clearTimeout(log?.timer);
    this.live.delete(scriptId);
    if (!idle || !this.enabled || this.stopped || this.queued.has(scriptId)) return;
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

  /**
   * No new work starts; resolves once the work in progress has finished.
   * With `compactLongLogs` (a shutdown whose rows are all durable), each
   * loaded script whose log is past `maxRows` is then compacted, one at a
   * time, so the next process loads a baseline instead of replaying the rows
   * this one stored since its last live compaction.
   */
  async stop({ compactLongLogs = false }: { compactLongLogs?: boolean } = {}): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const log of this.live.values()) clearTimeout(log.timer);
    await this.tail;
    if (!compactLongLogs) return;
    for (const [scriptId, log] of this.live) {
      if (log.rows <= this.options.maxRows) continue;
      await this.compact(scriptId, 'shutdown').catch((error: unknown) => this.reportFailure(error, { scriptId, trigger: 'shutdown' }));
    }
  }

  /**
   * Queues a live compaction of a loaded script past `maxRows`, once its
   * interval since the last one has passed and its writers pause. The merge
   * runs on the event loop (tens of milliseconds for a feature-length
   * script), so in a pause no keystroke waits behind it; writers who never
   * pause get it `liveIntervalMs` late at most.
   */
  private considerLive(scriptId: ScriptId): void {
    const log = this.live.get(scriptId);
    if (!log || log.pending || this.stopped || log.rows <= this.options.maxRows) return;
    log.pending = true;
    const due = Math.max(performance.now(), log.lastRun + this.options.liveIntervalMs);
    const quietMs = this.options.liveQuietMs ?? DEFAULT_LIVE_QUIET_MS;
    const waitForPause = () => {
      const now = performance.now();
      const untilQuiet = log.lastStored + quietMs - now;
      if (untilQuiet > 0 && now - due < this.options.liveIntervalMs) {
        log.timer = setTimeout(waitForPause, untilQuiet);
        log.timer.unref();
        return;
      }
      log.timer = undefined;
      void this.enqueue(() => this.compactLive(scriptId, log), { scriptId, trigger: 'live' });
    };
    log.timer = setTimeout(waitForPause, due - performance.now());
    log.timer.unref();
  }

  private async compactLive(scriptId: ScriptId, log: LiveLog): Promise<void> {
    log.lastRun = performance.now();
    try {
      const result = await this.compact(scriptId, 'live');
      // Rows stored while it ran were counted as they came, and are still there.
      if (result.status === 'compacted') log.rows -= result.rowsRemoved - 1;
    } finally {
      log.pending = false;
      if (this.live.get(scriptId) === log) this.considerLive(scriptId);
    }
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
        this.reportFailure(error, context);
      }
    });
    this.tail = run;
    return run;
  }

  /** Counted and logged, never thrown: a later sweep, unload or process tries again. */
  private reportFailure(error: unknown, context: Record<string, unknown>): void {
    this.metrics.compactionFailures.inc();
    this.logger.warn({ err: error, ...context }, 'compaction failed; will try again later');
  }

  private async sweepNow(): Promise<void> {
    if (this.options.sweepTurn && !(await this.options.sweepTurn().catch(() => true))) return;
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
