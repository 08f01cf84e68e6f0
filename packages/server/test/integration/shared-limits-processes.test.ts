/**
 * With two server processes on one Redis (REDIS_URL, the same
 * REDIS_KEY_PREFIX), every limit is counted once for both: with a limit of
 * 3, two requests on A and one on B pass, and the fourth is refused
 * wherever it lands. Real processes (`main.ts`, configured through the
 * environment), one SQLite database: the limits do not touch storage.
 *
 * A process killed with SIGKILL leaves its sockets counted until their
 * leases run out (90 s, renewed only by a live process): here the leases are
 * read from Redis; that they lapse is tested with a short lease in
 * src/limits/redis-socket-quota.test.ts.
 *
 * Each test names the breakage that fails it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { addressPool, callFrom, expectRateLimited, expectSocketRateLimited, socketOutcome, type SocketOutcome } from '../support/limit-checks.js';
import { eventually } from '../support/providers.js';
import { openTestRedis, redisAvailable, redisUrl, type TestRedis } from '../support/redis.js';
import { createScriptFor, openTestStorage, type TestStorage } from '../support/test-server.js';

const LIMIT = 3;
const HOUR_MS = 3600_000;
const LEASE_MS = 90_000;
/** The wait a client refused for its account's socket quota is told (sync-server.ts). */
const SOCKET_QUOTA_RETRY_S = 30;

describe.skipIf(!redisAvailable)('limits shared by two server processes on one Redis', () => {
  let db: TestStorage;
  let redis: TestRedis;
  const children: ChildServer[] = [];
  const sockets: SocketOutcome[] = [];
  const nextAddress = addressPool();

  const start = async (env: Record<string, string>) => {
    const child = await startChildServer(db.location, { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redis.prefix, ...env });
    children.push(child);
    return child;
  };
  const connect = async (server: ChildServer, scriptId: string, user: string, address?: string) => {
    const outcome = await socketOutcome(`${server.wsBase}/${scriptId}?token=dev:${user}`, address ? { 'x-forwarded-for': address } : {});
    sockets.push(outcome);
    return outcome;
  };

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    redis = await openTestRedis();
  });
  afterAll(async () => {
    for (const socket of sockets) if (socket.admitted) await socket.close();
    await Promise.all(children.map((child) => (child.process.exitCode === null && child.process.signalCode === null ? child.kill('SIGTERM') : undefined)));
    await redis.cleanup();
    await db.cleanup();
  });

  describe('script creations and open sockets', () => {
    const env = { RATE_LIMIT_SCRIPTS_PER_HOUR: String(LIMIT), MAX_SOCKETS_PER_ACCOUNT: '2' };
    let a: ChildServer;
    let b: ChildServer;
    beforeAll(async () => {
      [a, b] = await Promise.all([start(env), start(env)]);
    }, 60_000);

    it('refuses the fourth script of one address wherever it lands, with 429 and Retry-After, creating none', async () => {
      // Fails if the rate limits count in each process (the plugin's local store: no `redis` option given): B would allow 3 more.
      const create = (server: ChildServer, title: string) => callFrom(server.url, 'unused', 'POST', '/api/scripts', { bearer: 'dev:ada', body: { title } });
      expect((await create(a, 'A1')).status).toBe(201);
      expect((await create(a, 'A2')).status).toBe(201);
      expect((await create(b, 'B1')).status).toBe(201);
      expectRateLimited(await create(b, 'B2'), HOUR_MS);
      expectRateLimited(await create(a, 'A3'), HOUR_MS);
      const listed = (await callFrom(a.url, 'unused', 'GET', '/api/scripts', { bearer: 'dev:ada' })).body.scripts.map((s: { title: string }) => s.title);
      expect(listed.sort()).toEqual(['A1', 'A2', 'B1']);
    });

    it("counts an account's open sockets on both processes together, and a socket closed on one frees a place on the other", async () => {
      // Fails if the socket quota is the in-process one (InProcessSocketQuota even with REDIS_URL set): each process would admit 2.
      const scriptId = await createScriptFor(db.storage, 'dee');
      expect((await connect(a, scriptId, 'dee')).admitted).toBe(true);
      const onB = await connect(b, scriptId, 'dee');
      expect(onB.admitted).toBe(true);
      expectSocketRateLimited(await connect(a, scriptId, 'dee'), SOCKET_QUOTA_RETRY_S, SOCKET_QUOTA_RETRY_S);
      expectSocketRateLimited(await connect(b, scriptId, 'dee'), SOCKET_QUOTA_RETRY_S, SOCKET_QUOTA_RETRY_S);
      // Other accounts are not held back by dee's.
      expect((await connect(b, await createScriptFor(db.storage, 'eli'), 'eli')).admitted).toBe(true);

      if (onB.admitted) await onB.close();
      await eventually(async () => (await connect(a, scriptId, 'dee')).admitted, 'a socket on A admitted once one on B closed');
    });

    it("keeps a killed process's sockets counted, on leases that end within 90 s", async () => {
      // Fails if a socket's lease is not bounded (ZADD without a lease end, or PEXPIRE dropped): a kill -9 would hold the places forever.
      const doomed = await start(env);
      const scriptId = await createScriptFor(db.storage, 'kay');
      expect((await connect(doomed, scriptId, 'kay')).admitted).toBe(true);
      expect((await connect(doomed, scriptId, 'kay')).admitted).toBe(true);
      await doomed.kill('SIGKILL');
      const killedAt = Date.now();

      // Nobody told Redis: the places stay taken, on A as on B, until the leases end.
      expectSocketRateLimited(await connect(a, scriptId, 'kay'), SOCKET_QUOTA_RETRY_S, SOCKET_QUOTA_RETRY_S);
      const { userId } = await db.storage.provisionUser({ firebaseUid: 'dev:kay' });
      const key = `${redis.prefix}sockets:${userId}`;
      const leaseEnds = (await redis.redis.zrange(key, '0', '-1', 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
      expect(leaseEnds).toHaveLength(2);
      for (const end of leaseEnds) {
        expect(end).toBeGreaterThan(killedAt);
        expect(end).toBeLessThanOrEqual(killedAt + LEASE_MS);
      }
      expect(await redis.redis.pttl(key)).toBeLessThanOrEqual(LEASE_MS);
    });
  });

  describe('WebSocket connection attempts', () => {
    const env = {
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_SOCKET_ATTEMPTS_PER_MINUTE: String(LIMIT),
      RATE_LIMIT_SOCKET_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: String(LIMIT),
    };
    let a: ChildServer;
    let b: ChildServer;
    beforeAll(async () => {
      [a, b] = await Promise.all([start(env), start(env)]);
    }, 60_000);

    it('refuses the fourth attempt from one address wherever it lands, with 4429 and retry-after', async () => {
      // Fails if the attempt limiter counts in each process (the plugin's store not given `redis`): B would admit 3 more.
      // The test process is on loopback, which TRUST_PROXY names: it reports each attempt's client address itself.
      const address = nextAddress();
      const owners = ['fin', 'gus', 'hal', 'ian', 'jo'];
      const scripts = await Promise.all(owners.map((owner) => createScriptFor(db.storage, owner)));
      expect((await connect(a, scripts[0]!, 'fin', address)).admitted).toBe(true);
      expect((await connect(a, scripts[1]!, 'gus', address)).admitted).toBe(true);
      expect((await connect(b, scripts[2]!, 'hal', address)).admitted).toBe(true);
      expectSocketRateLimited(await connect(b, scripts[3]!, 'ian', address), 60);
      expectSocketRateLimited(await connect(a, scripts[3]!, 'ian', address), 60);
      expect((await connect(a, scripts[4]!, 'jo', nextAddress())).admitted).toBe(true);
    });

    it('refuses the fourth attempt of one account wherever it lands, from any address, with 4429 and retry-after', async () => {
      // Fails if the per-account limiter counts in each process (the plugin's store not given `redis`).
      const scriptId = await createScriptFor(db.storage, 'kim');
      const other = await createScriptFor(db.storage, 'lou');
      for (const server of [a, a, b]) {
        const admitted = await connect(server, scriptId, 'kim', nextAddress());
        expect(admitted.admitted).toBe(true);
      }
      expectSocketRateLimited(await connect(b, scriptId, 'kim', nextAddress()), 60);
      expectSocketRateLimited(await connect(a, scriptId, 'kim', nextAddress()), 60);
      expect((await connect(b, other, 'lou', nextAddress())).admitted).toBe(true);
    });
  });
});
