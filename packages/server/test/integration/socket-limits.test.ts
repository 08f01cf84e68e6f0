/**
 * The WebSocket endpoint's limits (README, Configuration; SECURITY.md,
 * "Floods"): connection attempts per client address (counted before any
 * token is verified) and per account, and open sockets per account. The
 * attempt over a limit is closed with 4429 and `retry-after=<s>` in its
 * close reason, before any document byte ([SY1]); other addresses and
 * accounts connect as usual. Sockets reach the server through a
 * TLS-terminating proxy that TRUST_PROXY names, which reports the client
 * address the test chose. Runs with the counts in this process and in Redis.
 *
 * Each test names the breakage that fails it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { CLIENT_ADDRESS_HEADER, ForwardingProxy } from '../support/forwarding-proxy.js';
import { addressPool, expectSocketRateLimited, socketOutcome, type SocketOutcome } from '../support/limit-checks.js';
import { eventually } from '../support/providers.js';
import { openTestRedis, redisAvailable, redisUrl, type TestRedis } from '../support/redis.js';
import { createScriptFor, metricValue, openTestStorage, startTestServer, testConfig, type TestServer, type TestStorage } from '../support/test-server.js';

const ATTEMPTS = 3;
const SOCKETS = 2;
/** The wait a client refused for its account's socket quota is told (sync-server.ts). */
const SOCKET_QUOTA_RETRY_S = 30;

const STORES = [
  { name: 'in this process', redis: false, available: true },
  { name: 'in Redis', redis: true, available: redisAvailable },
];

for (const store of STORES) {
  describe.skipIf(!store.available)(`WebSocket limits, counted ${store.name}`, () => {
    const nextAddress = addressPool();
    let redis: TestRedis | undefined;
    const opened: Array<{ db: TestStorage; server: TestServer; proxy: ForwardingProxy }> = [];
    const sockets: SocketOutcome[] = [];

    const behindProxy = async (limits: Partial<Config['limits']>) => {
      const db = await openTestStorage('sqlite');
      const server = await startTestServer(db.storage, {
        trustProxy: { kind: 'addresses', addresses: ['loopback'] },
        ...(redis ? { redisUrl, redisKeyPrefix: redis.prefix } : {}),
        limits: { ...testConfig().limits, ...limits },
      });
      const proxy = await ForwardingProxy.start(server.url);
      opened.push({ db, server, proxy });
      return { db, server, proxy };
    };

    let attempts: Awaited<ReturnType<typeof behindProxy>>;
    let quota: Awaited<ReturnType<typeof behindProxy>>;

    beforeAll(async () => {
      if (store.redis) redis = await openTestRedis();
      attempts = await behindProxy({
        socketAttemptsPerAddress: { max: ATTEMPTS, windowMs: 60_000 },
        socketAttemptsPerAccount: { max: ATTEMPTS, windowMs: 60_000 },
      });
      quota = await behindProxy({ socketsPerAccount: SOCKETS });
    });
    afterEach(async () => {
      for (const socket of sockets.splice(0)) if (socket.admitted) await socket.close();
    });
    afterAll(async () => {
      for (const { db, server, proxy } of opened) {
        await proxy.close();
        await server.close();
        await db.cleanup();
      }
      await redis?.cleanup();
    });

    /** Opens a socket to `scriptId` through the proxy from `address`; `token` undefined sends none. */
    const open = async (on: typeof attempts, scriptId: string, address: string, token: string | undefined) => {
      const query = token === undefined ? '' : `?token=${token}`;
      const outcome = await socketOutcome(`${on.proxy.wsBase}/${scriptId}${query}`, { [CLIENT_ADDRESS_HEADER]: address });
      sockets.push(outcome);
      return outcome;
    };
    const refusals = (on: typeof attempts, limit: string) => metricValue(on.server.url, 'writersroom_rate_limited_total', `limit="${limit}"`);

    it('[SY1] closes the attempt over RATE_LIMIT_SOCKET_ATTEMPTS_PER_MINUTE from one address with 4429 and retry-after, before any token is verified', async () => {
      // Fails if the per-address check is dropped from admit(), or made after authentication (the last attempt, with no token, would get 4001),
      // or if it counts the socket's peer (the proxy) instead of the address TRUST_PROXY lets the proxy report.
      const scriptId = await createScriptFor(attempts.db.storage, 'ada');
      const address = nextAddress();
      const before = await refusals(attempts, 'socket-attempts-per-address');
      expect((await open(attempts, scriptId, address, 'dev:ada')).admitted).toBe(true);
      expect((await open(attempts, scriptId, address, 'dev:ada')).admitted).toBe(true);
      // A refused attempt counts as well: a client cannot probe tokens for free.
      expect(await open(attempts, scriptId, address, undefined)).toMatchObject({ admitted: false, code: 4001 });
      expectSocketRateLimited(await open(attempts, scriptId, address, 'dev:ada'), 60);
      expectSocketRateLimited(await open(attempts, scriptId, address, undefined), 60);
      expect(await refusals(attempts, 'socket-attempts-per-address')).toBe(before + 2);
      // Another address, the same account: admitted.
      expect((await open(attempts, scriptId, nextAddress(), 'dev:ada')).admitted).toBe(true);
    });

    it('counts the attempts from one IPv6 /64 as from one address', async () => {
      // Fails if the per-address limit keys on the address as given: rotating through a /64 would reset the count.
      const scriptId = await createScriptFor(attempts.db.storage, 'gil');
      const n = store.redis ? 'd' : 'c';
      for (let i = 1; i <= ATTEMPTS; i++) expect(await open(attempts, scriptId, `2001:db8:${n}:1::${i}`, undefined)).toMatchObject({ admitted: false, code: 4001 });
      expectSocketRateLimited(await open(attempts, scriptId, `2001:db8:${n}:1::${ATTEMPTS + 1}`, 'dev:gil'), 60);
      expect((await open(attempts, scriptId, `2001:db8:${n}:2::1`, 'dev:gil')).admitted).toBe(true);
    });

    it('closes the attempt over RATE_LIMIT_SOCKET_ATTEMPTS_PER_ACCOUNT_PER_MINUTE with 4429 and retry-after, from any address, while other accounts connect', async () => {
      // Fails if the per-account check is dropped from admit(): an account spread over many addresses would reconnect without bound.
      const scriptId = await createScriptFor(attempts.db.storage, 'bea');
      await attempts.db.storage.setCollaborator(scriptId, (await attempts.db.storage.provisionUser({ firebaseUid: 'dev:cy' })).userId, 'editor');
      for (let i = 0; i < ATTEMPTS; i++) {
        const admitted = await open(attempts, scriptId, nextAddress(), 'dev:bea');
        expect(admitted.admitted).toBe(true);
        if (admitted.admitted) await admitted.close();
      }
      const address = nextAddress();
      expectSocketRateLimited(await open(attempts, scriptId, address, 'dev:bea'), 60);
      // The refused account's address is not refused for another account.
      expect((await open(attempts, scriptId, address, 'dev:cy')).admitted).toBe(true);
    });

    it('closes the socket over MAX_SOCKETS_PER_ACCOUNT with 4429 and retry-after, leaves the open ones and other accounts be, and lets one in once a socket closed', async () => {
      // Fails if the quota is not asked in admit(), or if a closed socket does not give its place back (giveBack in onClose).
      const scriptId = await createScriptFor(quota.db.storage, 'dee');
      const other = await createScriptFor(quota.db.storage, 'dee', 'Another draft');
      const first = await open(quota, scriptId, nextAddress(), 'dev:dee');
      const second = await open(quota, other, nextAddress(), 'dev:dee');
      expect([first.admitted, second.admitted]).toEqual([true, true]);
      expectSocketRateLimited(await open(quota, scriptId, nextAddress(), 'dev:dee'), SOCKET_QUOTA_RETRY_S, SOCKET_QUOTA_RETRY_S);
      expect((await open(quota, await createScriptFor(quota.db.storage, 'eli'), nextAddress(), 'dev:eli')).admitted).toBe(true);
      // The refusal closed nothing that was open.
      for (const held of [first, second]) if (held.admitted) expect(held.socket.ws.readyState).toBe(held.socket.ws.OPEN);

      if (second.admitted) await second.close();
      // The place comes back once the server has seen the close (and, with Redis, removed the lease).
      await eventually(async () => {
        const again = await open(quota, other, nextAddress(), 'dev:dee');
        return again.admitted;
      }, 'a socket admitted after one of the account’s closed');
      expectSocketRateLimited(await open(quota, other, nextAddress(), 'dev:dee'), SOCKET_QUOTA_RETRY_S, SOCKET_QUOTA_RETRY_S);
    });

    it('[SY26] gives the place back when a socket the quota granted is then refused for a stale copy', async () => {
      // Fails if giveBack is skipped on the refusals after admit() (a stale generation): each one would hold a place forever.
      const scriptId = await createScriptFor(quota.db.storage, 'fay');
      for (let i = 0; i < SOCKETS + 1; i++) {
        const stale = await socketOutcome(`${quota.proxy.wsBase}/${scriptId}?token=dev:fay&generation=99`, { [CLIENT_ADDRESS_HEADER]: nextAddress() });
        expect(stale).toMatchObject({ admitted: false, code: 4410 });
      }
      const first = await open(quota, scriptId, nextAddress(), 'dev:fay');
      const second = await open(quota, scriptId, nextAddress(), 'dev:fay');
      expect([first.admitted, second.admitted]).toEqual([true, true]);
    });
  });
}
