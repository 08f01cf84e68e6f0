import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { TrustProxySetting } from '../config.js';
import { TrustedProxy } from './trusted-proxy.js';

/** An upgrade or request as node:http hands it over: the socket's peer, TLS or not, and the headers. */
function request(peer: string, headers: Record<string, string> = {}, encrypted = false): IncomingMessage {
  return { headers, socket: { remoteAddress: peer, encrypted } } as unknown as IncomingMessage;
}

const forwarded = { 'x-forwarded-for': '198.51.100.9, 203.0.113.5, 10.0.0.2', 'x-forwarded-proto': 'https' };

describe('TrustedProxy', () => {
  it('with none trusted, answers with the socket peer and its own scheme, whatever the headers say', () => {
    // Fails if forwarded headers count from any peer: a client would choose the address its limits count against, or claim HTTPS.
    const proxy = new TrustedProxy({ kind: 'none' });
    expect(proxy.clientAddress(request('10.0.0.1', forwarded))).toBe('10.0.0.1');
    expect(proxy.isHttps(request('10.0.0.1', forwarded))).toBe(false);
    expect(proxy.isHttps(request('10.0.0.1', forwarded, true))).toBe(true);
    expect(proxy.trust('10.0.0.1', 0)).toBe(false);
  });

  it('with all trusted, answers with the first address of X-Forwarded-For', () => {
    const proxy = new TrustedProxy({ kind: 'all' });
    expect(proxy.clientAddress(request('10.0.0.1', forwarded))).toBe('198.51.100.9');
    expect(proxy.isHttps(request('10.0.0.1', forwarded))).toBe(true);
  });

  it('with a number of hops, trusts only that many proxies from the server outwards', () => {
    // Fails if the hop count is off by one (hop <= hops): one address too far out, which the client itself wrote.
    const address = (hops: number) => new TrustedProxy({ kind: 'hops', hops }).clientAddress(request('10.0.0.1', forwarded));
    expect(address(1)).toBe('10.0.0.2');
    expect(address(2)).toBe('203.0.113.5');
    expect(address(3)).toBe('198.51.100.9');
    expect(address(9)).toBe('198.51.100.9');
    expect(new TrustedProxy({ kind: 'hops', hops: 1 }).isHttps(request('10.0.0.1', forwarded))).toBe(true);
  });

  it('with addresses, skips every trusted hop and stops at the nearest untrusted one', () => {
    const setting: TrustProxySetting = { kind: 'addresses', addresses: ['10.0.0.0/8', 'loopback'] };
    const proxy = new TrustedProxy(setting);
    // 10.0.0.2 is one of ours, 203.0.113.5 is not: whatever it claims further out (198.51.100.9) is not believed.
    expect(proxy.clientAddress(request('10.0.0.1', forwarded))).toBe('203.0.113.5');
    expect(proxy.clientAddress(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.5' }))).toBe('203.0.113.5');
    expect(proxy.clientAddress(request('::ffff:127.0.0.1', { 'x-forwarded-for': '203.0.113.5' }))).toBe('203.0.113.5');
    expect(proxy.isHttps(request('10.0.0.1', forwarded))).toBe(true);
  });

  it('ignores the forwarded headers of a peer that is not a listed proxy', () => {
    // Fails if isHttps believes X-Forwarded-Proto without asking the trust function about the socket peer.
    const proxy = new TrustedProxy({ kind: 'addresses', addresses: ['10.0.0.0/8'] });
    expect(proxy.clientAddress(request('203.0.113.5', forwarded))).toBe('203.0.113.5');
    expect(proxy.isHttps(request('203.0.113.5', forwarded))).toBe(false);
  });

  it('reads the last X-Forwarded-Proto entry, the one the nearest proxy wrote', () => {
    // Fails if the first entry is read: a client sending "https" to a proxy that appends "http" would pass for HTTPS.
    const proxy = new TrustedProxy({ kind: 'all' });
    expect(proxy.isHttps(request('10.0.0.1', { 'x-forwarded-proto': 'https, http' }))).toBe(false);
    expect(proxy.isHttps(request('10.0.0.1', { 'x-forwarded-proto': 'http, https' }))).toBe(true);
    expect(proxy.isHttps(request('10.0.0.1', { 'x-forwarded-proto': ' HTTPS ' }))).toBe(true);
    expect(proxy.isHttps(request('10.0.0.1', {}, true))).toBe(true);
    expect(proxy.isHttps(request('10.0.0.1', {}))).toBe(false);
  });

  it('answers with the socket peer when there is no X-Forwarded-For', () => {
    expect(new TrustedProxy({ kind: 'all' }).clientAddress(request('10.0.0.1'))).toBe('10.0.0.1');
  });
});
