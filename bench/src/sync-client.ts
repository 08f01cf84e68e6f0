import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { MessageType, SyncStep } from '@writersroom/protocol';

/**
 * A raw y-websocket client that speaks just enough of the protocol
 * (PROTOCOL.md §2) to time the first sync: it asks for everything and waits
 * for the answer, without decoding the answer into a Y.Doc, so the figure is
 * the server's work plus the network, not the client's.
 */

/** Yjs encodes an empty state vector as a single varUint 0 (no clients). */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** SyncStep1 with an empty state vector: "I have nothing, send me everything". */
export function encodeEmptySyncStep1(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, SyncStep.Step1);
  encoding.writeVarUint8Array(encoder, EMPTY_STATE_VECTOR);
  return encoding.toUint8Array(encoder);
}

/** Whether a frame is a Sync message of step SyncStep2; reads only its first two varUints. */
export function isSyncStep2(frame: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(frame);
    return decoding.readVarUint(decoder) === MessageType.Sync && decoding.readVarUint(decoder) === SyncStep.Step2;
  } catch {
    return false;
  }
}

export interface TimedSync {
  /** Milliseconds from creating the WebSocket (before the TCP connect and upgrade) to receiving SyncStep2. */
  elapsedMs: number;
  /** Size of the SyncStep2 frame, in bytes. */
  replyBytes: number;
  /** Still open; the caller closes it (closeSocket). */
  socket: WebSocket;
}

/**
 * Opens a connection, sends SyncStep1 right after 'open' and resolves when
 * the SyncStep2 frame has arrived whole.
 *
 * @throws Error when the server closes or refuses the connection first, or after `timeoutMs`.
 */
export function timeFirstSync(url: string, timeoutMs = 30_000): Promise<TimedSync> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no SyncStep2 within ${timeoutMs} ms`)), timeoutMs);
    socket.on('open', () => socket.send(encodeEmptySyncStep1()));
    socket.on('message', (data, isBinary) => {
      if (!isBinary || !Buffer.isBuffer(data) || !isSyncStep2(data)) return;
      const elapsedMs = performance.now() - startedAt;
      clearTimeout(timer);
      socket.removeAllListeners('close');
      resolve({ elapsedMs, replyBytes: data.byteLength, socket });
    });
    socket.on('close', (code, reason) => fail(new Error(`closed before SyncStep2: ${code} ${reason.toString()}`)));
    socket.on('error', (error) => fail(error));
  });
}

/** Closes normally and resolves once the closing handshake is over (or the socket is gone). */
export function closeSocket(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) {
      resolve();
      return;
    }
    socket.once('close', () => resolve());
    socket.close();
  });
}
