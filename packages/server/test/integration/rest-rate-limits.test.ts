/**
 * The REST routes' rate limits per client address (README, Configuration;
 * SECURITY.md, "Floods"): the request over a limit is answered 429
 * `WR_ERR_RATE_LIMITED` with a Retry-After within the window and changes
 * nothing; requests under it, and the same request from another address,
 * work. Every request goes through a TLS-terminating proxy that TRUST_PROXY
 * names, which tells the server the client address the test picked, so the
 * tests share a server without sharing counts. The suite runs with the
 * counts in this process and in Redis.
 *
 * Each test names the breakage that fails it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { ForwardingProxy } from '../support/forwarding-proxy.js';
import { addressPool, callFrom, expectRateLimited, type ClientResponse } from '../support/limit-checks.js';
import { openTestRedis, redisAvailable, redisUrl, type TestRedis } from '../support/redis.js';
import { createScriptFor, metricValue, openTestStorage, startTestServer, testConfig, type TestServer, type TestStorage } from '../support/test-server.js';

const HOUR_MS = 3600_000;
const MINUTE_MS = 60_000;
const LIMIT = 2;

const STORES = [
  { name: 'in this process', redis: false, available: true },
  { name: 'in Redis', redis: true, available: redisAvailable },
];

for (const store of STORES) {
  describe.skipIf(!store.available)(`REST rate limits per client address, counted ${store.name}`, () => {
    const nextAddress = addressPool();
    let redis: TestRedis | undefined;
    const opened: Array<{ db: TestStorage; server: TestServer; proxy: ForwardingProxy }> = [];

    /** A server on its own database behind the proxy, TRUST_PROXY naming the proxy (loopback). */
    const behindProxy = async (overrides: Partial<Config>) => {
      const db = await openTestStorage('sqlite');
      const server = await startTestServer(db.storage, {
        trustProxy: { kind: 'addresses', addresses: ['loopback'] },
        ...(redis ? { redisUrl, redisKeyPrefix: redis.prefix } : {}),
        ...overrides,
      });
      const proxy = await ForwardingProxy.start(server.url);
      opened.push({ db, server, proxy });
      return { db, server, proxy };
    };

    let local: Awaited<ReturnType<typeof behindProxy>>;
    let dev: Awaited<ReturnType<typeof behindProxy>>;
    const limited = { max: LIMIT, windowMs: HOUR_MS };

    beforeAll(async () => {
      if (store.redis) redis = await openTestRedis();
      local = await behindProxy({
        auth: { mode: 'local', sessionTtlMs: HOUR_MS },
        limits: { ...testConfig().limits, signUps: limited, signIns: { max: LIMIT, windowMs: MINUTE_MS } },
      });
      dev = await behindProxy({
        limits: {
          ...testConfig().limits,
          linkRedemptions: { max: LIMIT, windowMs: MINUTE_MS },
          invitations: limited,
          scriptCreations: limited,
          exports: { max: LIMIT, windowMs: MINUTE_MS },
        },
      });
    });
    afterAll(async () => {
      for (const { db, server, proxy } of opened) {
        await proxy.close();
        await server.close();
        await db.cleanup();
      }
      await redis?.cleanup();
    });

    const refusals = (server: TestServer, limit: string) => metricValue(server.url, 'writersroom_rate_limited_total', `limit="${limit}"`);
    const signUp = (address: string, email: string) => callFrom(local.proxy.url, address, 'POST', '/api/auth/signup', { body: { email, password: 'a long enough password' } });
    const signIn = (address: string, password = 'a long enough password') =>
      callFrom(local.proxy.url, address, 'POST', '/api/auth/signin', { body: { email: 'writer@writersroom.invalid', password } });
    const asDev = (address: string, user: string, method: string, path: string, body?: unknown) =>
      callFrom(dev.proxy.url, address, method, path, { bearer: `dev:${user}`, body });

    it('refuses the sign-up over RATE_LIMIT_SIGNUPS_PER_HOUR from one address, creating no account, while another address signs up', async () => {
      // Fails if the sign-up route loses its rateLimit config, or if the limits count the socket's peer (the proxy) instead of request.ip.
      const address = nextAddress();
      const before = await refusals(local.server, 'sign-ups');
      for (let i = 0; i < LIMIT; i++) {
        const accepted = await signUp(address, `signup-${store.redis}-${i}@writersroom.invalid`);
        expect(accepted.status).toBe(201);
        expect(accepted.headers.get('set-cookie')).toMatch(/^wr_session=/);
      }
      const email = `signup-${store.redis}-over@writersroom.invalid`;
      expectRateLimited(await signUp(address, email), HOUR_MS);
      expect(await local.db.storage.findLocalAccount(email)).toBeUndefined();
      expect(await local.db.storage.findUserByEmail(email)).toBeUndefined();
      expect(await refusals(local.server, 'sign-ups')).toBe(before + 1);
      // The same sign-up from elsewhere works: the refused one left nothing behind (no taken email).
      expect((await signUp(nextAddress(), email)).status).toBe(201);
    });

    it('refuses the sign-in over RATE_LIMIT_SIGNINS_PER_MINUTE from one address, wrong passwords counted, while another address signs in', async () => {
      // Fails if the sign-in route loses its rateLimit config: a guesser would be slowed only per account, never per address.
      await signUp(nextAddress(), 'writer@writersroom.invalid');
      const guesser = nextAddress();
      for (let i = 0; i < LIMIT; i++) expect((await signIn(guesser, 'a wrong password, again')).status).toBe(401);
      expectRateLimited(await signIn(guesser), MINUTE_MS);

      const writer = nextAddress();
      for (let i = 0; i < LIMIT; i++) {
        const signedIn = await signIn(writer);
        expect(signedIn.status).toBe(200);
        expect(signedIn.headers.get('set-cookie')).toMatch(/^wr_session=/);
      }
      const refused = await signIn(writer);
      expectRateLimited(refused, MINUTE_MS);
      expect(refused.body.token).toBeUndefined();
      expect((await signIn(nextAddress())).status).toBe(200);
    });

    it('refuses the share-link redemption over RATE_LIMIT_LINK_REDEMPTIONS_PER_MINUTE, failed guesses counted, granting nothing', async () => {
      // Fails if the redeem route loses its rateLimit config: share-link tokens could be guessed as fast as the server answers.
      const scriptId = await createScriptFor(dev.db.storage, 'owner');
      const link = await asDev(nextAddress(), 'owner', 'POST', `/api/scripts/${scriptId}/share-links`, { role: 'viewer' });
      expect(link.status).toBe(201);
      const address = nextAddress();
      expect((await asDev(address, 'guesser', 'POST', '/api/share-links/redeem', { token: 'wrl_not-a-real-token' })).status).toBe(404);
      expect((await asDev(address, 'reader', 'POST', '/api/share-links/redeem', { token: link.body.token })).body).toEqual({ scriptId, role: 'viewer' });
      expectRateLimited(await asDev(address, 'latecomer', 'POST', '/api/share-links/redeem', { token: link.body.token }), MINUTE_MS);
      expect((await asDev(nextAddress(), 'latecomer', 'GET', `/api/scripts/${scriptId}`)).status).toBe(403);
      expect((await asDev(nextAddress(), 'latecomer', 'POST', '/api/share-links/redeem', { token: link.body.token })).body).toEqual({ scriptId, role: 'viewer' });
    });

    it('refuses the invitation over RATE_LIMIT_INVITATIONS_PER_HOUR from one address, inviting nobody, while another address invites', async () => {
      // Fails if the collaborators route loses its rateLimit config: one account could mail-bomb invitations.
      const scriptId = await createScriptFor(dev.db.storage, 'inviter');
      const invite = (address: string, email: string) => asDev(address, 'inviter', 'POST', `/api/scripts/${scriptId}/collaborators`, { email, role: 'viewer' });
      const address = nextAddress();
      for (let i = 0; i < LIMIT; i++) expect((await invite(address, `guest-${i}@writersroom.invalid`)).status).toBe(202);
      expectRateLimited(await invite(address, 'guest-over@writersroom.invalid'), HOUR_MS);
      const pending = async () => (await asDev(nextAddress(), 'inviter', 'GET', `/api/scripts/${scriptId}/collaborators`)).body.invitations.map((i: { email: string }) => i.email);
      expect(await pending()).not.toContain('guest-over@writersroom.invalid');
      expect((await invite(nextAddress(), 'guest-over@writersroom.invalid')).status).toBe(202);
      expect(await pending()).toContain('guest-over@writersroom.invalid');
    });

    it('refuses the share link over RATE_LIMIT_INVITATIONS_PER_HOUR from one address, creating no link, while another address creates one', async () => {
      // Fails if the share-links route loses its rateLimit config.
      const scriptId = await createScriptFor(dev.db.storage, 'linker');
      const createLink = (address: string) => asDev(address, 'linker', 'POST', `/api/scripts/${scriptId}/share-links`, { role: 'viewer' });
      const address = nextAddress();
      for (let i = 0; i < LIMIT; i++) expect((await createLink(address)).status).toBe(201);
      const refused = await createLink(address);
      expectRateLimited(refused, HOUR_MS);
      expect(refused.body.token).toBeUndefined();
      expect(await dev.db.storage.listShareLinks(scriptId)).toHaveLength(LIMIT);
      expect((await createLink(nextAddress())).status).toBe(201);
    });

    it('counts invitations and share links from one address together, as one RATE_LIMIT_INVITATIONS_PER_HOUR', async () => {
      // Fails if each route counts apart (the plugin's per-route store): an address would get the limit twice over.
      const scriptId = await createScriptFor(dev.db.storage, 'sharer');
      const address = nextAddress();
      expect((await asDev(address, 'sharer', 'POST', `/api/scripts/${scriptId}/collaborators`, { email: 'one@writersroom.invalid', role: 'viewer' })).status).toBe(202);
      expect((await asDev(address, 'sharer', 'POST', `/api/scripts/${scriptId}/share-links`, { role: 'viewer' })).status).toBe(201);
      expectRateLimited(await asDev(address, 'sharer', 'POST', `/api/scripts/${scriptId}/collaborators`, { email: 'two@writersroom.invalid', role: 'viewer' }), HOUR_MS);
      expectRateLimited(await asDev(address, 'sharer', 'POST', `/api/scripts/${scriptId}/share-links`, { role: 'viewer' }), HOUR_MS);
    });

    it('refuses the script over RATE_LIMIT_SCRIPTS_PER_HOUR from one address, creating none, while another address creates one', async () => {
      // Fails if the script creation route loses its rateLimit config.
      const create = (address: string, title: string) => asDev(address, 'author', 'POST', '/api/scripts', { title });
      const listed = async () => (await asDev(nextAddress(), 'author', 'GET', '/api/scripts')).body.scripts.map((s: { title: string }) => s.title);
      const address = nextAddress();
      const before = await refusals(dev.server, 'script-creations');
      for (let i = 0; i < LIMIT; i++) expect((await create(address, `Draft ${i}`)).status).toBe(201);
      expectRateLimited(await create(address, 'One too many'), HOUR_MS);
      expect(await listed()).not.toContain('One too many');
      expect(await refusals(dev.server, 'script-creations')).toBe(before + 1);
      expect((await create(nextAddress(), 'From elsewhere')).status).toBe(201);
      expect(await listed()).toEqual(expect.arrayContaining(['Draft 0', 'Draft 1', 'From elsewhere']));
    });

    it('refuses the export over RATE_LIMIT_EXPORTS_PER_MINUTE from one address, printing nothing, while another address exports', async () => {
      // Fails if the export route loses its rateLimit config: one client could keep the server's thread printing PDFs.
      const scriptId = await createScriptFor(dev.db.storage, 'printer');
      const exportFrom = (address: string) => asDev(address, 'printer', 'GET', `/api/scripts/${scriptId}/export?format=pdf`);
      const address = nextAddress();
      const before = await refusals(dev.server, 'exports');
      for (let i = 0; i < LIMIT; i++) expect((await exportFrom(address)).headers.get('content-type')).toBe('application/pdf');
      const refused = await exportFrom(address);
      expectRateLimited(refused, MINUTE_MS);
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await refusals(dev.server, 'exports')).toBe(before + 1);
      expect((await exportFrom(nextAddress())).status).toBe(200);
    });

    it('counts the addresses of one IPv6 /64 as one client, and IPv4-mapped IPv6 as the IPv4 address', async () => {
      // Fails if the limits key on the address as given (keyGenerator: request.ip): a subscriber could rotate
      // through the 2^64 addresses of its allocation, each with a fresh count.
      const create = (address: string) => asDev(address, 'rotator', 'POST', '/api/scripts', { title: 'Rotated' });
      const n = store.redis ? 'b' : 'a';
      expect((await create(`2001:db8:${n}:1::1`)).status).toBe(201);
      expect((await create(`2001:db8:${n}:1::ffff:2`)).status).toBe(201);
      expectRateLimited(await create(`2001:db8:${n}:1:8000::3`), HOUR_MS);
      expect((await create(`2001:db8:${n}:2::1`)).status).toBe(201);
      const ipv4 = nextAddress();
      expect((await create(ipv4)).status).toBe(201);
      expect((await create(`::ffff:${ipv4}`)).status).toBe(201);
      expectRateLimited(await create(ipv4), HOUR_MS);
    });

    it("keeps each limit's count apart, and leaves the routes without one unlimited", async () => {
      // Fails if a limit is attached to every route, as the plugin's global: true would: the reads would be refused after two.
      const scriptId = await createScriptFor(dev.db.storage, 'busy');
      const address = nextAddress();
      for (let i = 0; i < LIMIT; i++) expect((await asDev(address, 'busy', 'POST', '/api/scripts', { title: `Busy ${i}` })).status).toBe(201);
      expectRateLimited(await asDev(address, 'busy', 'POST', '/api/scripts', { title: 'Busy over' }), HOUR_MS);
      expect((await asDev(address, 'busy', 'POST', `/api/scripts/${scriptId}/share-links`, { role: 'viewer' })).status).toBe(201);
      expect((await asDev(address, 'busy', 'POST', '/api/share-links/redeem', { token: 'wrl_unknown' })).status).toBe(404);
      const reads: ClientResponse[] = [];
      for (let i = 0; i < 3 * LIMIT; i++) reads.push(await asDev(address, 'busy', 'GET', `/api/scripts/${scriptId}`));
      expect(reads.map((read) => read.status)).toEqual(Array(3 * LIMIT).fill(200));
    });
  });
}
