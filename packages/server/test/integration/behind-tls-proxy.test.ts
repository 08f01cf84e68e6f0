/**
 * Behind a TLS-terminating proxy (README, "Behind TLS"; SECURITY.md): with
 * TRUST_PROXY naming the proxy, a request it forwards with
 * `X-Forwarded-Proto: https` gets a `Secure` session cookie, and its
 * `X-Forwarded-For` is the address the limits count; with TRUST_PROXY off,
 * or from a peer it does not name, the same headers change nothing.
 * COOKIE_SECURE=true makes the cookie Secure over plain HTTP too.
 *
 * Each test names the breakage that fails it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { CLIENT_ADDRESS_HEADER, ForwardingProxy } from '../support/forwarding-proxy.js';
import { addressPool, callFrom, expectRateLimited, expectSocketRateLimited, socketOutcome, type ClientResponse } from '../support/limit-checks.js';
import { createScriptFor, openTestStorage, startTestServer, testConfig, type TestServer, type TestStorage } from '../support/test-server.js';

const HOUR_MS = 3600_000;
const PASSWORD = 'a long enough password';

/** Whether a Set-Cookie value carries the Secure attribute. */
const secure = (response: ClientResponse) => {
  const cookie = response.headers.get('set-cookie');
  expect(cookie, 'a Set-Cookie header').toMatch(/^wr_session=/);
  return /;\s*Secure(;|$)/i.test(cookie ?? '');
};

describe('behind a TLS-terminating proxy', () => {
  const nextAddress = addressPool();
  const opened: Array<{ db: TestStorage; server: TestServer; proxy?: ForwardingProxy }> = [];

  /** A local-accounts server on its own database, and the proxy in front of it (connecting from `proxyAddress`). */
  const serve = async (overrides: Partial<Config>, proxyAddress?: string) => {
    const db = await openTestStorage('sqlite');
    const server = await startTestServer(db.storage, {
      auth: { mode: 'local', sessionTtlMs: HOUR_MS },
      limits: { ...testConfig().limits, signUps: { max: 2, windowMs: HOUR_MS }, socketAttemptsPerAddress: { max: 2, windowMs: 60_000 } },
      ...overrides,
    });
    const proxy = await ForwardingProxy.start(server.url, { localAddress: proxyAddress });
    opened.push({ db, server, proxy });
    return { db, server, proxy };
  };
  afterAll(async () => {
    for (const { db, server, proxy } of opened) {
      await proxy?.close();
      await server.close();
      await db.cleanup();
    }
  });

  let emails = 0;
  const signUp = (baseUrl: string, address: string, headers: Record<string, string> = {}) =>
    callFrom(baseUrl, address, 'POST', '/api/auth/signup', { body: { email: `writer-${emails++}@writersroom.invalid`, password: PASSWORD }, headers });

  describe('with TRUST_PROXY naming the proxy (loopback)', () => {
    let behind: Awaited<ReturnType<typeof serve>>;
    beforeAll(async () => {
      behind = await serve({ trustProxy: { kind: 'addresses', addresses: ['loopback'] } });
    });

    it('sets a Secure cookie on sign-up, sign-in and sign-out through the proxy, and a plain one over plain HTTP', async () => {
      // Fails if cookieSecureFor drops `request.protocol === 'https'`: behind TLS the cookie would go out without Secure.
      const address = nextAddress();
      const signedUp = await signUp(behind.proxy.url, address);
      expect(signedUp.status).toBe(201);
      expect(secure(signedUp)).toBe(true);
      const { email } = signedUp.body.user as { email: string };
      const signedIn = await callFrom(behind.proxy.url, address, 'POST', '/api/auth/signin', { body: { email, password: PASSWORD } });
      expect(secure(signedIn)).toBe(true);
      const signedOut = await callFrom(behind.proxy.url, address, 'POST', '/api/auth/signout', { bearer: signedIn.body.token as string });
      expect(signedOut.status).toBe(204);
      expect(secure(signedOut)).toBe(true);

      // The same server reached directly, over plain HTTP, with no proxy to vouch for HTTPS.
      const direct = await signUp(behind.server.url, address);
      expect(direct.status).toBe(201);
      expect(secure(direct)).toBe(false);
    });

    it("names the proxied page's WebSocket wss:// in its Content-Security-Policy", async () => {
      // Fails if TrustedProxy.isHttps ignores X-Forwarded-Proto from a trusted peer: the page behind TLS could not open its socket.
      const page = await callFrom(behind.proxy.url, nextAddress(), 'GET', '/');
      const host = new URL(behind.proxy.url).host;
      expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' wss://${host}`);
      const direct = await callFrom(behind.server.url, nextAddress(), 'GET', '/');
      expect(direct.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://${new URL(behind.server.url).host}`);
    });
  });

  describe('with TRUST_PROXY off (the default)', () => {
    // Each test has its own server: both count the proxy's one address.
    const ignoring = () => serve({ trustProxy: { kind: 'none' } });

    it('ignores X-Forwarded-Proto: the cookie set through the proxy is not Secure', async () => {
      // Fails if forwarded headers are believed from every peer (Fastify's trustProxy: true, or TrustedProxy 'none' trusting anyone).
      const ignored = await ignoring();
      const signedUp = await signUp(ignored.proxy.url, nextAddress());
      expect(signedUp.status).toBe(201);
      expect(secure(signedUp)).toBe(false);
    });

    it('ignores X-Forwarded-For: every client behind the proxy counts as the proxy, for REST and WebSocket limits alike', async () => {
      // Fails if X-Forwarded-For is believed from every peer: then each forwarded address would get its own count.
      const ignored = await ignoring();
      expect((await signUp(ignored.proxy.url, nextAddress())).status).toBe(201);
      expect((await signUp(ignored.proxy.url, nextAddress())).status).toBe(201);
      expectRateLimited(await signUp(ignored.proxy.url, nextAddress()), HOUR_MS);

      const scriptId = await createScriptFor(ignored.db.storage, 'ada');
      const attempt = () => socketOutcome(`${ignored.proxy.wsBase}/${scriptId}?token=dev:ada`, { [CLIENT_ADDRESS_HEADER]: nextAddress() });
      // Local accounts refuse a dev token (4001); the attempt counts before that.
      expect(await attempt()).toMatchObject({ admitted: false, code: 4001 });
      expect(await attempt()).toMatchObject({ admitted: false, code: 4001 });
      expectSocketRateLimited(await attempt(), 60);
    });
  });

  describe('with TRUST_PROXY naming only the proxy, 127.0.0.2', () => {
    let named: Awaited<ReturnType<typeof serve>>;
    beforeAll(async () => {
      named = await serve({ trustProxy: { kind: 'addresses', addresses: ['127.0.0.2'] } }, '127.0.0.2');
    });

    it('gives a client that goes around the proxy neither HTTPS nor the address it claims', async () => {
      // Fails if the listed addresses are not what is trusted (TrustedProxy 'addresses' trusting every peer).
      const claims = (n: number) => ({ 'x-forwarded-proto': 'https', 'x-forwarded-for': `198.51.100.${200 + n}` });
      const first = await signUp(named.server.url, 'unused', claims(1));
      expect(first.status).toBe(201);
      expect(secure(first)).toBe(false);
      expect((await signUp(named.server.url, 'unused', claims(2))).status).toBe(201);
      expectRateLimited(await signUp(named.server.url, 'unused', claims(3)), HOUR_MS);
      // Through the proxy, the client is who the proxy says, over HTTPS.
      const proxied = await signUp(named.proxy.url, nextAddress());
      expect(proxied.status).toBe(201);
      expect(secure(proxied)).toBe(true);
    });

    it("counts the address the proxy appended, not the X-Forwarded-For a client sent through it", async () => {
      // Fails if the client address is read from the far end of X-Forwarded-For (TrustedProxy / Fastify trusting every hop).
      const address = nextAddress();
      const forged = (n: number) => ({ 'x-forwarded-for': `192.0.2.${n}` });
      expect((await signUp(named.proxy.url, address, forged(1))).status).toBe(201);
      expect((await signUp(named.proxy.url, address, forged(2))).status).toBe(201);
      expectRateLimited(await signUp(named.proxy.url, address, forged(3)), HOUR_MS);
      expect((await signUp(named.proxy.url, nextAddress(), forged(3))).status).toBe(201);
    });
  });

  describe('with COOKIE_SECURE=true', () => {
    it('sets a Secure cookie over plain HTTP too', async () => {
      // Fails if cookieSecureFor drops `cookieSecure ||`: an operator's COOKIE_SECURE=true would stop mattering.
      const { server } = await serve({ cookieSecure: true });
      const signedUp = await signUp(server.url, nextAddress());
      expect(signedUp.status).toBe(201);
      expect(secure(signedUp)).toBe(true);
    });
  });
});
