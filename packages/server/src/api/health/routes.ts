import type { FastifyInstance } from 'fastify';
import type { FanOutHealth } from '../../sync/fan-out.js';
import type { WriteHealth } from '../../sync/group-commit.js';
import type { FailingProjection } from '../../sync/projector.js';

export interface HealthSource {
  writes(): WriteHealth;
  /** Loaded scripts whose `content_blocks` projection keeps failing (derived data: not a 503). */
  failingProjections(): FailingProjection[];
  loadedScripts(): number;
  openConnections(): number;
  /** The fan-out to other processes; undefined with one process. */
  fanOut(): FanOutHealth | undefined;
}

/**
 * `GET /healthz`: 200 while edits are being made durable, 503 while the
 * database refuses writes (edits are then held in memory and retried), with
 * the numbers an operator needs to judge how bad it is. Scripts whose
 * projection keeps failing are listed, but do not make the server degraded:
 * their edits are stored; only `content_blocks` lags. Nor does a fan-out
 * cut off from Redis: edits are stored, and other processes catch up from
 * storage once it is back.
 */
export function registerHealthRoutes(app: FastifyInstance, source: HealthSource): void {
  app.get('/healthz', { config: { public: true } }, async (_request, reply) => {
    const writes = source.writes();
    return reply.code(writes.healthy ? 200 : 503).send({
      status: writes.healthy ? 'ok' : 'degraded',
      storage: {
        writable: writes.healthy,
        pendingRows: writes.pendingRows,
        lastError: writes.lastError ?? null,
        failingSince: writes.failingSince?.toISOString() ?? null,
      },
      projections: {
        failing: source.failingProjections().map((failure) => ({
          scriptId: failure.scriptId,
          failures: failure.failures,
          since: failure.since.toISOString(),
          lastError: failure.lastError,
        })),
      },
      loadedScripts: source.loadedScripts(),
      openConnections: source.openConnections(),
      fanOut: source.fanOut() ?? null,
    });
  });
}
