import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ScriptId, UserId } from '../storage/storage.js';
import { openScriptDocument, type OpeningStorage } from '../maintenance/open-script-document.js';
import { SINGLE_PROCESS, type FanOut, type FanOutTarget } from './fan-out.js';
import type { GroupCommit } from './group-commit.js';
import type { Projector } from './projector.js';
import { authorOf } from './origins.js';
import { presentWriters, type PresentWriter } from './present-writers.js';
import { Room, type ChangeSink } from './room.js';

/** How long a catch-up that failed (the database unreachable) waits before it reads again. */
const CATCH_UP_RETRY_MS = 1_000;

interface Entry {
  /** Settles once; every concurrent acquirer of a cold script awaits the same load. */
  ready: Promise<Room>;
  /** Set once loaded: a release names the room it leased, which may be an evicted one. */
  room: Room | undefined;
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
  /** How changes and presence reach the other processes on the database; default `SINGLE_PROCESS`. */
  fanOut?: FanOut;
  /** A catch-up found the script at another generation: an operator replaced its document meanwhile. */
  onDocumentReplaced?(scriptId: ScriptId): void;
  /** Told how long each loaded script's stored log is, as rows become durable (the compactor, [SY32]). */
  logWatcher?: ScriptLogWatcher;
  /** Told of every durable local change and of each unload: the checkpointer of scripts' history ([SY42]). */
  history?: HistoryWatcher;
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

/** What takes scripts' history checkpoints (history/checkpointer.ts). */
export interface HistoryWatcher {
  edited(room: Room, author: UserId | null): void;
  /** The checkpoint due, taken before the script leaves memory. */
  flush(scriptId: ScriptId): Promise<void>;
  flushAll(): Promise<void>;
  forget(scriptId: ScriptId): void;
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
  /** Rooms reading their stored rows again; true: asked again meanwhile, so one more read follows. */
  private readonly catchingUp = new Map<Room, boolean>();
  private readonly options: RoomRegistryOptions;
  private readonly fanOut: FanOut;

  constructor(options: RoomRegistryOptions) {
    this.options = options;
    this.fanOut = options.fanOut ?? SINGLE_PROCESS;
  }

  get loadedCount(): number {
    return this.entries.size;
  }

  /** Who has the script open, as far as this process knows; [] when it is not loaded here. */
  presentWriters(scriptId: ScriptId): PresentWriter[] {
    const room = this.entries.get(scriptId)?.room;
    return room ? presentWriters(room.awareness) : [];
  }

  /** Loads the script if needed and takes a lease on it; rejects with the load's error. */
  async acquire(scriptId: ScriptId): Promise<Lease> {
    let entry = this.entries.get(scriptId);
    const cold = entry === undefined;
    if (!entry) {
      const created: Entry = { ready: this.load(scriptId), room: undefined, leases: 0, unloadTimer: undefined };
      void created.ready.then((room) => (created.room = room), () => undefined);
      entry = created;
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
    if (!entry || entry.room !== room) return;
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
    if (options.project) await Promise.all([this.options.projector.flushAll(), this.options.history?.flushAll()]);
    for (const room of await this.loadedRooms()) {
      clearTimeout(this.entries.get(room.scriptId)?.unloadTimer);
      this.unload(room, false);
    }
  }

  /**
   * An operator replaced the script's document (a new generation): the
   * loaded copy is dropped at once, so the next connection loads the new
   * one; the caller closes the copy's sockets. Nothing of the old copy is
   * projected or published any more.
   */
  evict(scriptId: ScriptId): void {
    const entry = this.entries.get(scriptId);
    if (!entry) return;
    clearTimeout(entry.unloadTimer);
    this.entries.delete(scriptId);
    this.options.metrics.loadedScripts.set(this.entries.size);
    this.fanOut.leave(scriptId, 'replaced');
    this.options.projector.forget(scriptId);
    this.options.history?.forget(scriptId);
    void entry.ready.then((room) => {
      room.destroy();
      this.options.logWatcher?.scriptUnloaded(scriptId, false);
    }, () => undefined);
  }

  /** Subscribes before the read, so whatever another process stores after it arrives through the fan-out ([SY33]). */
  private async load(scriptId: ScriptId): Promise<Room> {
    const { storage, metrics, logger } = this.options;
    const fanOut = this.fanOut;
    const started = performance.now();
    await fanOut.join(scriptId);
    const { doc, rowCount, generation, fullState } = await openScriptDocument(storage, scriptId, {
      corruption: (reason) => metrics.corruptLoads.inc({ reason }),
      logger,
    }).catch((error: unknown) => {
      fanOut.leave(scriptId, 'unloaded');
      throw error;
    });
    logger.debug({ scriptId, rows: rowCount, generation, ms: performance.now() - started }, 'script loaded');
    const room = new Room({ scriptId, doc, generation, maxDocumentBytes: this.options.maxDocumentBytes, fullState, metrics, logger });
    for (const sink of this.sinksOf(room)) room.addSink(sink);
    room.addAwarenessSink((update) => fanOut.publishAwareness(scriptId, update));
    fanOut.attach(this.fanOutTarget(room));
    this.options.logWatcher?.scriptLoaded(scriptId, rowCount);
    return room;
  }

  /**
   * Persist first: its promise is the change's durability ([SY9]); the
   * projection waits for it. A change is published to the other processes
   * as it is applied, and its commit announced once it is ([SY34]).
   */
  private sinksOf(room: Room): ChangeSink[] {
    const { writer, projector, logWatcher, history } = this.options;
    const fanOut = this.fanOut;
    return [
      async ({ scriptId, update, origin }) => {
        const seq = fanOut.publishUpdate(scriptId, update);
        const author = authorOf(origin);
        await writer.append({ scriptId, update, createdBy: author, kind: 'update' });
        // An evicted room's changes belong to a replaced document: the script's new copy announces its own.
        const current = this.entries.get(scriptId)?.room === room;
        if (current) fanOut.committed(scriptId, seq);
        logWatcher?.scriptStored(scriptId);
        if (current) history?.edited(room, author);
      },
      () => projector.schedule(room),
    ];
  }

  /** What the fan-out applies to a room; a change from elsewhere is projected here too ([SY38]). */
  private fanOutTarget(room: Room): FanOutTarget {
    const { projector, writer, logger } = this.options;
    return {
      scriptId: room.scriptId,
      applyRemoteUpdate: (update, stored) => {
        room.holdUntilStored(stored);
        const result = room.applyRemoteUpdate(update);
        projector.schedule(room);
        return result;
      },
      storeOrphans: async (updates) => {
        try {
          await Promise.all(updates.map((update) => writer.append({ scriptId: room.scriptId, update, createdBy: null, kind: 'update' })));
        } catch (error) {
          // Only a closed group commit throws: this process is shutting down, its sockets closed, so no Saved waits on them.
          logger.warn({ err: error, scriptId: room.scriptId, updates: updates.length }, 'could not store updates from another process');
        }
      },
      applyRemoteAwareness: (update, processId) => room.applyRemoteAwareness(update, processId),
      removeRemotePresence: (processId) => room.removeRemotePresence(processId),
      localAwareness: () => room.localAwareness(),
      catchUp: () => this.catchUp(room),
    };
  }

  /** Reads the room's stored rows again and applies what it lacks ([SY36]); one read at a time per room. */
  private catchUp(room: Room): void {
    if (this.catchingUp.has(room)) {
      this.catchingUp.set(room, true);
      return;
    }
    this.catchingUp.set(room, false);
    void this.readStoredRows(room).finally(() => {
      const again = this.catchingUp.get(room) === true;
      this.catchingUp.delete(room);
      if (again && this.entries.get(room.scriptId)?.room === room) this.catchUp(room);
    });
  }

  private async readStoredRows(room: Room): Promise<void> {
    const { storage, metrics, logger, projector } = this.options;
    try {
      // Rows before the generation: a replacement between the two reads shows as a new generation, never as its rows.
      const rows = await storage.loadVersions(room.scriptId);
      const generation = await storage.getGeneration(room.scriptId);
      if (this.entries.get(room.scriptId)?.room !== room) return;
      if (generation !== undefined && generation !== room.generation) {
        this.options.onDocumentReplaced?.(room.scriptId);
        return;
      }
      if (room.applyStoredRows(rows.map((row) => row.update))) {
        metrics.fanOutCaughtUp.inc();
        logger.info({ scriptId: room.scriptId }, 'caught up from storage with updates the fan-out had not delivered');
        projector.schedule(room);
      }
    } catch (error) {
      logger.warn({ err: error, scriptId: room.scriptId }, 'could not catch up from storage; trying again');
      setTimeout(() => {
        if (this.entries.get(room.scriptId)?.room === room) this.catchUp(room);
      }, CATCH_UP_RETRY_MS).unref();
    }
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
      // The last projection and checkpoint are written before the document leaves memory.
      void Promise.all([this.options.projector.flush(room), this.options.history?.flush(room.scriptId)]).finally(() => {
        if (entry.leases === 0 && !entry.unloadTimer && this.entries.get(room.scriptId) === entry) {
          this.unload(room, true);
        }
      });
    }, this.options.unloadGraceMs);
  }

  private unload(room: Room, idle: boolean): void {
    this.entries.delete(room.scriptId);
    this.fanOut.leave(room.scriptId, 'unloaded');
    this.options.metrics.loadedScripts.set(this.entries.size);
    this.options.projector.forget(room.scriptId);
    this.options.history?.forget(room.scriptId);
    room.destroy();
    this.options.logWatcher?.scriptUnloaded(room.scriptId, idle);
    this.options.logger.debug({ scriptId: room.scriptId }, 'script unloaded');
  }
}
