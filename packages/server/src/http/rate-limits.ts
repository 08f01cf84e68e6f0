import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { RateLimit } from '../config.js';
import { WritersRoomError } from '../errors.js';
import type { AttemptLimiter } from '../limits/attempt-limiter.js';
import type { Metrics } from '../metrics.js';

export interface RateLimitStoreOptions {
  /** Counts in Redis when given, so that every process sharing it counts together; else in this process. */
  redis: Redis | undefined;
  /** Prefix of the Redis keys, so that several deployments can share one Redis. */
  keyPrefix: string;
  metrics: Metrics;
}

/** The route option of a limit: `config: { rateLimit: perClientAddress(limit, 'sign-ups') }`. */
export interface RouteRateLimit {
  max: number;
  timeWindow: number;
  /** Names the limit in `writersroom_rate_limited_total{limit}` and keeps its counts apart from the others'. */
  groupId: string;
}

/**
 * Rate limits with @fastify/rate-limit, only on the routes that ask for one
 * (`perClientAddress`): counted per client address (`request.ip`, which
 * honours TRUST_PROXY), in the plugin's in-process store or in Redis. A
 * request over a limit is refused with 429 `WR_ERR_RATE_LIMITED` and a
 * `Retry-After` of the seconds left in the window, before anything else of
 * the route runs. When Redis cannot answer, requests are let through (fail
 * open) rather than refusing everyone.
 */
export function registerRateLimits(app: FastifyInstance, options: RateLimitStoreOptions): void {
  void app.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: `${options.keyPrefix}rate:` } : {}),
    skipOnError: true,
    keyGenerator: (request: FastifyRequest) => request.ip,
    onExceeded: (request: FastifyRequest) => {
      const limit = (request.routeOptions.config as { rateLimit?: RouteRateLimit }).rateLimit?.groupId ?? 'route';
      options.metrics.rateLimited.inc({ limit });
    },
    errorResponseBuilder: (_request, context) =>
      new WritersRoomError('WR_ERR_RATE_LIMITED', `Too many requests; try again in ${context.after}.`, { retryAfterS: Math.ceil(context.ttl / 1000) }),
  });
}

export function perClientAddress(limit: RateLimit, name: string): RouteRateLimit {
  return { max: limit.max, timeWindow: limit.windowMs, groupId: name };
}

/**
 * An `AttemptLimiter` over the same store as the routes' limits, for what
 * does not pass through a route (WebSocket upgrades are handled before
 * Fastify sees them): `name` keeps its counts apart and labels its refusals.
 */
export function attemptLimiter(app: FastifyInstance, limit: RateLimit, name: string, metrics: Metrics): AttemptLimiter {
  let check: ReturnType<FastifyInstance['createRateLimit']> | undefined;
  return {
    async attempt(key) {
      // The plugin is loaded once the app has started; every upgrade comes after that.
      check ??= app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator: (request) => (request as unknown as Keyed).key });
      const outcome = await check({ key: `${name}:${key}`, routeOptions: { config: {} } } as unknown as FastifyRequest);
      if (outcome.isAllowed || !outcome.isExceeded) return undefined;
      metrics.rateLimited.inc({ limit: name });
      return { retryAfterS: Math.max(1, outcome.ttlInSeconds) };
    },
  };
}

interface Keyed {
  key: string;
}
