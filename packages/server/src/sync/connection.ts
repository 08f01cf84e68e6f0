import {
  FrameError,
  decodeClientFrame,
  encodeAwareness,
  encodePermissionDenied,
  encodeSaved,
  encodeSyncStep1,
  encodeNotice,
  encodeSyncStep2,
  presenceName,
  type ClientFrame,
  type NoticeTopic,
} from '@writersroom/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { WritersRoomError, type ErrorCode } from '../errors.js';
import { MessageRate } from '../limits/message-rate.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Role } from '../storage/storage.js';
import type { Identity } from '../auth/authenticator.js';
import { canEdit } from '../auth/roles.js';
import type { TransactionOrigin } from './origins.js';
import type { Room, RoomMember } from './room.js';
import { stampAwarenessUpdate, type VerifiedWriter } from './verified-presence.js';

/**
 * What a connection needs of its socket: a WebSocket in production
 * (`web-socket-transport.ts`), an in-memory link in the convergence tests.
 */
export interface ConnectionTransport {
  send(frame: Uint8Array): void;
  /** Starts closing with a close code and reason; the owner calls `Connection.closed()` once it is closed. */
  close(code: number, reason: string): void;
}

export interface ConnectionContext {
  id: number;
  identity: Identity;
  role: Role;
  /** `performance.now()` when the upgrade request arrived, for the first-reply histogram. */
  upgradeStartedAt: number;
  /** Whether admitting this connection loaded the script from storage. */
  cold: boolean;
}

/** What one socket may send: floods close the socket (4429) instead of queueing without bound. */
export interface ConnectionLimits {
  /** Document messages (SyncStep2 and Update). */
  updates: MessageRate;
  awareness: MessageRate;
  /** Largest awareness message: a writer's name, colour and caret are tens of bytes. */
  maxAwarenessBytes: number;
}

/** A new socket's limits: its own buckets, full. */
export function connectionLimits(limits: { updatesPerSecond: number; awarenessPerSecond: number; maxAwarenessBytes: number }): ConnectionLimits {
  return {
    updates: new MessageRate(limits.updatesPerSecond),
    awareness: new MessageRate(limits.awarenessPerSecond),
    maxAwarenessBytes: limits.maxAwarenessBytes,
  };
}

export interface ConnectionOptions {
  transport: ConnectionTransport;
  room: Room;
  context: ConnectionContext;
  limits: ConnectionLimits;
  metrics: Metrics;
  logger: Logger;
  /** Called once, when the socket has closed and the connection left its room. */
  onClose: (connection: Connection) => void;
}

/**
 * One client's socket on one room: the protocol of PROTOCOL.md as a state
 * machine over frames. Frames are handled in arrival order; any frame that
 * cannot be decoded, or of a type a client may not send, closes this
 * connection only (with the catalogue's close code) and changes nothing.
 */
export class Connection implements RoomMember {
  readonly id: number;
  readonly awarenessClientIds = new Set<number>();
  private readonly transport: ConnectionTransport;
  private readonly room: Room;
  private readonly context: ConnectionContext;
  private readonly limits: ConnectionLimits;
  private readonly metrics: Metrics;
  private readonly logger: Logger;
  private readonly onClose: (connection: Connection) => void;
  private readonly origin: Extract<TransactionOrigin, { kind: 'client' }>;
  /** What this connection's presence says to the others, whatever the client claims. */
  private readonly writer: VerifiedWriter;
  private role: Role;
  private toldReadOnly = false;
  /** Set once closing began: frames still arriving are not applied. */
  private closing = false;
  private hasClosed = false;
  private firstReplySent = false;
  // Save acknowledgements (PROTOCOL.md §3).
  private acksRequested = false;
  private documentMessagesReceived = 0;
  private documentMessagesDurable = 0;
  private lastAckSent = -1;
  private ackQueued = false;
  /** Notices (PROTOCOL.md §3a): sent only once asked for, so a stock client never sees a type it cannot read. */
  private noticesRequested = false;
  /**
   * Document messages applied only in part (missing predecessors, [SY11]),
   * oldest first, by their number: Saved never covers one until the
   * document holds all of it, which the client's answer to the SyncStep1
   * sent then brings. Acknowledging the applied part alone would tell the
   * writer "Saved" for content the server dropped.
   */
  private readonly partlyApplied: Array<{ message: number; update: Uint8Array }> = [];

  constructor(options: ConnectionOptions) {
    ({
      transport: this.transport,
      room: this.room,
      context: this.context,
      limits: this.limits,
      metrics: this.metrics,
      logger: this.logger,
      onClose: this.onClose,
    } = options);
    this.id = this.context.id;
    this.role = this.context.role;
    this.origin = Object.freeze({ kind: 'client', connectionId: this.context.id, userId: this.context.identity.userId });
    this.writer = { userId: this.context.identity.userId, name: presenceName(this.context.identity) };
    this.room.join(this);
    this.metrics.openConnections.inc();
    this.sendSyncStep1();
    this.sendAwarenessStates();
  }

  get scriptId(): string {
    return this.room.scriptId;
  }

  get userId(): string {
    return this.context.identity.userId;
  }

  get sessionId(): string | undefined {
    return this.context.identity.sessionId;
  }

  /** A changed role applies from the next message on. */
  setRole(role: Role): void {
    this.role = role;
  }

  send(message: Uint8Array): void {
    if (!this.closing) this.transport.send(message);
  }

  /** Closes with the error's close code and a reason naming its catalogue code. */
  close(error: WritersRoomError): void {
    if (this.closing) return;
    this.closing = true;
    this.transport.close(error.closeCode, error.closeReason);
  }

  /** One binary frame from the client. */
  receive(frame: Uint8Array): void {
    // Frames that arrive during the closing handshake (shutdown, a refusal) are not applied.
    if (this.closing) return;
    try {
      this.dispatch(decodeFrame(frame));
    } catch (error) {
      this.refuse(error);
    }
  }

  /**
   * Closes this connection for a frame that breaks the protocol (a text
   * frame, a frame that does not decode, content the server refuses), with
   * the error's close code, and counts and logs it.
   */
  refuse(thrown: unknown): void {
    const error =
      thrown instanceof WritersRoomError ? thrown : new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', undefined, { cause: thrown });
    const reason = REJECTION_REASONS[error.code];
    if (reason) this.metrics.messagesRejected.inc({ reason });
    if (error.code === 'WR_ERR_RATE_LIMITED') this.metrics.rateLimited.inc({ limit: 'messages-per-socket' });
    this.logger.warn(
      { connectionId: this.id, scriptId: this.scriptId, userId: this.context.identity.userId, code: error.code, err: error.cause ?? error },
      'closing connection after a bad message',
    );
    this.close(error);
  }

  /** The socket has closed (whoever closed it): the connection leaves its room. Idempotent. */
  closed(): void {
    if (this.hasClosed) return;
    this.hasClosed = true;
    this.closing = true;
    this.metrics.openConnections.dec();
    this.room.leave(this);
    this.onClose(this);
  }

  private dispatch(frame: ClientFrame): void {
    switch (frame.type) {
      case 'sync-step-1':
        this.send(encodeSyncStep2(this.room.missingFrom(frame.stateVector)));
        this.observeFirstReply();
        return;
      case 'sync-step-2':
      case 'update':
        this.onDocumentMessage(frame.update);
        return;
      case 'awareness': {
        this.withinRate(this.limits.awareness, 'awareness messages');
        if (frame.update.byteLength > this.limits.maxAwarenessBytes) {
          throw new WritersRoomError('WR_ERR_INVALID_REQUEST', `An awareness message of ${frame.update.byteLength} bytes is over the ${this.limits.maxAwarenessBytes}-byte limit.`);
        }
        const stamped = stampAwarenessUpdate(frame.update, this.writer, (clientId) => this.room.awarenessSetElsewhere(clientId, this));
        awarenessProtocol.applyAwarenessUpdate(this.room.awareness, stamped, this);
        return;
      }
      case 'query-awareness':
        this.sendAwarenessStates();
        return;
      case 'save-ack-request':
        this.acksRequested = true;
        this.trackDurability();
        return;
      case 'notice-request':
        this.noticesRequested = true;
        return;
    }
  }

  /** The script's comments or history changed: a client that asked is told, to read them again. */
  notify(topic: NoticeTopic): void {
    if (this.noticesRequested && !this.closing) this.send(encodeNotice(topic));
  }

  /** @throws WR_ERR_RATE_LIMITED when the socket sends faster than `rate` allows. */
  private withinRate(rate: MessageRate, what: string): void {
    if (!rate.take()) throw new WritersRoomError('WR_ERR_RATE_LIMITED', `Too many ${what} on one connection.`, { retryAfterS: rate.retryAfterS });
  }

  private onDocumentMessage(update: Uint8Array): void {
    this.withinRate(this.limits.updates, 'updates');
    if (!canEdit(this.role)) {
      this.refuseWrite();
      return;
    }
    this.documentMessagesReceived += 1;
    if (this.room.applyClientUpdate(update, this.origin) === 'incomplete') {
      this.partlyApplied.push({ message: this.documentMessagesReceived, update });
      this.sendSyncStep1();
    } else if (this.partlyApplied.length > 0) {
      this.dropCompletedMessages();
    }
    this.trackDurability();
  }

  /** Forgets the partly applied messages whose every part the document now holds (from this client or another). */
  private dropCompletedMessages(): void {
    const snapshot = Y.snapshot(this.room.doc);
    const remaining = this.partlyApplied.filter(({ update }) => !Y.snapshotContainsUpdate(snapshot, update));
    this.partlyApplied.splice(0, this.partlyApplied.length, ...remaining);
  }

  /**
   * A viewer's or commenter's document messages change nothing and are never
   * acknowledged. They are told once, with the standard permission-denied message that
   * every y-websocket client understands.
   */
  private refuseWrite(): void {
    if (this.toldReadOnly) return;
    this.toldReadOnly = true;
    this.send(encodePermissionDenied('read-only: you can view this script but not edit it'));
  }

  /**
   * Acknowledges every document message received so far (up to the oldest
   * one still applied only in part) once the room's latest change is
   * durable. That covers a message that changed nothing too: what it carried
   * may have arrived through another connection whose row is still queued.
   */
  private trackDurability(): void {
    const oldestPartial = this.partlyApplied[0]?.message;
    const covered = oldestPartial === undefined ? this.documentMessagesReceived : oldestPartial - 1;
    void this.room.writesSettled().then(() => {
      this.documentMessagesDurable = Math.max(this.documentMessagesDurable, covered);
      this.queueAck();
    });
  }

  private queueAck(): void {
    if (!this.acksRequested || this.ackQueued) return;
    this.ackQueued = true;
    // One Saved per burst: a batch commit resolves many rows in the same tick.
    queueMicrotask(() => {
      this.ackQueued = false;
      if (this.documentMessagesDurable === this.lastAckSent) return;
      this.lastAckSent = this.documentMessagesDurable;
      this.send(encodeSaved(this.documentMessagesDurable));
    });
  }

  private sendSyncStep1(): void {
    this.send(encodeSyncStep1(Y.encodeStateVector(this.room.doc)));
  }

  private sendAwarenessStates(): void {
    const states = this.room.awareness.getStates();
    if (states.size === 0) return;
    this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, Array.from(states.keys()))));
  }

  private observeFirstReply(): void {
    if (this.firstReplySent) return;
    this.firstReplySent = true;
    const seconds = (performance.now() - this.context.upgradeStartedAt) / 1000;
    this.metrics.firstSyncReply.observe({ load: this.context.cold ? 'cold' : 'warm' }, seconds);
  }
}

/**
 * The `writersroom_messages_rejected_total{reason}` of a refusal; undefined
 * where it is counted elsewhere (the room counts schema violations and
 * growth past the size limit, rate limits have their own counter).
 */
const REJECTION_REASONS: Partial<Record<ErrorCode, string>> = {
  WR_ERR_MALFORMED_MESSAGE: 'malformed',
  WR_ERR_INVALID_REQUEST: 'malformed',
  WR_ERR_UNKNOWN_MESSAGE_TYPE: 'unknown_type',
};

/** A client frame, with the protocol's decoding errors as the catalogue's. */
function decodeFrame(frame: Uint8Array): ClientFrame {
  try {
    return decodeClientFrame(frame);
  } catch (error) {
    if (error instanceof FrameError && error.kind === 'unknown-type') throw new WritersRoomError('WR_ERR_UNKNOWN_MESSAGE_TYPE', `${error.message}.`);
    throw new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', undefined, { cause: error });
  }
}
