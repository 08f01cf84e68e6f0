import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep, encodeSaved, presenceName } from '@writersroom/protocol';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import { WritersRoomError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Role } from '../storage/storage.js';
import type { Identity } from '../auth/authenticator.js';
import { canEdit } from '../auth/roles.js';
import type { ClientOrigin } from './origins.js';
import type { Room, RoomMember } from './room.js';
import { stampAwarenessUpdate, type VerifiedWriter } from './verified-presence.js';

export interface ConnectionContext {
  id: number;
  identity: Identity;
  role: Role;
  /** `performance.now()` when the upgrade request arrived, for the first-reply histogram. */
  upgradeStartedAt: number;
  /** Whether admitting this connection loaded the script from storage. */
  cold: boolean;
}

/**
 * One client's WebSocket on one room. Frames are handled in arrival order;
 * any frame that cannot be decoded, or of a type a client may not send, closes
 * this connection only (with the catalogue's close code) and changes nothing.
 */
export class Connection implements RoomMember {
  readonly id: number;
  readonly awarenessClientIds = new Set<number>();
  private readonly origin: ClientOrigin;
  /** What this connection's presence says to the others, whatever the client claims. */
  private readonly writer: VerifiedWriter;
  private role: Role;
  private toldReadOnly = false;
  private alive = true;
  private closed = false;
  private firstReplySent = false;
  // Save acknowledgements (PROTOCOL.md §3).
  private acksRequested = false;
  private documentMessagesReceived = 0;
  private documentMessagesDurable = 0;
  private lastAckSent = -1;
  private ackQueued = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly room: Room,
    private readonly context: ConnectionContext,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly onClose: (connection: Connection) => void,
  ) {
    this.id = context.id;
    this.role = context.role;
    this.origin = Object.freeze({ kind: 'client', connectionId: context.id, userId: context.identity.userId });
    this.writer = { userId: context.identity.userId, name: presenceName(context.identity) };
    ws.on('message', (data, isBinary) => this.onFrame(data as Buffer, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (error) => this.logger.debug({ err: error, connectionId: this.id }, 'socket error'));
    ws.on('close', () => this.onSocketClosed());
    room.join(this);
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
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(message);
  }

  /** Closes with the error's close code and a reason naming its catalogue code. */
  close(error: WritersRoomError): void {
    if (this.closed) return;
    this.ws.close(error.closeCode, error.code);
  }

  /** Called every heartbeat interval: a peer that did not answer the previous ping is gone. */
  heartbeat(): void {
    if (!this.alive) {
      this.logger.debug({ connectionId: this.id, scriptId: this.scriptId }, 'peer missed a heartbeat; terminating');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    // Frames that arrive during the closing handshake (shutdown, a refusal) are not applied.
    if (this.ws.readyState !== this.ws.OPEN) return;
    try {
      if (!isBinary) throw new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', 'Text frames are not part of the protocol.');
      this.dispatch(decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    } catch (error) {
      this.reject(error);
    }
  }

  private dispatch(decoder: decoding.Decoder): void {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync:
        this.onSync(decoder);
        return;
      case MessageType.Awareness: {
        const claimed = decoding.readVarUint8Array(decoder);
        const stamped = stampAwarenessUpdate(claimed, this.writer, (clientId) => this.room.awarenessSetElsewhere(clientId, this));
        awarenessProtocol.applyAwarenessUpdate(this.room.awareness, stamped, this);
        return;
      }
      case MessageType.QueryAwareness:
        this.sendAwarenessStates();
        return;
      case MessageType.SaveAckRequest:
        this.acksRequested = true;
        this.trackDurability();
        return;
      default:
        throw new WritersRoomError('WR_ERR_UNKNOWN_MESSAGE_TYPE', `Message type ${type} is not one a client may send.`);
    }
  }

  private onSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    switch (step) {
      case SyncStep.Step1: {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.Sync);
        encoding.writeVarUint(encoder, SyncStep.Step2);
        encoding.writeVarUint8Array(encoder, this.room.missingFrom(decoding.readVarUint8Array(decoder)));
        this.send(encoding.toUint8Array(encoder));
        this.observeFirstReply();
        return;
      }
      case SyncStep.Step2:
      case SyncStep.Update: {
        const update = decoding.readVarUint8Array(decoder);
        if (!canEdit(this.role)) {
          this.refuseWrite();
          return;
        }
        this.documentMessagesReceived += 1;
        if (this.room.applyClientUpdate(update, this.origin) === 'incomplete') this.sendSyncStep1();
        this.trackDurability();
        return;
      }
      default:
        throw new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', `Unknown sync step ${step}.`);
    }
  }

  /**
   * A viewer's document messages change nothing and are never acknowledged.
   * The viewer is told once, with the standard permission-denied message that
   * every y-websocket client understands.
   */
  private refuseWrite(): void {
    if (this.toldReadOnly) return;
    this.toldReadOnly = true;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Auth);
    authProtocol.writePermissionDenied(encoder, 'read-only: you can view this script but not edit it');
    this.send(encoding.toUint8Array(encoder));
  }

  /**
   * Acknowledges every document message received so far once the room's
   * latest change is durable. That covers a message that changed nothing too:
   * what it carried may have arrived through another connection whose row is
   * still queued.
   */
  private trackDurability(): void {
    const received = this.documentMessagesReceived;
    void this.room.writesSettled().then(() => {
      this.documentMessagesDurable = Math.max(this.documentMessagesDurable, received);
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
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeSyncStep1(encoder, this.room.doc);
    this.send(encoding.toUint8Array(encoder));
  }

  private sendAwarenessStates(): void {
    const states = this.room.awareness.getStates();
    if (states.size === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, Array.from(states.keys())));
    this.send(encoding.toUint8Array(encoder));
  }

  private observeFirstReply(): void {
    if (this.firstReplySent) return;
    this.firstReplySent = true;
    const seconds = (performance.now() - this.context.upgradeStartedAt) / 1000;
    this.metrics.firstSyncReply.observe({ load: this.context.cold ? 'cold' : 'warm' }, seconds);
  }

  private reject(thrown: unknown): void {
    const error =
      thrown instanceof WritersRoomError ? thrown : new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', undefined, { cause: thrown });
    this.metrics.messagesRejected.inc({ reason: error.code === 'WR_ERR_UNKNOWN_MESSAGE_TYPE' ? 'unknown_type' : 'malformed' });
    this.logger.warn(
      { connectionId: this.id, scriptId: this.scriptId, userId: this.context.identity.userId, code: error.code, err: error.cause ?? error },
      'closing connection after a bad message',
    );
    this.close(error);
  }

  private onSocketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.metrics.openConnections.dec();
    this.room.leave(this);
    this.onClose(this);
  }
}
