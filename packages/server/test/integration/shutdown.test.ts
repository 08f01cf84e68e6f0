/**
 * [SY30] A shutdown (a deploy, a restart) is not held by peers: a socket that
 * never answers the closing handshake is dropped a second after the server's
 * 1001, instead of the 30 s ws would wait while the HTTP server's close waits
 * for it; an HTTP request that never completes is cut five seconds in.
 *
 * Breakage that fails it: no terminate after the grace in SyncServer.close()
 * (the close then takes ws's 30 s closing timeout, past this test's bound).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openTestStorage, createScriptFor, startTestServer } from '../support/test-server.js';

/** A client that completes the WebSocket upgrade by hand and then reads nothing and answers nothing. */
function silentPeer(port: number, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.once('error', reject);
    socket.once('data', (head: Buffer) => {
      if (!head.toString('latin1').startsWith('HTTP/1.1 101')) reject(new Error(`upgrade refused: ${head.toString('latin1').split('\r\n')[0]}`));
      // From here on nothing is read, so the server's close frame is never answered.
      socket.pause();
      resolve(socket);
    });
  });
}

describe('shutting down', () => {
  it('[SY30] drops a peer that never answers the closing handshake, so close() finishes within seconds', async () => {
    const db = await openTestStorage('sqlite');
    const server = await startTestServer(db.storage);
    const scriptId = await createScriptFor(db.storage, 'owner');
    const peer = await silentPeer(server.port, `/ws/scripts/${scriptId}?token=dev:owner`);
    const peerGone = new Promise<void>((resolve) => peer.once('close', () => resolve()));
    try {
      const started = Date.now();
      await server.close({ flushTimeoutMs: 1_000 });
      // ws alone waits 30 s for the answer; the grace is one second.
      expect(Date.now() - started).toBeLessThan(10_000);
      // Reading again, the peer finds its socket ended by the server.
      peer.resume();
      await peerGone;
    } finally {
      peer.destroy();
      await db.cleanup();
    }
  }, 45_000);

  it('[SY30] cuts an HTTP connection still in a request after the grace, so a client cannot hold a shutdown', async () => {
    const db = await openTestStorage('sqlite');
    const server = await startTestServer(db.storage);
    // Headers begun and never finished: a request in flight, which the HTTP server's close waits for (Node drops it
    // only at its 60 s headers timeout).
    const client = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    client.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `);
    const clientGone = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', () => undefined);
    try {
      const started = Date.now();
      await server.close({ flushTimeoutMs: 1_000 });
      // Fails without the cut-off after HTTP_CLOSE_GRACE_MS in writers-room.ts: the close waits the full 60 s.
      expect(Date.now() - started).toBeLessThan(15_000);
      await clientGone;
    } finally {
      client.destroy();
      await db.cleanup();
    }
  }, 45_000);
});
