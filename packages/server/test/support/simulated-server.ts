import * as prng from 'lib0/prng';
import type { Identity } from '../../src/auth/authenticator.js';
import { createLogger } from '../../src/logger.js';
import { compactScript } from '../../src/maintenance/compaction.js';
import { Metrics } from '../../src/metrics.js';
import type { DocumentLog, Storage } from '../../src/storage/storage.js';
import { Connection, connectionLimits } from '../../src/sync/connection.js';
import { DEFAULT_LIMITS } from './blank-script.js';
import { GroupCommit } from '../../src/sync/group-commit.js';
import { Projector } from '../../src/sync/projector.js';
import type { Room } from '../../src/sync/room.js';
import { RoomRegistry } from '../../src/sync/room-registry.js';
import type { SimulatedWriter } from './simulated-writer.js';

/** Timings of the simulated server, in the fake milliseconds the harness advances. */
export const SIMULATED_TIMINGS = { commitWindowMs: 2, projectionDelayMs: 500, unloadGraceMs: 1_000 } as const;

/**
 * One writer's connection over an in-memory network: two FIFO queues, one per
 * direction, delivered one frame at a time when the harness says so. Order
 * within a direction is kept (as a WebSocket keeps it); the order across
 * links and directions is the harness's seeded choice.
 */
export class SimulatedLink {
  readonly toServer: Uint8Array[] = [];
  readonly toClient: Uint8Array[] = [];
  open = true;
  connection: Connection | undefined;
  /** A close code the server sent (a refusal), if any. */
  closedWith: number | undefined;

  constructor(readonly writer: SimulatedWriter) {}

  get queued(): number {
    return this.toServer.length + this.toClient.length;
  }

  /** Delivers the next frame of one direction (the client's first when both have frames and `toServer`). */
  deliver(toServer: boolean): void {
    if (!this.open) return;
    if (toServer) {
      const frame = this.toServer.shift();
      if (frame) this.connection?.receive(frame);
    } else {
      const frame = this.toClient.shift();
      if (frame) this.writer.receive(frame);
    }
  }

  /** Both ends learn that the link is gone; frames still queued are lost, as on a dropped socket. */
  cut(): void {
    if (!this.open) return;
    this.open = false;
    this.toServer.length = 0;
    this.toClient.length = 0;
    this.writer.disconnected();
    this.connection?.closed();
  }
}

export interface SimulatedServerOptions {
  storage: Storage;
  scriptId: string;
  /** Who every writer connects as (an owner). */
  identity: Identity;
  /** The storage as the group commit sees it: a test can wrap it to break the persist sink. */
  persistTo?: Pick<DocumentLog, 'appendVersions'>;
}

/**
 * The sync core of one server process, without sockets or HTTP: the real
 * rooms, connections, group commit, projector and maintenance over a real
 * storage, with writers attached through `SimulatedLink`s. `crash()` drops
 * the process as `kill -9` would (nothing in memory survives; what storage
 * committed does), and `boot()` starts a new one on the same storage.
 */
export class SimulatedServer {
  private registry!: RoomRegistry;
  private writer!: GroupCommit;
  /** Cleared by `crash()`: the dead process's storage calls never return, so nothing it still had in flight reaches the database. */
  private alive = { value: true };
  private nextConnectionId = 1;
  readonly links = new Set<SimulatedLink>();
  private readonly storage: Storage;
  private readonly scriptId: string;
  private readonly identity: Identity;

  constructor(private readonly options: SimulatedServerOptions) {
    ({ storage: this.storage, scriptId: this.scriptId, identity: this.identity } = options);
    this.boot();
  }

  boot(): void {
    this.alive = { value: true };
    const storage = untilCrash(this.storage, this.alive);
    const metrics = new Metrics({ processMetrics: false });
    const logger = createLogger('silent');
    this.writer = new GroupCommit({
      storage: untilCrash(this.options.persistTo ?? this.storage, this.alive),
      windowMs: SIMULATED_TIMINGS.commitWindowMs,
      retryMaxMs: 50,
      metrics,
      logger,
    });
    const projector = new Projector({ storage, delayMs: SIMULATED_TIMINGS.projectionDelayMs, metrics, logger });
    this.registry = new RoomRegistry({
      storage,
      writer: this.writer,
      projector,
      unloadGraceMs: SIMULATED_TIMINGS.unloadGraceMs,
      maxDocumentBytes: DEFAULT_LIMITS.maxDocumentBytes,
      metrics,
      logger,
    });
  }

  /** Admits a writer as the WebSocket endpoint would once it is authenticated: load (or reuse) the room, then connect. */
  async connect(writer: SimulatedWriter): Promise<SimulatedLink> {
    const link = new SimulatedLink(writer);
    this.links.add(link);
    const { room } = await this.registry.acquire(this.scriptId);
    const registry = this.registry;
    link.connection = new Connection({
      transport: {
        send: (frame) => {
          if (link.open) link.toClient.push(frame);
        },
        close: (code) => {
          link.closedWith = code;
          link.cut();
        },
      },
      room,
      context: { id: this.nextConnectionId++, identity: this.identity, role: 'owner', upgradeStartedAt: performance.now(), cold: false },
      limits: connectionLimits(DEFAULT_LIMITS),
      metrics: new Metrics({ processMetrics: false }),
      logger: createLogger('silent'),
      onClose: () => {
        this.links.delete(link);
        registry.release(room);
      },
    });
    writer.connect({ send: (frame) => link.open && link.toServer.push(frame) });
    return link;
  }

  /** The loaded room, if the script is in memory. */
  async room(): Promise<Room | undefined> {
    return (await this.registry.loadedRooms()).find((room) => room.scriptId === this.scriptId);
  }

  /** The process dies: every link drops, rows not yet committed are lost. The caller clears the fake timers. */
  crash(): void {
    this.alive.value = false;
    for (const link of this.links) link.cut();
    this.links.clear();
  }

  /** Compacts the script's stored log, as the server's sweep or the CLI would, while it is loaded and edited. */
  compact(): Promise<unknown> {
    return compactScript(this.storage, this.scriptId, { lock: 'try' });
  }

  /** Whether rows are waiting for the group commit. */
  hasUnwrittenRows(): boolean {
    return this.writer.hasPending(this.scriptId);
  }

  /** A seeded choice among the links with frames queued, and a direction. */
  pickDelivery(gen: prng.PRNG): { link: SimulatedLink; toServer: boolean } | undefined {
    const busy = [...this.links].filter((link) => link.queued > 0);
    if (busy.length === 0) return undefined;
    const link = prng.oneOf(gen, busy);
    const toServer = link.toServer.length > 0 && (link.toClient.length === 0 || prng.bool(gen));
    return { link, toServer };
  }
}

/**
 * `target` with every method answering only while `alive.value` holds: after
 * a crash, a write the dead process still had queued (a group commit retry, a
 * projection) never starts. One already started completes, as a commit that
 * reached the database before the kill does.
 */
function untilCrash<T extends object>(target: T, alive: { value: boolean }): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (alive.value ? (value as (...a: unknown[]) => unknown).apply(object, args) : new Promise(() => {}));
    },
  });
}
