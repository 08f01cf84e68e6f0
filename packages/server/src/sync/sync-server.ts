import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '@writersroom/protocol';
import { SCREENPLAY_SCHEMA_VERSION } from '@writersroom/screenplay';
import type { AccessEvent, AccessEvents } from '../auth/access-events.js';
import type { Authenticator, Identity } from '../auth/authenticator.js';
import { WritersRoomError, toWritersRoomError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Role, ScriptAccess, ScriptCatalogue, ScriptId } from '../storage/storage.js';
import { Connection, connectionLimits } from './connection.js';
import { assertCurrentSchema, requestedGeneration, staleCopyError } from './upgrade-parameters.js';
import type { RoomRegistry } from './room-registry.js';
import { WebSocketTransport } from './web-socket-transport.js';
import type { TrustedProxy } from '../http/trusted-proxy.js';
import { clientKey } from '../http/rate-limits.js';
import type { AttemptLimiter, LimitRefusal } from '../limits/attempt-limiter.js';
import type { SocketQuota } from '../limits/socket-quota.js';

const SCRIPT_PATH = /^\/ws\/scripts\/([^/?#]+)\/?(?:\?.*)?$/;

/**
 * How long a closing server waits for peers to answer the closing handshake
 * before it drops their sockets. ws would wait 30 s, and the HTTP server's
 * close waits for every socket, so one silent peer held a shutdown (a
 * rolling deploy, a restart) that long.
 */
const CLOSE_HANDSHAKE_GRACE_MS = 1_000;

/** What the WebSocket endpoint limits (README, Configuration; SECURITY.md). */
export interface SocketLimits {
  /** Connection attempts per client address, counted before any token is verified. */
  attemptsPerAddress: AttemptLimiter;
  attemptsPerAccount: AttemptLimiter;
  /** Open sockets per account. */
  sockets: SocketQuota;
  updatesPerSecond: number;
  awarenessPerSecond: number;
  maxAwarenessBytes: number;
}

/** How long a client refused for its account's socket quota waits before it tries again. */
const SOCKET_QUOTA_RETRY_S = 30;

export interface SyncServerOptions {
  storage: Pick<ScriptCatalogue, 'getScript'> & Pick<ScriptAccess, 'getRole'>;
  /** Which peers may report the client's address (TRUST_PROXY), for the per-address limit. */
  proxy: TrustedProxy;
  limits: SocketLimits;
  authenticator: Authenticator;
  registry: RoomRegistry;
  events: AccessEvents;
  maxMessageBytes: number;
  heartbeatIntervalMs: number;
  metrics: Metrics;
  logger: Logger;
}

interface Admission {
  identity: Identity;
  role: Role;
  /** The generation the client's copy was made from ([SY26]); undefined: not checked. */
  generation: number | undefined;
}

/**
 * The WebSocket endpoint `/ws/scripts/:scriptId`. It admits a connection
 * (identity and script looked up concurrently, then the role) and loads the
 * script before completing the upgrade, so no byte of a document is sent
 * before access is granted and the first sync reply is never answered from a
 * half-loaded document. Refusals complete the upgrade only to send the
 * catalogue's close code, which browsers cannot read from an HTTP status.
 * A client naming a document generation is compared with the loaded
 * document's, after the load (which may repair and so move it on), and
 * before the upgrade completes: a stale copy receives no byte, and nothing it
 * sends is read.
 */
export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly transports = new Set<WebSocketTransport>();
  /** Upgrade requests still being admitted or loaded: not yet sockets `wss` knows, but they hold the HTTP server open. */
  private readonly admitting = new Set<Duplex>();
  private closing = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private nextConnectionId = 1;
  private readonly storage: SyncServerOptions['storage'];
  private readonly authenticator: Authenticator;
  private readonly registry: RoomRegistry;
  private readonly metrics: Metrics;
  private readonly logger: Logger;
  private readonly proxy: TrustedProxy;
  private readonly limits: SocketLimits;

  constructor(options: SyncServerOptions) {
    ({
      proxy: this.proxy,
      limits: this.limits,
      storage: this.storage,
      authenticator: this.authenticator,
      registry: this.registry,
      metrics: this.metrics,
      logger: this.logger,
    } = options);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
    this.heartbeat = setInterval(() => {
      for (const transport of this.transports) transport.heartbeat();
    }, options.heartbeatIntervalMs);
    this.heartbeat.unref();
    this.unsubscribe = options.events.subscribe((event) => void this.onAccessEvent(event));
  }

  /** Handler for the HTTP server's 'upgrade' event. */
  readonly handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const startedAt = performance.now();
    const scriptId = SCRIPT_PATH.exec(request.url ?? '')?.[1];
    if (scriptId === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (this.closing) {
      socket.destroy();
      return;
    }
    socket.on('error', (error) => this.logger.debug({ err: error }, 'upgrade socket error'));
    this.admitting.add(socket);
    void this.admitAndConnect(scriptId, request, socket, head, startedAt).finally(() => this.admitting.delete(socket));
  };

  /** Closes every connection to a script (deleted, or access changed) with the error's close code. */
  closeScript(scriptId: ScriptId, error: WritersRoomError): void {
    for (const connection of this.connections) {
      if (connection.scriptId === scriptId) connection.close(error);
    }
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Tells every client to reconnect elsewhere and stops accepting. */
  close(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const socket of this.admitting) socket.destroy();
    for (const client of this.wss.clients) client.close(CloseCode.GoingAway, 'server shutting down');
    setTimeout(() => {
      for (const client of this.wss.clients) client.terminate();
    }, CLOSE_HANDSHAKE_GRACE_MS).unref();
    this.wss.close();
  }

  /**
   * Applies a change of access to open sockets, wherever it was made ([SY39]):
   * a removed collaborator's sockets close with 4003, a changed role takes
   * effect on the next message, a signed-out session's sockets close with
   * 4001, a deleted script's with 4004, and a replaced document's with 4410
   * after its loaded copy is dropped. A notice (comments or history changed)
   * goes to the script's sockets that asked for notices ([SY44]).
   */
  private async onAccessEvent(event: AccessEvent): Promise<void> {
    switch (event.kind) {
      case 'session-revoked': {
        const ended = new WritersRoomError('WR_ERR_UNAUTHENTICATED', 'Signed out.');
        for (const connection of this.connections) if (connection.sessionId === event.sessionId) connection.close(ended);
        return;
      }
      case 'script-deleted':
        this.closeScript(event.scriptId, new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND', 'The script was deleted.'));
        return;
      case 'document-replaced':
        // Dropped before the sockets close, so their reconnects load the new generation.
        this.registry.evict(event.scriptId);
        this.closeScript(event.scriptId, new WritersRoomError('WR_ERR_STALE_DOCUMENT'));
        return;
      case 'token-forgotten':
        return;
      case 'notice':
        for (const connection of this.connections) if (connection.scriptId === event.scriptId) connection.notify(event.topic);
        return;
      case 'role-changed':
        await this.onRoleChanged(event);
        return;
    }
  }

  private async onRoleChanged(event: Extract<AccessEvent, { kind: 'role-changed' }>): Promise<void> {
    const affected = Array.from(this.connections).filter(
      (connection) => connection.scriptId === event.scriptId && connection.userId === event.userId,
    );
    if (affected.length === 0) return;
    let role: Role | undefined;
    try {
      role = await this.storage.getRole(event.scriptId, event.userId);
    } catch (error) {
      // Unknown is not granted: while storage cannot confirm the new role, the sockets close (and clients retry).
      this.logger.error({ err: error, scriptId: event.scriptId }, 'could not re-check a changed role');
    }
    for (const connection of affected) {
      if (role) connection.setRole(role);
      else connection.close(new WritersRoomError('WR_ERR_FORBIDDEN', 'Your access to this script was removed.'));
    }
  }

  private async admitAndConnect(
    scriptId: ScriptId,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    startedAt: number,
  ): Promise<void> {
    const id = this.nextConnectionId++;
    let admission: Admission | undefined;
    let lease;
    // Once the account's quota granted this socket, every way out gives it back.
    const giveBack = () => {
      if (admission) this.limits.sockets.release(admission.identity.userId, String(id));
    };
    try {
      admission = await this.admit(scriptId, request, id);
      lease = await this.registry.acquire(scriptId);
    } catch (thrown) {
      giveBack();
      this.refuse(request, socket, head, scriptId, toWritersRoomError(thrown));
      return;
    }
    const { room, cold } = lease;
    const stale = staleCopyError(admission.generation, room.generation);
    if (stale) {
      giveBack();
      this.registry.release(room);
      this.refuse(request, socket, head, scriptId, stale);
      return;
    }
    // The client may have gone while we were loading; then no upgrade will happen.
    if (socket.destroyed || !socket.writable) {
      giveBack();
      this.registry.release(room);
      return;
    }
    const { identity, role } = admission;
    this.wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const transport = new WebSocketTransport(ws, this.logger);
      const connection = new Connection({
        transport,
        room,
        context: { id, identity, role, upgradeStartedAt: startedAt, cold },
        limits: connectionLimits(this.limits),
        metrics: this.metrics,
        logger: this.logger,
        onClose: (closed) => {
          this.connections.delete(closed);
          this.transports.delete(transport);
          giveBack();
          this.registry.release(room);
        },
      });
      transport.attach(connection);
      this.connections.add(connection);
      this.transports.add(transport);
    });
  }

  /**
   * Who may connect, in the order that costs an attacker most and us least:
   * the client address's attempts first (before any token is verified), then
   * identity and script (looked up together, plan §2.2), the role, the
   * account's attempts, and last a place in the account's socket quota,
   * taken under connection id `id` (the caller gives it back).
   */
  private async admit(scriptId: ScriptId, request: IncomingMessage, id: number): Promise<Admission> {
    await this.limited(this.limits.attemptsPerAddress.attempt(clientKey(this.proxy.clientAddress(request))), 'Too many connection attempts from your address.');
    const [identity, script] = await Promise.all([
      this.authenticator.authenticate({ headers: request.headers, url: request.url }),
      this.storage.getScript(scriptId),
    ]);
    if (!script) throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
    // The owner is known from the script already read: one query fewer for the most common socket.
    const role = script.ownerId === identity.userId ? 'owner' : await this.storage.getRole(scriptId, identity.userId);
    if (!role) throw new WritersRoomError('WR_ERR_FORBIDDEN');
    await this.limited(this.limits.attemptsPerAccount.attempt(identity.userId), 'Too many connection attempts for your account.');
    if (!(await this.limits.sockets.acquire(identity.userId, String(id)))) {
      this.metrics.rateLimited.inc({ limit: 'sockets-per-account' });
      throw new WritersRoomError('WR_ERR_RATE_LIMITED', 'Your account has too many scripts open at once; close some.', { retryAfterS: SOCKET_QUOTA_RETRY_S });
    }
    assertCurrentSchema(request.url, SCREENPLAY_SCHEMA_VERSION);
    return { identity, role, generation: requestedGeneration(request.url) };
  }

  /** Throws WR_ERR_RATE_LIMITED (4429, with the wait) when the limiter refused. */
  private async limited(attempt: Promise<LimitRefusal | undefined>, message: string): Promise<void> {
    const refusal = await attempt;
    if (refusal) throw new WritersRoomError('WR_ERR_RATE_LIMITED', message, { retryAfterS: refusal.retryAfterS });
  }

  private refuse(request: IncomingMessage, socket: Duplex, head: Buffer, scriptId: ScriptId, error: WritersRoomError): void {
    const log = error.userError ? this.logger.info.bind(this.logger) : this.logger.error.bind(this.logger);
    log({ scriptId, code: error.code, err: error.userError ? undefined : (error.cause ?? error) }, 'connection refused');
    if (socket.destroyed) return;
    this.wss.handleUpgrade(request, socket, head, (ws) => ws.close(error.closeCode, error.closeReason));
  }
}
