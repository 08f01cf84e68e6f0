import type * as Y from 'yjs';
import { projectDocument } from '../maintenance/projection.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { DocumentLog, ScriptCatalogue, ScriptId } from '../storage/storage.js';

/** What the projector reads of a loaded script (a `Room`). */
export interface ProjectedDocument {
  readonly scriptId: ScriptId;
  readonly doc: Y.Doc;
  /** Resolves when every change made so far is durable. */
  writesSettled(): Promise<void>;
}

/** A script whose projection keeps failing: what `/healthz` shows an operator. */
export interface FailingProjection {
  scriptId: ScriptId;
  failures: number;
  since: Date;
  lastError: string;
}

export interface ProjectorOptions {
  storage: Pick<ScriptCatalogue, 'updateContentBlocks'> & Pick<DocumentLog, 'latestVersion'>;
  delayMs: number;
  metrics: Metrics;
  logger: Logger;
}

interface Pending {
  timer: NodeJS.Timeout;
  target: ProjectedDocument;
}

/**
 * Keeps `scripts.content_blocks` a projection of each script's document. A
 * change schedules one projection `delayMs` later (a throttle, not a
 * debounce: continuous typing cannot postpone it forever); it runs once the
 * change is durable and is stamped with the time of the newest stored row, so
 * REST never looks newer than the Yjs log. Unchanged projections are not
 * written again. A projection that fails is retried on the same schedule and
 * never fails quietly: each failure is counted
 * (`writersroom_projection_failures_total`), and scripts whose latest attempt
 * failed are listed by `failing()` (and `/healthz`) and counted in
 * `writersroom_projections_failing` until one succeeds or the script unloads.
 */
export class Projector {
  private readonly pending = new Map<ScriptId, Pending>();
  private readonly lastWritten = new Map<ScriptId, string>();
  private readonly failures = new Map<ScriptId, FailingProjection>();
  /** The document each script's projections read, from its first schedule until forget(). */
  private readonly targets = new Map<ScriptId, ProjectedDocument>();
  private readonly storage: ProjectorOptions['storage'];
  private readonly delayMs: number;
  private readonly metrics: Metrics;
  private readonly logger: Logger;

  constructor(options: ProjectorOptions) {
    ({ storage: this.storage, delayMs: this.delayMs, metrics: this.metrics, logger: this.logger } = options);
  }

  schedule(target: ProjectedDocument): void {
    if (this.pending.has(target.scriptId)) return;
    this.targets.set(target.scriptId, target);
    const timer = setTimeout(() => void this.project(target), this.delayMs);
    this.pending.set(target.scriptId, { timer, target });
  }

  /** Projects now if a projection is due (before a script is unloaded). */
  async flush(target: ProjectedDocument): Promise<void> {
    if (this.pending.has(target.scriptId)) await this.project(target);
  }

  /** Projects every script with a projection due (shutdown). */
  async flushAll(): Promise<void> {
    await Promise.all(Array.from(this.pending.values(), ({ target }) => this.flush(target)));
  }

  /** Scripts whose latest projection attempt failed, oldest failure first. */
  failing(): FailingProjection[] {
    return Array.from(this.failures.values()).sort((a, b) => a.since.getTime() - b.since.getTime());
  }

  /**
   * Drops everything kept about a script whose document left memory: a
   * retry still scheduled, or one a projection running now would schedule on
   * failing, would project a destroyed document. The next load's edits
   * project it again.
   */
  forget(scriptId: ScriptId): void {
    const entry = this.pending.get(scriptId);
    if (entry) clearTimeout(entry.timer);
    this.pending.delete(scriptId);
    this.lastWritten.delete(scriptId);
    this.targets.delete(scriptId);
    if (this.failures.delete(scriptId)) this.metrics.projectionsFailing.set(this.failures.size);
  }

  private async project(target: ProjectedDocument): Promise<void> {
    const entry = this.pending.get(target.scriptId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(target.scriptId);
    try {
      await target.writesSettled();
      const blocks = projectDocument(target.doc);
      const serialised = JSON.stringify(blocks);
      if (this.lastWritten.get(target.scriptId) === serialised) return;
      const newest = await this.storage.latestVersion(target.scriptId);
      if (!newest) return;
      await this.storage.updateContentBlocks(target.scriptId, blocks, newest.createdAt);
      this.lastWritten.set(target.scriptId, serialised);
      if (this.failures.delete(target.scriptId)) this.metrics.projectionsFailing.set(this.failures.size);
    } catch (error) {
      // Forgotten while this ran (the script left memory): a retry would project a destroyed document.
      if (this.targets.get(target.scriptId) !== target) {
        this.metrics.projectionFailures.inc();
        this.logger.warn({ err: error, scriptId: target.scriptId }, 'projection failed after its script left memory; not retried');
        return;
      }
      // The projection is derived data: a failure delays it, it loses nothing. Try again later, visibly.
      this.recordFailure(target.scriptId, error);
      this.schedule(target);
    }
  }

  private recordFailure(scriptId: ScriptId, error: unknown): void {
    const lastError = error instanceof Error ? error.message : String(error);
    const previous = this.failures.get(scriptId);
    const failure = { scriptId, failures: (previous?.failures ?? 0) + 1, since: previous?.since ?? new Date(), lastError };
    this.failures.set(scriptId, failure);
    this.metrics.projectionFailures.inc();
    this.metrics.projectionsFailing.set(this.failures.size);
    // The first failure and every tenth after it: a script that keeps failing must not flood the log.
    if (failure.failures % 10 === 1) this.logger.warn({ err: error, scriptId, failures: failure.failures }, 'projection failed; will retry');
  }
}
