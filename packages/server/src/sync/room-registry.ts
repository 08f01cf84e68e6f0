import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ScriptId } from '../storage/storage.js';
import { openScriptDocument, type OpeningStorage } from '../maintenance/open-script-document.js';
import type { GroupCommit } from './group-commit.js';
import type { Projector } from './projector.js';
import { authorOf } from './origins.js';
import { Room, type ChangeSink } from './room.js';

interface Entry {
  /** Settles once; every concurrent acquirer of a cold script awaits the same load. */
  ready: Promise<Room>;
  leases: number;
  unloadTimer: NodeJS.Timeout | undefined;
}

export interface Lease {
  room: Room;
  /** True when this acquisition loaded the document from storage. */
  cold: boolean;
}

export interface RoomRegistryOptions {
  storage: OpeningStorage;
  /** The persist sink: every local change is appended here, and is durable when its append resolves. */
  writer: GroupCommit;
  /** The projection sink: every local change schedules a projection of its script. */
  projector: Projector;
  unloadGraceMs: number;
  /** MAX_DOCUMENT_BYTES: every room refuses growth past it. */
  maxDocumentBytes: number;
  /** Told how long each loaded script's stored log is, as rows become durable (the compactor, [SY32]). */
  logWatcher?: ScriptLogWatcher;
  metrics: Metrics;
  logger: Logger;
}

/** What follows the length of loaded scripts' logs: the compactor. */
export interface ScriptLogWatcher {
  /** The script was loaded from `rows` stored rows. */
  scriptLoaded(scriptId: ScriptId, rows: number): void;
  /** One more of its rows is durable. */
  scriptStored(scriptId: ScriptId): void;
  /** It left memory: `idle` after going idle (its final projection written), not at shutdown. */
  scriptUnloaded(scriptId: ScriptId, idle: boolean): void;
}

/**
 * Loaded rooms by script id, and the composition of each room's sinks. A
 * room is loaded once however many connections ask at the same moment, and
 * unloaded a grace period after its last lease is released (so a reconnect
 * storm costs nothing) — but never while it has rows that are not yet
 * durable, since reloading from storage then would lose them.
 *
 * Rooms raise one event, the local change; this is where it is wired to
 * what consumes it: the group commit (persist, whose promise is the change's
 * durability and so its Saved), the projector (content_blocks), and, with
 * several processes, the fan-out.
 */
export class RoomRegistry {
  private readonly entries = new Map<ScriptId, Entry>();
  private readonly options: RoomRegistryOptions;

  constructor(options: RoomRegistryOptions) {
    this.options = options;
  }

  get loadedCount(): number {
    return this.entries.size;
  }

  /** Loads the script if needed and takes a lease on it; rejects with the load's error. */
  async acquire(scriptId: ScriptId): Promise<Lease> {
    let entry = this.entries.get(scriptId);
    const cold = entry === undefined;
    if (!entry) {
      entry = { ready: this.load(scriptId), leases: 0, unloadTimer: undefined };
      this.entries.set(scriptId, entry);
      this.options.metrics.loadedScripts.set(this.entries.size);
    }
    entry.leases += 1;
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = undefined;
    try {
      return { room: await entry.ready, cold };
    } catch (error) {
      entry.leases -= 1;
      // A failed load is forgotten so the next attempt tries again.
      if (this.entries.get(scriptId) === entry) {
        this.entries.delete(scriptId);
        this.options.metrics.loadedScripts.set(this.entries.size);
      }
      throw error;
    }
  }

  release(room: Room): void {
    const entry = this.entries.get(room.scriptId);
    if (!entry) return;
    entry.leases -= 1;
    if (entry.leases === 0) this.scheduleUnload(room, entry);
  }

  /** Rooms currently loaded, for shutdown and administrative closes. */
  async loadedRooms(): Promise<Room[]> {
    const settled = await Promise.allSettled(Array.from(this.entries.values(), (entry) => entry.ready));
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  /** Drops every room at once (shutdown, after connections are closed and writes flushed). */
  async unloadAll(options: { project: boolean }): Promise<void> {
    if (options.project) await this.options.projector.flushAll();
    for (const room of await this.loadedRooms()) {
      clearTimeout(this.entries.get(room.scriptId)?.unloadTimer);
      this.unload(room, false);
    }
  }

  private async load(scriptId: ScriptId): Promise<Room> {
    const { storage, metrics, logger } = this.options;
    const started = performance.now();
    const { doc, rowCount, generation, fullState } = await openScriptDocument(storage, scriptId, {
      corruption: (reason) => metrics.corruptLoads.inc({ reason }),
      logger,
    });
    logger.debug({ scriptId, rows: rowCount, generation, ms: performance.now() - started }, 'script loaded');
    const room = new Room({ scriptId, doc, generation, maxDocumentBytes: this.options.maxDocumentBytes, fullState, metrics, logger });
    for (const sink of this.sinksOf(room)) room.addSink(sink);
    this.options.logWatcher?.scriptLoaded(scriptId, rowCount);
    return room;
  }

  /** Persist first: its promise is the change's durability ([SY9]); the projection waits for it. */
  private sinksOf(room: Room): ChangeSink[] {
    const { writer, projector, logWatcher } = this.options;
    return [
      async ({ scriptId, update, origin }) => {
        await writer.append({ scriptId, update, createdBy: authorOf(origin), kind: 'update' });
        logWatcher?.scriptStored(scriptId);
      },
      () => projector.schedule(room),
    ];
  }

  private scheduleUnload(room: Room, entry: Entry): void {
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = undefined;
      if (entry.leases > 0 || this.entries.get(room.scriptId) !== entry) return;
      if (this.options.writer.hasPending(room.scriptId)) {
        void room.writesSettled().then(() => {
          if (entry.leases === 0 && !entry.unloadTimer) this.scheduleUnload(room, entry);
        });
        return;
      }
      // The last projection is written before the document leaves memory.
      void this.options.projector.flush(room).finally(() => {
        if (entry.leases === 0 && !entry.unloadTimer && this.entries.get(room.scriptId) === entry) {
          this.unload(room, true);
        }
      });
    }, this.options.unloadGraceMs);
  }

  private unload(room: Room, idle: boolean): void {
    this.entries.delete(room.scriptId);
    this.options.metrics.loadedScripts.set(this.entries.size);
    this.options.projector.forget(room.scriptId);
    room.destroy();
    this.options.logWatcher?.scriptUnloaded(room.scriptId, idle);
    this.options.logger.debug({ scriptId: room.scriptId }, 'script unloaded');
  }
}
