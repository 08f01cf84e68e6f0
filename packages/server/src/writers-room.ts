import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { buildApp } from './api/app.js';
import { OpenConnections } from './http/open-connections.js';
import { TrustedProxy } from './http/trusted-proxy.js';
import { attemptLimiter } from './http/rate-limits.js';
import { InProcessSocketQuota } from './limits/socket-quota.js';
import { AccessEvents } from './auth/access-events.js';
import type { AuthParts } from './auth/auth-from-config.js';
import { TokenAuthenticator } from './auth/token-authenticator.js';
import { tokenCacheKey } from './auth/token-cache.js';
import { ownOrigins, type Config } from './config.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import type { Storage } from './storage/storage.js';
import { Checkpointer } from './history/checkpointer.js';
import { CheckpointPacker } from './history/checkpoint-packer.js';
import { Compactor } from './sync/compactor.js';
import { RoomDocumentAccess } from './sync/document-access.js';
import { SINGLE_PROCESS, type FanOut } from './sync/fan-out.js';
import { GroupCommit } from './sync/group-commit.js';
import { Projector } from './sync/projector.js';
import { RoomRegistry } from './sync/room-registry.js';
import { SyncServer } from './sync/sync-server.js';

export interface WritersRoomParts {
  config: Config;
  storage: Storage;
  auth: AuthParts;
  logger: Logger;
  /** The built web client's directory (packages/web/dist), served with client-side route fallback. */
  webRoot?: string;
  /** HTML served at `/` when there is no `webRoot`. */
  indexHtml?: string;
  /** Collect process-wide metrics (CPU, memory); off when several servers share a process. */
  processMetrics?: boolean;
}

export interface RunningWritersRoom {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  metrics: Metrics;
  /** The background compactor (tests run a sweep with `compactor.sweep()`). */
  compactor: Compactor;
  /** Stops accepting, closes sockets (1001), flushes pending rows for at most `flushTimeoutMs`. Does not close storage. */
  close(options?: { flushTimeoutMs?: number }): Promise<void>;
  /** What a close() in progress is waiting for (a shutdown that does not end says where it stands); undefined before. */
  readonly closingStep: ClosingStep | undefined;
}

export type ClosingStep = 'http' | 'writes' | 'compaction' | 'unload' | 'redis' | 'closed';

/**
 * How long a shutdown lets HTTP requests in flight finish (and sockets end)
 * before it cuts every connection still open. A shutdown held by an open
 * connection was seen under load in the browser tests, never explained.
 */
const HTTP_CLOSE_GRACE_MS = 5_000;

/**
 * Wires the server from parts the caller chose (storage, authenticator) and
 * starts listening. main.ts picks the parts from configuration; tests and
 * benchmarks pick their own.
 */
export async function startWritersRoom(parts: WritersRoomParts): Promise<RunningWritersRoom> {
  const { config, storage, logger } = parts;
  let allowedOrigins = config.allowedOrigins ?? [];
  const authenticator = new TokenAuthenticator(storage, parts.auth.verifier, { allowedOrigins: () => allowedOrigins });
  const events = new AccessEvents();
  const metrics = new Metrics({ processMetrics: parts.processMetrics ?? false });
  const writer = new GroupCommit({
    storage,
    windowMs: config.commitWindowMs,
    retryMaxMs: config.commitRetryMaxMs,
    metrics,
    logger: logger.child({ component: 'group-commit' }),
    // Deleted for good elsewhere while writers here still wrote to it (the fan-out was down, say): close their
    // sockets (4004) on every process, and drop the copy, as the process that deleted it did.
    onScriptGone: (scriptId) => {
      events.publish({ kind: 'script-deleted', scriptId });
      registry.evict(scriptId);
    },
  });
  const projector = new Projector({ storage, delayMs: config.projectionDelayMs, metrics, logger: logger.child({ component: 'projection' }) });
  const shared = config.redisUrl ? await connectSharedRedis(config.redisUrl, logger) : undefined;
  const redis = shared?.redis;
  const fanOut: FanOut = shared
    ? new shared.RedisFanOut({ redis: shared.redis, keyPrefix: config.redisKeyPrefix, events, metrics, logger: logger.child({ component: 'fan-out' }) })
    : SINGLE_PROCESS;
  const compactor = new Compactor({
    storage,
    intervalMs: config.compactIntervalMs,
    maxRows: config.compactMaxRows,
    maxAgeMs: config.compactMaxAgeMs,
    liveIntervalMs: config.compactLiveIntervalMs,
    // With several processes, one sweeps per interval.
    sweepTurn: shared?.redisSweepTurn(shared.redis, config.redisKeyPrefix, `${hostname()}:${process.pid}`, config.compactIntervalMs),
    metrics,
    logger: logger.child({ component: 'compaction' }),
  });
  const packer = new CheckpointPacker(logger.child({ component: 'history' }));
  const checkpointer = new Checkpointer({
    ...config.history,
    storage,
    packer,
    onHistoryChanged: (scriptId) => events.publish({ kind: 'notice', scriptId, topic: 'history' }),
    metrics,
    logger: logger.child({ component: 'history' }),
  });
  const registry = new RoomRegistry({
    storage,
    writer,
    projector,
    fanOut,
    onDocumentReplaced: (scriptId) => events.receive({ kind: 'document-replaced', scriptId }),
    unloadGraceMs: config.unloadGraceMs,
    maxDocumentBytes: config.limits.maxDocumentBytes,
    logWatcher: compactor,
    history: checkpointer,
    metrics,
    logger: logger.child({ component: 'rooms' }),
  });
  // A sign-out anywhere empties every process's verified-token cache of that token.
  events.subscribe((event) => {
    if (event.kind === 'token-forgotten') parts.auth.forgetTokenKey(event.tokenKey);
  });
  const proxy = new TrustedProxy(config.trustProxy);
  // The app's health answer and delete route reach the sync server (called once listening), which needs the
  // app's rate-limit store: it is built after the app.
  const app = buildApp({
    storage,
    proxy,
    limits: config.limits,
    rateLimitStore: { redis, keyPrefix: config.redisKeyPrefix },
    authenticator,
    auth: config.auth,
    localSessions: parts.auth.localSessions,
    signInLimit: config.signInLimit,
    cookieSecure: config.cookieSecure,
    forgetToken: (token) => {
      parts.auth.forgetToken(token);
      events.publish({ kind: 'token-forgotten', tokenKey: tokenCacheKey(token) });
    },
    events,
    documents: new RoomDocumentAccess(registry),
    checkpointer,
    metrics,
    logger,
    webRoot: parts.webRoot,
    indexHtml: parts.indexHtml,
    health: {
      writes: () => writer.health(),
      failingProjections: () => projector.failing(),
      loadedScripts: () => registry.loadedCount,
      openConnections: () => syncServer.connectionCount,
      fanOut: () => fanOut.health(),
    },
    onScriptDeleted: (scriptId) => events.publish({ kind: 'script-deleted', scriptId }),
    rooms: registry,
    deletedScriptsDir: config.deletedScriptsDir,
  });
  const sockets = shared
    ? new shared.RedisSocketQuota(shared.redis, { max: config.limits.socketsPerAccount, keyPrefix: config.redisKeyPrefix, logger })
    : new InProcessSocketQuota(config.limits.socketsPerAccount);
  const syncServer = new SyncServer({
    storage,
    authenticator,
    registry,
    events,
    proxy,
    limits: {
      attemptsPerAddress: attemptLimiter(app, config.limits.socketAttemptsPerAddress, 'socket-attempts-per-address', metrics),
      attemptsPerAccount: attemptLimiter(app, config.limits.socketAttemptsPerAccount, 'socket-attempts-per-account', metrics),
      sockets,
      updatesPerSecond: config.limits.updatesPerSecond,
      awarenessPerSecond: config.limits.awarenessPerSecond,
      maxAwarenessBytes: config.limits.maxAwarenessBytes,
    },
    maxMessageBytes: config.maxMessageBytes,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    metrics,
    logger: logger.child({ component: 'sync' }),
  });
  app.server.on('upgrade', syncServer.handleUpgrade);
  const connections = new OpenConnections(app.server);
  // The shared limits count from the first request, unless Redis is down (then they fail open, logged).
  if (shared) await shared.redisSettled(shared.redis);
  await app.listen({ host: config.host, port: config.port });
  compactor.start();
  const { port } = app.server.address() as AddressInfo;
  allowedOrigins = config.allowedOrigins ?? ownOrigins(config.host, port);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closingStep: ClosingStep | undefined;

  return {
    url: `http://${host}:${port}`,
    port,
    metrics,
    compactor,
    get closingStep() {
      return closingStep;
    },
    async close({ flushTimeoutMs = 10_000 } = {}) {
      syncServer.close();
      sockets.close();
      closingStep = 'http';
      // In-flight requests may finish; then whatever is still open is cut, so a client cannot hold a shutdown.
      const cutOff = setTimeout(() => {
        logger.warn({ connections: connections.destroyAll() }, 'connections still open after the shutdown grace; closed');
      }, HTTP_CLOSE_GRACE_MS);
      await app.close();
      clearTimeout(cutOff);
      closingStep = 'writes';
      const { unwrittenRows } = await writer.close(flushTimeoutMs);
      if (unwrittenRows > 0) logger.warn({ unwrittenRows }, 'stopped with unacknowledged rows; their clients still hold them');
      // Before the caller closes storage. With every row durable, long logs of open scripts are compacted on the way out.
      closingStep = 'compaction';
      await compactor.stop({ compactLongLogs: unwrittenRows === 0 });
      // A projection waits for its rows to be durable; with rows left unwritten it would wait forever.
      closingStep = 'unload';
      await registry.unloadAll({ project: unwrittenRows === 0 });
      await packer.close();
      closingStep = 'redis';
      await fanOut.close();
      await redis?.quit().catch(() => redis.disconnect());
      closingStep = 'closed';
    },
  };
}

/**
 * The Redis connection and the parts built on it, for several processes.
 * Loaded only when Redis is configured: ioredis alone is about 130 ms and
 * 25 MiB at start.
 */
async function connectSharedRedis(url: string, logger: Logger) {
  const [client, quota, fanOut, sweepTurn] = await Promise.all([
    import('./redis/redis-client.js'),
    import('./limits/redis-socket-quota.js'),
    import('./fanout/redis-fan-out.js'),
    import('./fanout/sweep-turn.js'),
  ]);
  return {
    redis: client.connectRedis(url, logger.child({ component: 'redis' })),
    redisSettled: client.redisSettled,
    RedisSocketQuota: quota.RedisSocketQuota,
    RedisFanOut: fanOut.RedisFanOut,
    redisSweepTurn: sweepTurn.redisSweepTurn,
  };
}
