import type { WebSocket } from 'ws';
import { WritersRoomError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Connection, ConnectionTransport } from './connection.js';

/**
 * A `Connection`'s socket in production: a `ws` WebSocket. Binary frames go
 * to the connection while the socket is open (frames arriving during the
 * closing handshake are not applied), a text frame is a protocol violation,
 * and a peer that stops answering pings is terminated.
 */
export class WebSocketTransport implements ConnectionTransport {
  private alive = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly logger: Logger,
  ) {}

  /** Feeds the socket's events to `connection`; call once, right after creating it. */
  attach(connection: Connection): void {
    this.ws.on('message', (data, isBinary) => {
      if (this.ws.readyState !== this.ws.OPEN) return;
      if (!isBinary) {
        connection.refuse(new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', 'Text frames are not part of the protocol.'));
        return;
      }
      const bytes = data as Buffer;
      connection.receive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    this.ws.on('pong', () => {
      this.alive = true;
    });
    this.ws.on('error', (error) => this.logger.debug({ err: error, connectionId: connection.id }, 'socket error'));
    this.ws.on('close', () => connection.closed());
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  /** Called every heartbeat interval: a peer that did not answer the previous ping is gone ([SY14]). */
  heartbeat(): void {
    if (!this.alive) {
      this.logger.debug('peer missed a heartbeat; terminating');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }
}
