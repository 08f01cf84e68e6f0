/**
 * While Redis is unreachable the shared limits fail open (SECURITY.md, "What
 * is not defended"): requests and sockets over a limit are admitted, never
 * refused, and the server logs the outage, once when it starts and once when
 * it ends; once Redis is back the limits hold again, with the counts Redis
 * kept.
 *
 * Each test names the breakage that fails it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { callFrom, expectRateLimited, expectSocketRateLimited, socketOutcome, type SocketOutcome } from '../support/limit-checks.js';
import { eventually } from '../support/providers.js';
import { openTestRedis, redisAvailable, unreachableRedisUrl } from '../support/redis.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { capturedLogger, createScriptFor, openTestStorage, startTestServer, testConfig } from '../support/test-server.js';

const HOUR_MS = 3600_000;
const UNREACHABLE = 'Redis is unreachable; shared limits are not enforced until it is back';
const BACK = 'Redis is reachable again';

/** Every shared limit at 1, so that the second of anything is over it. */
const tightLimits = (): Config['limits'] => ({
  ...testConfig().limits,
  scriptCreations: { max: 1, windowMs: HOUR_MS },
  socketAttemptsPerAddress: { max: 1, windowMs: 60_000 },
  socketAttemptsPerAccount: { max: 1, windowMs: 60_000 },
  socketsPerAccount: 1,
});

describe('while Redis is unreachable', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const start = async (redisUrl: string, redisKeyPrefix = 'wrtest:outage:') => {
    const db = await openTestStorage('sqlite');
    const { logger, lines } = capturedLogger();
    const server = await startTestServer(db.storage, { redisUrl, redisKeyPrefix, limits: tightLimits() }, { logger });
    const sockets: SocketOutcome[] = [];
    cleanups.push(async () => {
      for (const socket of sockets) if (socket.admitted) await socket.close();
      await server.close();
      await db.cleanup();
    });
    const logged = (message: string) => lines().filter((line) => line.msg === message);
    const createScript = (title: string) => callFrom(server.url, 'unused', 'POST', '/api/scripts', { bearer: 'dev:ada', body: { title } });
    const connect = async (scriptId: string) => {
      const outcome = await socketOutcome(`${server.wsBase}/${scriptId}?token=dev:ada`);
      sockets.push(outcome);
      return outcome;
    };
    return { db, server, logged, createScript, connect };
  };

  it('admits requests and sockets over every limit (fails open), and logs the outage once', async () => {
    // Fails if the rate-limit plugin is not told to skipOnError (each request would fail with 500), or if the
    // socket quota refuses when Redis cannot answer: a Redis outage would lock every writer out. Fails too if each
    // failed reconnect is logged again (no `down` flag): an outage would flood the log.
    const { db, logged, createScript, connect } = await start(await unreachableRedisUrl());
    for (const title of ['One', 'Two', 'Three']) expect((await createScript(title)).status).toBe(201);
    const scriptId = await createScriptFor(db.storage, 'ada');
    for (let i = 0; i < 3; i++) expect((await connect(scriptId)).admitted).toBe(true);
    await eventually(() => logged(UNREACHABLE).length > 0, 'the outage logged');
    expect(logged(UNREACHABLE)).toHaveLength(1);
    expect(logged(UNREACHABLE)[0]).toMatchObject({ level: 40, component: 'redis' });
  });

  describe.skipIf(!redisAvailable)('when Redis goes away while the server runs', () => {
    it('holds the limits while Redis answers, fails open while it does not, and holds them again once it is back', async () => {
      // Fails if the recovery goes unlogged (no 'ready' handler), or if commands queue while Redis is away
      // (enableOfflineQueue: true): every request and socket would wait for the reconnect instead of failing open.
      // Fails too if the server listens before its Redis connection is ready: its first requests would count nothing.
      const keys = await openTestRedis();
      const target = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const link = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 6379) });
      cleanups.push(async () => {
        await link.close();
        await keys.cleanup();
      });
      const { db, logged, createScript, connect } = await start(`redis://127.0.0.1:${link.port}`, keys.prefix);
      const scriptId = await createScriptFor(db.storage, 'ada');

      expect((await createScript('Before')).status).toBe(201);
      expectRateLimited(await createScript('Over the limit'), HOUR_MS);
      const held = await connect(scriptId);
      expect(held.admitted).toBe(true);
      expectSocketRateLimited(await connect(scriptId), 60);

      link.cut();
      await eventually(() => logged(UNREACHABLE).length > 0, 'the outage logged');
      expect((await createScript('During the outage')).status).toBe(201);
      expect((await connect(scriptId)).admitted).toBe(true);

      link.restore();
      await eventually(() => logged(BACK).length > 0, 'the recovery logged', 20_000);
      expectRateLimited(await createScript('After'), HOUR_MS);
      expectSocketRateLimited(await connect(scriptId), 60);
      expect(logged(UNREACHABLE)).toHaveLength(1);
    });
  });
});
