import { expect } from 'vitest';
import { CloseCode, retryAfterSeconds } from '@writersroom/protocol';
import { CLIENT_ADDRESS_HEADER } from './forwarding-proxy.js';
import { openRawSocket, type RawSocket } from './raw-socket.js';

export interface ClientResponse {
  status: number;
  body: Record<string, any>;
  headers: Headers;
}

/**
 * A REST call to `baseUrl` (a server, or the forwarding proxy in front of
 * it) from client `address`, which only the proxy reads; `bearer` is a
 * token, e.g. `dev:ada`. `body` is the JSON answer, `{}` for any other.
 */
export async function callFrom(
  baseUrl: string,
  address: string,
  method: string,
  path: string,
  options: { bearer?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ClientResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      [CLIENT_ADDRESS_HEADER]: address,
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const json = text !== '' && response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, body: json ? (JSON.parse(text) as Record<string, any>) : {}, headers: response.headers };
}

/**
 * Client addresses no other test of the file uses (TEST-NET-3, 203.0.113.0/24,
 * then TEST-NET-2), so tests sharing a server never share a count.
 */
export function addressPool(): () => string {
  let next = 0;
  return () => {
    const n = next++;
    return n < 254 ? `203.0.113.${n + 1}` : `198.51.100.${n - 253}`;
  };
}

/** The catalogue's answer to a request over a limit: 429 WR_ERR_RATE_LIMITED, with a Retry-After within the limit's window. */
export function expectRateLimited(response: ClientResponse, windowMs: number): void {
  expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 429, code: 'WR_ERR_RATE_LIMITED' });
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter), `Retry-After: ${response.headers.get('retry-after')}`).toBe(true);
  // The window started with this test's first request, less than a minute ago.
  expect(retryAfter).toBeGreaterThanOrEqual(Math.max(1, windowMs / 1000 - 60));
  expect(retryAfter).toBeLessThanOrEqual(windowMs / 1000);
  expect(response.headers.get('set-cookie')).toBeNull();
}

export type SocketOutcome =
  | { admitted: true; socket: RawSocket; close(): Promise<void> }
  | { admitted: false; code: number; reason: string; retryAfterS: number | undefined; framesReceived: number };

/**
 * Opens a socket and tells how the server answered: `admitted` once the
 * first sync frame arrived (the socket stays open, for the test to close),
 * else the close code, reason and `retry-after` of the refusal.
 */
export async function socketOutcome(
  url: string,
  headers: Record<string, string> = {},
): Promise<SocketOutcome> {
  const socket = await openRawSocket(url, { headers });
  const first = await Promise.race([socket.next(10_000).then(() => 'frame' as const), socket.closed.then(() => 'closed' as const)]);
  if (first === 'frame') {
    return {
      admitted: true,
      socket,
      async close() {
        socket.ws.close();
        await socket.closed;
      },
    };
  }
  const { code, reason } = await socket.closed;
  return { admitted: false, code, reason, retryAfterS: retryAfterSeconds(reason), framesReceived: socket.received.length };
}

/** A refusal by a limit over WebSocket: 4429, `WR_ERR_RATE_LIMITED retry-after=<s>` with s in (0, maxS], no document byte sent ([SY1]). */
export function expectSocketRateLimited(outcome: SocketOutcome, maxS: number, minS = 1): void {
  expect(outcome.admitted, 'the socket was admitted').toBe(false);
  if (outcome.admitted) return;
  expect({ code: outcome.code, reason: outcome.reason.split(' ')[0] }).toEqual({ code: CloseCode.TooManyRequests, reason: 'WR_ERR_RATE_LIMITED' });
  expect(outcome.retryAfterS, outcome.reason).toBeGreaterThanOrEqual(minS);
  expect(outcome.retryAfterS, outcome.reason).toBeLessThanOrEqual(maxS);
  expect(outcome.framesReceived).toBe(0);
}
