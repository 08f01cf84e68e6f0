import { WebSocket } from 'ws';

export interface RawSocket {
  ws: WebSocket;
  /** Resolves with the next binary frame received (frames queue up until read). */
  next(timeoutMs?: number): Promise<Uint8Array>;
  /** Every frame received so far, read or not. */
  received: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: Uint8Array | string): void;
}

/**
 * A WebSocket that speaks no protocol at all, for tests that must control
 * every byte (malformed frames, unknown types) and see every byte received.
 */
export function openRawSocket(
  url: string,
  options: { maxPayload?: number; autoPong?: boolean; headers?: Record<string, string> } = {},
): Promise<RawSocket> {
  const ws = new WebSocket(url, options);
  const received: Uint8Array[] = [];
  const unread: Uint8Array[] = [];
  const waiters: Array<(frame: Uint8Array) => void> = [];
  ws.on('message', (data: Buffer) => {
    const frame = new Uint8Array(data);
    received.push(frame);
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else unread.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    // A refused connection is opened and then closed by the server; resolve on open either way.
    ws.once('open', () =>
      resolve({
        ws,
        received,
        closed,
        send: (frame) => ws.send(frame),
        next(timeoutMs = 5000) {
          const frame = unread.shift();
          if (frame) return Promise.resolve(frame);
          return new Promise((resolveFrame, rejectFrame) => {
            const timer = setTimeout(() => rejectFrame(new Error(`no frame within ${timeoutMs} ms`)), timeoutMs);
            waiters.push((f) => {
              clearTimeout(timer);
              resolveFrame(f);
            });
          });
        },
      }),
    );
  });
}
