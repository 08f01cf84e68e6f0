import { projectDocument } from '../maintenance/projection.js';
import type { Logger } from '../logger.js';
import type { ScriptId, Storage } from '../storage/storage.js';
import type { Room } from './room.js';

interface Pending {
  timer: NodeJS.Timeout;
  room: Room;
}

/**
 * Keeps `scripts.content_blocks` a projection of each script's document. A
 * change schedules one projection `delayMs` later (a throttle, not a
 * debounce: continuous typing cannot postpone it forever); it runs once the
 * change is durable and is stamped with the time of the newest stored row, so
 * REST never looks newer than the Yjs log. Unchanged projections are not
 * written again.
 */
export class Projector {
  private readonly pending = new Map<ScriptId, Pending>();
  private readonly lastWritten = new Map<ScriptId, string>();

  constructor(
    private readonly storage: Pick<Storage, 'updateContentBlocks' | 'latestVersion'>,
    private readonly delayMs: number,
    private readonly logger: Logger,
  ) {}

  schedule(room: Room): void {
    if (this.pending.has(room.scriptId)) return;
    const timer = setTimeout(() => void this.project(room), this.delayMs);
    this.pending.set(room.scriptId, { timer, room });
  }

  /** Projects now if a projection is due (before a room is unloaded). */
  async flush(room: Room): Promise<void> {
    if (this.pending.has(room.scriptId)) await this.project(room);
    this.lastWritten.delete(room.scriptId);
  }

  /** Projects every room with a projection due (shutdown). */
  async flushAll(): Promise<void> {
    await Promise.all(Array.from(this.pending.values(), ({ room }) => this.flush(room)));
  }

  private async project(room: Room): Promise<void> {
    const entry = this.pending.get(room.scriptId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(room.scriptId);
    try {
      await room.writesSettled();
      const blocks = projectDocument(room.doc);
      const serialised = JSON.stringify(blocks);
      if (this.lastWritten.get(room.scriptId) === serialised) return;
      const newest = await this.storage.latestVersion(room.scriptId);
      if (!newest) return;
      await this.storage.updateContentBlocks(room.scriptId, blocks, newest.createdAt);
      this.lastWritten.set(room.scriptId, serialised);
    } catch (error) {
      // The projection is derived data: a failure delays it, it loses nothing. Try again later.
      this.logger.warn({ err: error, scriptId: room.scriptId }, 'projection failed; will retry');
      this.schedule(room);
    }
  }
}
