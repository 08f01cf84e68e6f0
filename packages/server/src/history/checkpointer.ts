import type * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { CheckpointKind, CheckpointRecord, ScriptCatalogue, ScriptHistory, ScriptId, UserId } from '../storage/storage.js';
import type { HistoryConfig } from '../config.js';
import { captureState } from './checkpoint-content.js';
import type { CheckpointPacker } from './checkpoint-packer.js';
import { thinByAge } from './checkpoint-retention.js';

/** A loaded script as the checkpointer sees it (a `Room`). */
export interface CheckpointedDocument {
  readonly scriptId: ScriptId;
  readonly doc: Y.Doc;
}

/** What a checkpoint taken on request records beside the content. */
export interface CheckpointRequest {
  kind: Exclude<CheckpointKind, 'auto'>;
  name: string | null;
  takenBy: UserId;
  restoredFrom?: string;
}

export interface CheckpointerOptions extends HistoryConfig {
  /** `getScript` tells a failed checkpoint of a script deleted for good from a storage failure. */
  storage: Pick<ScriptHistory, 'saveCheckpoint' | 'thinCheckpoints'> & Pick<ScriptCatalogue, 'getScript'>;
  /** Paginates, hashes and compresses captured states, off the event loop. */
  packer: Pick<CheckpointPacker, 'pack'>;
  /** A checkpoint was stored: the script's history changed (collaborators' panels read it again). */
  onHistoryChanged(scriptId: ScriptId): void;
  metrics: Metrics;
  logger: Logger;
}

interface Writing {
  target: CheckpointedDocument;
  /** Who wrote since the last checkpoint; null stands for the server's own cleanups and is never listed. */
  authors: Set<UserId>;
  firstEditAt: number;
  timer: NodeJS.Timeout;
}

/**
 * Takes the checkpoints of scripts' history (SPEC [SY42]): automatically
 * once a script's writing goes quiet (`quietMs` without an edit made at this
 * process) or runs long (`maxIntervalMs` after the first edit since the last
 * checkpoint), before a script leaves memory, and on request (a named draft,
 * a restore). Each records who wrote since the previous one. Checkpoints
 * live apart from the update log, so compaction never touches them; the
 * automatic ones are thinned by age after each new one.
 *
 * Taking one reads the document synchronously (its state, one encode);
 * the page count, hash and compression are worked out on a worker thread,
 * and the insert follows. An automatic checkpoint of content already
 * checkpointed is not stored.
 */
export class Checkpointer {
  private readonly writing = new Map<ScriptId, Writing>();
  /** The hash each script's last stored (or skipped-as-equal) checkpoint had, so unchanged content costs no query. */
  private readonly lastHash = new Map<ScriptId, string>();
  private readonly options: CheckpointerOptions;

  constructor(options: CheckpointerOptions) {
    this.options = options;
  }

  /** A change made at this process is durable; `author` wrote it. */
  edited(target: CheckpointedDocument, author: UserId | null): void {
    const now = Date.now();
    let writing = this.writing.get(target.scriptId);
    if (writing) clearTimeout(writing.timer);
    else {
      writing = { target, authors: new Set(), firstEditAt: now, timer: undefined as unknown as NodeJS.Timeout };
      this.writing.set(target.scriptId, writing);
    }
    writing.target = target;
    if (author !== null) writing.authors.add(author);
    const due = Math.min(now + this.options.quietMs, writing.firstEditAt + this.options.maxIntervalMs);
    writing.timer = setTimeout(() => void this.takeAutomatic(target.scriptId), Math.max(0, due - now));
    writing.timer.unref();
  }

  /** Takes the automatic checkpoint a script has due, now (before it leaves memory). */
  async flush(scriptId: ScriptId): Promise<void> {
    if (this.writing.has(scriptId)) await this.takeAutomatic(scriptId);
  }

  async flushAll(): Promise<void> {
    await Promise.all(Array.from(this.writing.keys(), (scriptId) => this.flush(scriptId)));
  }

  /** The script's document was replaced or dropped: what was pending belongs to a copy that no longer counts. */
  forget(scriptId: ScriptId): void {
    const writing = this.writing.get(scriptId);
    if (writing) clearTimeout(writing.timer);
    this.writing.delete(scriptId);
    this.lastHash.delete(scriptId);
  }

  /**
   * A named draft or a restore's checkpoint of `doc` as it is now: always
   * stored, with the writers since the last checkpoint as its authors. The
   * document is read before the first await, so a caller may hand over one
   * it holds only for the call (`DocumentAccess.readWith`).
   * @throws the storage's error (the pending authors are kept for the next one).
   */
  async take(target: CheckpointedDocument, request: CheckpointRequest): Promise<CheckpointRecord> {
    const stored = await this.store(target, request);
    if (!stored) throw new Error(`history: checkpoint of ${target.scriptId} was not stored`);
    return stored;
  }

  /** A checkpoint changed outside a take (renamed): the script's history panels read it again. */
  changed(scriptId: ScriptId): void {
    this.options.onHistoryChanged(scriptId);
  }

  private async takeAutomatic(scriptId: ScriptId): Promise<void> {
    const writing = this.writing.get(scriptId);
    if (!writing) return;
    try {
      await this.store(writing.target, undefined);
    } catch (error) {
      // Another process deleted it for good while this one still held it ([SY45]): nothing is left to checkpoint.
      if (await this.deletedForGood(scriptId)) return this.forget(scriptId);
      // Nothing is lost: the edits are in the log. The next quiet period tries again, authors kept.
      this.options.metrics.checkpointFailures.inc();
      this.options.logger.warn({ err: error, scriptId }, 'could not store an automatic checkpoint; will try again');
    }
  }

  private async store(target: CheckpointedDocument, request: CheckpointRequest | undefined): Promise<CheckpointRecord | undefined> {
    const { scriptId, doc } = target;
    const state = captureState(doc);
    const writing = this.writing.get(scriptId);
    if (writing) {
      clearTimeout(writing.timer);
      this.writing.delete(scriptId);
    }
    const authors = Array.from(writing?.authors ?? []);
    try {
      const { content, contentHash, pageCount } = await this.options.packer.pack(state);
      if (!request && this.lastHash.get(scriptId) === contentHash) return undefined;
      const stored = await this.options.storage.saveCheckpoint(
        {
          scriptId,
          kind: request?.kind ?? 'auto',
          name: request?.name ?? null,
          takenBy: request?.takenBy ?? null,
          authors,
          pageCount,
          content,
          contentHash,
          restoredFrom: request?.restoredFrom ?? null,
        },
        { onlyIfChanged: !request },
      );
      this.lastHash.set(scriptId, contentHash);
      if (!stored) return undefined;
      this.options.metrics.checkpointsTaken.inc({ kind: stored.kind });
      if (!request) await this.options.storage.thinCheckpoints(scriptId, thinByAge(this.options.retention, new Date()));
      this.options.onHistoryChanged(scriptId);
      return stored;
    } catch (error) {
      if (writing) this.restoreAuthors(writing, authors);
      throw error;
    }
  }

  /**
   * Whether the script is gone from storage, as after a delete for good: its
   * checkpoint then failed on the missing script, which never comes back.
   * False when storage cannot tell (unreachable): that failure is retried.
   */
  private async deletedForGood(scriptId: ScriptId): Promise<boolean> {
    try {
      return (await this.options.storage.getScript(scriptId, { includeDeleted: true })) === undefined;
    } catch {
      return false;
    }
  }

  /** A checkpoint that failed leaves its writers to the next one, which is scheduled as after an edit. */
  private restoreAuthors(failed: Writing, authors: UserId[]): void {
    const current = this.writing.get(failed.target.scriptId);
    if (current) {
      for (const author of authors) current.authors.add(author);
      return;
    }
    this.edited(failed.target, null);
    const retried = this.writing.get(failed.target.scriptId);
    for (const author of authors) retried?.authors.add(author);
  }
}
