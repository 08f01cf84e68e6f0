import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { parseAccessEvent, type AccessEvent, type AccessEvents } from '../auth/access-events.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ScriptId } from '../storage/storage.js';
import type { CatchUpReason, FanOut, FanOutHealth, FanOutTarget } from '../sync/fan-out.js';
import { decodeScriptMessage, encodeScriptMessage, fanOutChannels, type ScriptMessage } from './fan-out-message.js';

export interface RedisFanOutOptions {
  /** The process's command connection (publishes); the fan-out subscribes on a duplicate of it. */
  redis: Redis;
  keyPrefix: string;
  /** Access changes are relayed both ways: published here, applied on every process. */
  events: AccessEvents;
  metrics: Metrics;
  logger: Logger;
  /** How often this process says it is alive; a peer silent for `peerTimeoutMs` is gone ([SY40]). */
  heartbeatMs?: number;
  peerTimeoutMs?: number;
  /** How long an update from another process may wait for its commit to be announced before this process stores it too ([SY35]). */
  orphanAfterMs?: number;
}

/** One script this process follows: subscribed from before its load until it unloads. */
interface Followed {
  channel: string;
  target: FanOutTarget | undefined;
  /** Messages that arrived between the subscription and the room: applied, in order, when it is attached. */
  buffered: ScriptMessage[];
  /** A catch-up was asked for before the room existed. */
  catchUpOnAttach: CatchUpReason | undefined;
  /** Highest update number heard from each process on this script. */
  heardSeq: Map<string, number>;
  /**
   * Per process, the highest number of an update found missing (a gap):
   * read from storage once the process announces it committed, since it is
   * published before its commit and a read now could miss it.
   */
  missingUntil: Map<string, number>;
  /** Updates this process published on it. */
  sentSeq: number;
  /** The highest of them committed, and whether announcing it is already queued. */
  committedSeq: number;
  announcing: boolean;
  /** Updates from other processes applied here, by process, until their commit is announced. */
  awaiting: Map<string, AwaitingCommit[]>;
}

interface AwaitingCommit {
  seq: number;
  update: Uint8Array;
  since: number;
  stored: () => void;
}

const DEFAULT_HEARTBEAT_MS = 1_000;
const DEFAULT_PEER_TIMEOUT_MS = 3_000;
const DEFAULT_ORPHAN_AFTER_MS = 5_000;

/**
 * The fan-out of several processes over Redis pub/sub (sync SPEC
 * [SY33]–[SY41]). Pub/sub alone loses whatever is published while a
 * subscriber's connection is down; here the database is the record and
 * Redis only the fast path: updates are published as they are applied,
 * numbered per process and script, and their commit announced after; a
 * process that may have missed one (a reconnect, a gap in the numbers, an
 * announced commit of an update it never heard of, a peer that could not
 * publish) reads the script's stored rows again and applies what it lacks.
 * An update whose commit is never announced is stored here too.
 */
export class RedisFanOut implements FanOut {
  readonly processId = randomBytes(6).toString('hex');
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly scripts = new Map<ScriptId, Followed>();
  private readonly byChannel = new Map<string, ScriptId>();
  private readonly peers = new Map<string, number>();
  private readonly processesChannel: string;
  private readonly accessChannel: string;
  private readonly scriptPrefix: string;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly heartbeatMs: number;
  private readonly peerTimeoutMs: number;
  private readonly orphanAfterMs: number;
  private lastBeat = Date.now();
  /** A publish failed since the publisher was last ready: the others are told to catch up once it is back. */
  private publishFailed = false;
  private catchUps = 0;
  private closed = false;
  private readonly events: AccessEvents;
  private readonly metrics: Metrics;
  private readonly logger: Logger;
  private readonly stopRelay: () => void;

  constructor(options: RedisFanOutOptions) {
    ({ redis: this.publisher, events: this.events, metrics: this.metrics, logger: this.logger } = options);
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.peerTimeoutMs = options.peerTimeoutMs ?? DEFAULT_PEER_TIMEOUT_MS;
    this.orphanAfterMs = options.orphanAfterMs ?? DEFAULT_ORPHAN_AFTER_MS;
    ({ processes: this.processesChannel, access: this.accessChannel, scriptPrefix: this.scriptPrefix } = fanOutChannels(options.keyPrefix));
    // Subscriptions are renewed by hand on every (re)connect, so the catch-up that follows starts after they hold.
    this.subscriber = this.publisher.duplicate({ autoResubscribe: false, enableOfflineQueue: false });
    this.subscriber.on('messageBuffer', this.onMessage);
    this.subscriber.on('ready', () => void this.onSubscriberReady());
    this.subscriber.on('error', () => this.metrics.fanOutConnected.set(0));
    this.subscriber.on('close', () => this.metrics.fanOutConnected.set(0));
    this.publisher.on('ready', this.onPublisherReady);
    this.stopRelay = this.events.relayTo((event) => this.publish(this.accessChannel, JSON.stringify({ processId: this.processId, event })));
    this.heartbeat = setInterval(this.beat, this.heartbeatMs);
    this.heartbeat.unref();
  }

  async join(scriptId: ScriptId): Promise<void> {
    const channel = this.scriptPrefix + scriptId;
    this.scripts.set(scriptId, {
      channel,
      target: undefined,
      buffered: [],
      catchUpOnAttach: undefined,
      heardSeq: new Map(),
      missingUntil: new Map(),
      sentSeq: 0,
      committedSeq: 0,
      announcing: false,
      awaiting: new Map(),
    });
    this.byChannel.set(channel, scriptId);
    if (this.subscriber.status !== 'ready') return;
    try {
      await this.subscriber.subscribe(channel);
    } catch (error) {
      // Redis went away meanwhile; the reconnect subscribes again and catches up ([SY36]).
      this.logger.debug({ err: error, scriptId }, 'could not subscribe to a script; will on reconnect');
      return;
    }
    this.publish(channel, encodeScriptMessage({ type: 'presence-query', processId: this.processId }));
  }

  attach(target: FanOutTarget): void {
    const followed = this.scripts.get(target.scriptId);
    if (!followed) return;
    followed.target = target;
    for (const message of followed.buffered.splice(0)) this.handle(followed, message);
    if (followed.catchUpOnAttach) this.catchUp(followed, followed.catchUpOnAttach);
    followed.catchUpOnAttach = undefined;
  }

  leave(scriptId: ScriptId, why: 'unloaded' | 'replaced'): void {
    const followed = this.scripts.get(scriptId);
    if (!followed) return;
    if (why === 'unloaded') this.storeOrphans(followed, () => true);
    // A replaced document's sockets are closing: nothing waits for a Saved.
    else for (const list of followed.awaiting.values()) for (const waiting of list) waiting.stored();
    this.scripts.delete(scriptId);
    this.byChannel.delete(followed.channel);
    if (this.subscriber.status === 'ready') this.subscriber.unsubscribe(followed.channel).catch(() => undefined);
  }

  publishUpdate(scriptId: ScriptId, update: Uint8Array): number {
    const followed = this.scripts.get(scriptId);
    if (!followed) return 0;
    followed.sentSeq += 1;
    this.publish(followed.channel, encodeScriptMessage({ type: 'update', processId: this.processId, seq: followed.sentSeq, sentAt: Date.now(), update }));
    this.metrics.fanOutPublished.inc();
    return followed.sentSeq;
  }

  /** One announcement per script for every row of a commit: they resolve in one tick, and this runs after them. */
  committed(scriptId: ScriptId, seq: number): void {
    const followed = this.scripts.get(scriptId);
    if (!followed || seq === 0) return;
    followed.committedSeq = Math.max(followed.committedSeq, seq);
    if (followed.announcing) return;
    followed.announcing = true;
    queueMicrotask(() => {
      followed.announcing = false;
      this.publish(followed.channel, encodeScriptMessage({ type: 'committed', processId: this.processId, seq: followed.committedSeq }));
    });
  }

  publishAwareness(scriptId: ScriptId, update: Uint8Array): void {
    const followed = this.scripts.get(scriptId);
    if (followed) this.publish(followed.channel, encodeScriptMessage({ type: 'awareness', processId: this.processId, update }));
  }

  health(): FanOutHealth {
    return {
      mode: 'redis',
      connected: this.subscriber.status === 'ready' && this.publisher.status === 'ready',
      processId: this.processId,
      peers: this.peers.size,
      scripts: this.scripts.size,
      catchUps: this.catchUps,
      awaitingCommit: Array.from(this.scripts.values()).reduce((sum, followed) => sum + Array.from(followed.awaiting.values()).reduce((n, list) => n + list.length, 0), 0),
    };
  }

  /** Says goodbye (the others drop this process's presence at once) and closes the subscription. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.stopRelay();
    this.publisher.off('ready', this.onPublisherReady);
    if (this.publisher.status === 'ready') await this.publisher.publish(this.processesChannel, `gone:${this.processId}`).catch(() => undefined);
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private publish(channel: string, message: Uint8Array | string): void {
    const payload = typeof message === 'string' ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
    this.publisher.publish(channel, payload).catch((error: unknown) => {
      if (!this.publishFailed) this.logger.warn({ err: error }, 'could not publish to the other processes; they catch up from storage when Redis is back');
      this.publishFailed = true;
    });
  }

  private async onSubscriberReady(): Promise<void> {
    const channels = [this.processesChannel, this.accessChannel, ...Array.from(this.scripts.values(), (followed) => followed.channel)];
    try {
      await this.subscriber.subscribe(...channels);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not subscribe after connecting to Redis; retrying on the next connection');
      return;
    }
    this.metrics.fanOutConnected.set(1);
    // Whatever was published while this connection was down is in storage: every followed script reads it.
    for (const followed of this.scripts.values()) {
      this.catchUp(followed, 'reconnect');
      this.publish(followed.channel, encodeScriptMessage({ type: 'presence-query', processId: this.processId }));
    }
  }

  private readonly onPublisherReady = (): void => {
    if (!this.publishFailed) return;
    this.publishFailed = false;
    for (const followed of this.scripts.values()) this.publish(followed.channel, encodeScriptMessage({ type: 'resync', processId: this.processId }));
  };

  private readonly beat = (): void => {
    const now = Date.now();
    // A beat far later than due means this process was paused (GC, SIGSTOP): the others dropped its writers' presence.
    const wasPaused = now - this.lastBeat > this.peerTimeoutMs;
    this.lastBeat = now;
    this.publish(this.processesChannel, `alive:${this.processId}`);
    if (wasPaused) {
      for (const followed of this.scripts.values()) this.sendPresence(followed);
    }
    for (const [processId, seenAt] of this.peers) {
      if (now - seenAt > this.peerTimeoutMs) this.peerGone(processId);
    }
    for (const followed of this.scripts.values()) this.storeOrphans(followed, (_processId, waiting) => now - waiting.since > this.orphanAfterMs);
  };

  private peerGone(processId: string): void {
    this.peers.delete(processId);
    for (const followed of this.scripts.values()) {
      followed.heardSeq.delete(processId);
      followed.missingUntil.delete(processId);
      this.storeOrphans(followed, (from) => from === processId);
      followed.target?.removeRemotePresence(processId);
    }
  }

  /**
   * Stores here the updates from other processes that `orphaned` picks
   * (their process is gone, or never announced their commit), then counts
   * them stored: a duplicate of a row the other process did commit is
   * harmless, an update nobody stored would be a Saved that lied.
   */
  private storeOrphans(followed: Followed, orphaned: (processId: string, waiting: AwaitingCommit) => boolean): void {
    const target = followed.target;
    if (!target) return;
    const orphans: AwaitingCommit[] = [];
    for (const [processId, list] of followed.awaiting) {
      const keep = list.filter((waiting) => !orphaned(processId, waiting));
      if (keep.length === list.length) continue;
      orphans.push(...list.filter((waiting) => orphaned(processId, waiting)));
      if (keep.length === 0) followed.awaiting.delete(processId);
      else followed.awaiting.set(processId, keep);
    }
    if (orphans.length === 0) return;
    this.metrics.fanOutOrphansStored.inc(orphans.length);
    this.logger.warn({ scriptId: target.scriptId, updates: orphans.length }, 'stored updates from another process whose commit was never announced');
    void target.storeOrphans(orphans.map((waiting) => waiting.update)).then(() => {
      for (const waiting of orphans) waiting.stored();
    });
  }

  private sendPresence(followed: Followed): void {
    const states = followed.target?.localAwareness();
    if (states) this.publish(followed.channel, encodeScriptMessage({ type: 'awareness', processId: this.processId, update: states }));
  }

  private readonly onMessage = (channelBytes: Buffer, payload: Buffer): void => {
    if (this.closed) return;
    const channel = channelBytes.toString();
    if (channel === this.processesChannel) {
      this.onProcessMessage(payload.toString());
      return;
    }
    if (channel === this.accessChannel) {
      this.onAccessMessage(payload.toString());
      return;
    }
    const scriptId = this.byChannel.get(channel);
    const followed = scriptId === undefined ? undefined : this.scripts.get(scriptId);
    if (!followed) return;
    let message: ScriptMessage;
    try {
      message = decodeScriptMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    } catch (error) {
      this.logger.warn({ err: error, channel }, 'ignored a fan-out message that does not decode');
      return;
    }
    if (message.processId === this.processId) return;
    this.peers.set(message.processId, Date.now());
    if (followed.target) this.handle(followed, message);
    else followed.buffered.push(message);
  };

  private handle(followed: Followed, message: ScriptMessage): void {
    const target = followed.target;
    if (!target) return;
    switch (message.type) {
      case 'update': {
        const heard = followed.heardSeq.get(message.processId);
        followed.heardSeq.set(message.processId, Math.max(heard ?? 0, message.seq));
        this.metrics.fanOutLag.observe(Math.max(0, Date.now() - message.sentAt) / 1000);
        this.metrics.fanOutReceived.inc();
        const stored = this.awaitCommit(followed, message.processId, message.seq, message.update);
        // An update applied only in part is read again from storage too, once its own commit is announced.
        const incomplete = target.applyRemoteUpdate(message.update, stored) === 'incomplete';
        if (incomplete) this.catchUp(followed, 'missing-predecessor');
        const missingUntil = incomplete ? message.seq : heard !== undefined && message.seq > heard + 1 ? message.seq - 1 : undefined;
        if (missingUntil !== undefined) followed.missingUntil.set(message.processId, Math.max(followed.missingUntil.get(message.processId) ?? 0, missingUntil));
        return;
      }
      case 'committed': {
        const list = followed.awaiting.get(message.processId) ?? [];
        const keep = list.filter((waiting) => waiting.seq > message.seq);
        for (const waiting of list) if (waiting.seq <= message.seq) waiting.stored();
        if (keep.length === 0) followed.awaiting.delete(message.processId);
        else followed.awaiting.set(message.processId, keep);
        // A catch-up reads what is committed: one for missing updates waits for their commit to be announced.
        const heard = followed.heardSeq.get(message.processId) ?? 0;
        const missing = followed.missingUntil.get(message.processId);
        const filled = missing !== undefined && message.seq >= missing;
        if (filled) followed.missingUntil.delete(message.processId);
        if (heard < message.seq) followed.heardSeq.set(message.processId, message.seq);
        if (filled) this.catchUp(followed, 'gap');
        else if (heard < message.seq) this.catchUp(followed, 'tail');
        return;
      }
      case 'resync':
        followed.heardSeq.delete(message.processId);
        followed.missingUntil.delete(message.processId);
        this.catchUp(followed, 'peer-reconnect');
        return;
      case 'awareness':
        target.applyRemoteAwareness(message.update, message.processId);
        return;
      case 'presence-query':
        this.sendPresence(followed);
        return;
    }
  }

  /** Resolves once process `processId` announced the update committed, or this process stored it itself. */
  private awaitCommit(followed: Followed, processId: string, seq: number, update: Uint8Array): Promise<void> {
    return new Promise((stored) => {
      const list = followed.awaiting.get(processId);
      const waiting = { seq, update, since: Date.now(), stored };
      if (list) list.push(waiting);
      else followed.awaiting.set(processId, [waiting]);
    });
  }

  private catchUp(followed: Followed, reason: CatchUpReason): void {
    if (!followed.target) {
      followed.catchUpOnAttach ??= reason;
      return;
    }
    this.catchUps += 1;
    this.metrics.fanOutCatchUps.inc({ reason });
    followed.target.catchUp(reason);
  }

  private onProcessMessage(text: string): void {
    const [what, processId] = text.split(':', 2);
    if (!processId || processId === this.processId) return;
    if (what === 'alive') this.peers.set(processId, Date.now());
    else if (what === 'gone') this.peerGone(processId);
  }

  private onAccessMessage(text: string): void {
    let event: AccessEvent | undefined;
    let from: unknown;
    try {
      const parsed = JSON.parse(text) as { processId?: unknown; event?: unknown };
      from = parsed.processId;
      event = parseAccessEvent(parsed.event);
    } catch {
      event = undefined;
    }
    if (from === this.processId) return;
    if (!event) {
      this.logger.warn({ message: text.slice(0, 200) }, 'ignored an access event that does not parse');
      return;
    }
    this.events.receive(event);
  }
}
