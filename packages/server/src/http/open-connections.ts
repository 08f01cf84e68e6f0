import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Every TCP connection a server accepted that is still open: HTTP ones, and
 * those upgraded to WebSocket, which the HTTP server's close also waits for.
 */
export class OpenConnections {
  readonly #sockets = new Set<Socket>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** Destroys every one still open; returns how many there were. */
  destroyAll(): number {
    const open = this.#sockets.size;
    for (const socket of this.#sockets) socket.destroy();
    return open;
  }
}
