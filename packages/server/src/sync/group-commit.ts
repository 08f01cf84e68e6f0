import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { ScriptsGoneError, type DocumentLog, type NewVersion, type ScriptId } from '../storage/storage.js';

export interface GroupCommitOptions {
  storage: Pick<DocumentLog, 'appendVersions'>;
  metrics: Metrics;
  logger: Logger;
  /** How long to gather rows after the first one arrives before writing them together. */
  windowMs: number;
  /** Ceiling of the retry back-off while the database fails. */
  retryMaxMs: number;
  /** Rows per insert statement, to stay under the databases' bound-parameter limits. */
  maxBatchRows?: number;
  /** A script was deleted for good while this process held rows of it: they were dropped, its copy must go too. */
  onScriptGone?(scriptId: ScriptId): void;
}

export interface WriteHealth {
  healthy: boolean;
  pendingRows: number;
  lastError: string | undefined;
  failingSince: Date | undefined;
}

interface PendingRow {
  row: NewVersion;
  resolve: () => void;
}

const RETRY_MIN_MS = 50;

/**
 * The write path's queue: rows from every script wait a short window and are
 * then written with one multi-row insert. `append` resolves only once its row
 * is durable, and rows become durable in the order they were appended.
 *
 * When the database fails, nothing is dropped: the batch goes back to the head
 * of the queue and is retried with exponential back-off until it succeeds, so
 * `append` never rejects. A retry after an ambiguous failure (the commit may
 * have reached the database) can store a row twice; Yjs applies a duplicate
 * update as a no-op, so that is harmless.
 *
 * The one exception is a script deleted for good (by another process) while
 * rows of it wait here ([SY46]): no retry can store them, and retried they
 * would hold back every other script's rows for ever. They are dropped and
 * their appends never settle, so they are never reported Saved.
 */
export class GroupCommit {
  private queue: PendingRow[] = [];
  private readonly pendingByScript = new Map<ScriptId, number>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private retryDelayMs = RETRY_MIN_MS;
  private lastError: string | undefined;
  private failingSince: Date | undefined;
  private closed = false;
  private readonly maxBatchRows: number;
  private readonly storage: GroupCommitOptions['storage'];
  private readonly metrics: Metrics;
  private readonly logger: Logger;

  constructor(private readonly options: GroupCommitOptions) {
    ({ storage: this.storage, metrics: this.metrics, logger: this.logger } = options);
    this.maxBatchRows = options.maxBatchRows ?? 1000;
  }

  /** Queues a row; resolves once it is durable. */
  append(row: NewVersion): Promise<void> {
    if (this.closed) throw new Error('GroupCommit is closed');
    return new Promise<void>((resolve) => {
      this.queue.push({ row, resolve });
      this.pendingByScript.set(row.scriptId, (this.pendingByScript.get(row.scriptId) ?? 0) + 1);
      this.metrics.pendingRows.inc();
      this.schedule(this.options.windowMs);
    });
  }

  /** Whether a script has rows that are not yet durable (its document must not be unloaded). */
  hasPending(scriptId: ScriptId): boolean {
    return this.pendingByScript.has(scriptId);
  }

  health(): WriteHealth {
    return {
      healthy: this.failingSince === undefined,
      pendingRows: this.queue.length,
      lastError: this.lastError,
      failingSince: this.failingSince,
    };
  }

  /** Writes everything queued now, retrying (with back-off) until it is durable. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.writing) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      if (this.failingSince) await delay(this.retryDelayMs);
      await this.writeBatch();
    }
  }

  /**
   * Refuses further rows and flushes for at most `timeoutMs`. Rows still not
   * durable then were never acknowledged, so their senders still hold them and
   * send them again when they reconnect.
   */
  async close(timeoutMs: number): Promise<{ unwrittenRows: number }> {
    this.closed = true;
    await Promise.race([this.flush(), delay(timeoutMs)]);
    clearTimeout(this.timer);
    // Queued rows and those of a commit still in flight: neither is durable yet.
    let unwrittenRows = 0;
    for (const rows of this.pendingByScript.values()) unwrittenRows += rows;
    return { unwrittenRows };
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeBatch();
    }, delayMs);
  }

  private writeBatch(): Promise<void> {
    if (this.writing || this.queue.length === 0) return this.writing ?? Promise.resolve();
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.maxBatchRows);
    this.writing = this.write(batch).finally(() => {
      this.writing = undefined;
      if (this.queue.length > 0) this.schedule(this.failingSince ? this.retryDelayMs : 0);
    });
    return this.writing;
  }

  private async write(batch: PendingRow[]): Promise<void> {
    const started = performance.now();
    try {
      await this.storage.appendVersions(batch.map((pending) => pending.row));
    } catch (error) {
      if (error instanceof ScriptsGoneError) this.dropRowsOf(new Set(error.scriptIds), batch);
      else this.onFailure(batch, error);
      return;
    }
    this.metrics.commitDuration.observe((performance.now() - started) / 1000);
    this.metrics.commitBatchRows.observe(batch.length);
    this.metrics.rowsPersisted.inc(batch.length);
    this.metrics.pendingRows.dec(batch.length);
    if (this.failingSince) {
      this.logger.info({ failingSince: this.failingSince }, 'database writes recovered');
    }
    this.failingSince = undefined;
    this.lastError = undefined;
    this.retryDelayMs = RETRY_MIN_MS;
    for (const { row, resolve } of batch) {
      const left = (this.pendingByScript.get(row.scriptId) ?? 1) - 1;
      if (left === 0) this.pendingByScript.delete(row.scriptId);
      else this.pendingByScript.set(row.scriptId, left);
      resolve();
    }
  }

  /** The batch's other rows go back to the head of the queue, to be written at once; the gone scripts' rows, queued or not, go. */
  private dropRowsOf(gone: ReadonlySet<ScriptId>, batch: PendingRow[]): void {
    const waiting = batch.concat(this.queue);
    this.queue = waiting.filter((pending) => !gone.has(pending.row.scriptId));
    const dropped = waiting.length - this.queue.length;
    for (const scriptId of gone) this.pendingByScript.delete(scriptId);
    this.metrics.pendingRows.dec(dropped);
    this.logger.error({ scriptIds: [...gone], rows: dropped }, 'rows of a script deleted for good were not stored: there is nothing left to store them in');
    for (const scriptId of gone) this.options.onScriptGone?.(scriptId);
  }

  private onFailure(batch: PendingRow[], error: unknown): void {
    // Back to the head of the queue, in order, so durability stays in append order.
    this.queue = batch.concat(this.queue);
    this.metrics.commitFailures.inc();
    this.lastError = error instanceof Error ? error.message : String(error);
    this.failingSince ??= new Date();
    this.logger.error(
      { err: error, rows: batch.length, retryInMs: this.retryDelayMs },
      'group commit failed; rows kept in memory and retried',
    );
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.options.retryMaxMs);
  }
}
