import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxySetting } from '../config.js';

/** Whether the peer at `address`, `hop` proxies away from the server (0: the socket's peer), may speak for the client. */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * Who the client is and how it reached us, as far as the configured proxies
 * may say (TRUST_PROXY). Fastify is given the same trust function, so a REST
 * route's `request.ip` / `request.protocol` and these answers for a raw
 * WebSocket upgrade always agree.
 *
 * Forwarded headers from a peer that is not trusted are ignored: anyone can
 * send `X-Forwarded-For`, and believing it would let a client pick the
 * address its rate limits count against, or claim HTTPS.
 */
export class TrustedProxy {
  readonly trust: TrustFunction;

  constructor(setting: TrustProxySetting) {
    this.trust = trustFunction(setting);
  }

  /** The client's address: the nearest untrusted hop of X-Forwarded-For, else the socket's peer. */
  clientAddress(request: IncomingMessage): string {
    const addresses = proxyAddr.all(request, this.trust);
    return addresses[addresses.length - 1] ?? request.socket.remoteAddress ?? 'unknown';
  }

  /**
   * Whether the client's connection is HTTPS: TLS here, or, from a trusted
   * peer, the last `X-Forwarded-Proto` it sent (Fastify's own rule).
   */
  isHttps(request: IncomingMessage): boolean {
    const forwarded = request.headers['x-forwarded-proto'];
    const socket = request.socket as IncomingMessage['socket'] & { encrypted?: boolean };
    if (typeof forwarded === 'string' && socket.remoteAddress !== undefined && this.trust(socket.remoteAddress, 0)) {
      return forwarded.slice(forwarded.lastIndexOf(',') + 1).trim().toLowerCase() === 'https';
    }
    return socket.encrypted === true;
  }
}

function trustFunction(setting: TrustProxySetting): TrustFunction {
  switch (setting.kind) {
    case 'none':
      return () => false;
    case 'all':
      return () => true;
    case 'hops':
      return (_address, hop) => hop < setting.hops;
    case 'addresses':
      return proxyAddr.compile(setting.addresses);
  }
}
