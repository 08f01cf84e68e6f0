import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ScriptId, Storage } from '../storage/storage.js';
import { openScriptDocument } from '../maintenance/open-script-document.js';
import type { GroupCommit } from './group-commit.js';
import type { Projector } from './projector.js';
import { Room } from './room.js';

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

/**
 * Loaded rooms by script id. A room is loaded once however many connections
 * ask at the same moment, and unloaded a grace period after its last lease is
 * released (so a reconnect storm costs nothing) — but never while it has rows
 * that are not yet durable, since reloading from storage then would lose them.
 */
export class RoomRegistry {
  private readonly entries = new Map<ScriptId, Entry>();

  constructor(
    private readonly storage: Pick<Storage, 'seedIfEmpty' | 'loadVersions' | 'getScript' | 'getGeneration' | 'quarantineVersions' | 'appendVersions'>,
    private readonly writer: GroupCommit,
    private readonly projector: Projector,
    private readonly options: {
      unloadGraceMs: number;
      /** Called after a room that went idle left memory (its final projection written); not at shutdown. */
      onIdleUnload?: (scriptId: ScriptId) => void;
    },
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

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
      this.metrics.loadedScripts.set(this.entries.size);
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
        this.metrics.loadedScripts.set(this.entries.size);
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
    if (options.project) await this.projector.flushAll();
    for (const room of await this.loadedRooms()) {
      clearTimeout(this.entries.get(room.scriptId)?.unloadTimer);
      this.unload(room);
    }
  }

  private async load(scriptId: ScriptId): Promise<Room> {
    const started = performance.now();
    const { doc, rowCount, generation } = await openScriptDocument(this.storage, scriptId, {
      corruption: (reason) => this.metrics.corruptLoads.inc({ reason }),
      logger: this.logger,
    });
    this.logger.debug({ scriptId, rows: rowCount, generation, ms: performance.now() - started }, 'script loaded');
    return new Room(scriptId, doc, generation, this.writer, this.projector, this.metrics, this.logger);
  }

  private scheduleUnload(room: Room, entry: Entry): void {
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = undefined;
      if (entry.leases > 0 || this.entries.get(room.scriptId) !== entry) return;
      if (room.hasUnsavedChanges()) {
        void room.writesSettled().then(() => {
          if (entry.leases === 0 && !entry.unloadTimer) this.scheduleUnload(room, entry);
        });
        return;
      }
      // The last projection is written before the document leaves memory.
      void this.projector.flush(room).finally(() => {
        if (entry.leases === 0 && !entry.unloadTimer && this.entries.get(room.scriptId) === entry) {
          this.unload(room);
          this.options.onIdleUnload?.(room.scriptId);
        }
      });
    }, this.options.unloadGraceMs);
  }

  private unload(room: Room): void {
    this.entries.delete(room.scriptId);
    this.metrics.loadedScripts.set(this.entries.size);
    room.destroy();
    this.logger.debug({ scriptId: room.scriptId }, 'script unloaded');
  }
}
