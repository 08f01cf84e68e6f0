import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
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
 * honours TRUST_PROXY, as `clientKey`), in the plugin's in-process store or
 * in Redis. A request over a limit is refused with 429 `WR_ERR_RATE_LIMITED`
 * and a `Retry-After` of the seconds left in the window, before anything
 * else of the route runs. When Redis cannot answer, requests are let through
 * (fail open) rather than refusing everyone.
 *
 * Call it before any route is declared. The limits are attached here, not by
 * the plugin's own route option: the plugin attaches those from an onRoute
 * hook it adds only when it loads, which is when the app starts, after
 * buildApp declared every route, so it limited none; and it keeps one count
 * per route, so routes naming one limit (invitations and share links) would
 * not count together. Each limit's check is made on its first request (the
 * plugin has loaded by then), once for all the routes naming it; the plugin
 * appends the limit's `groupId` to the client address, which keeps the
 * limits' counts apart in Redis. (Were the plugin loaded before a route, its
 * own hook would come after this one, and it checks a request only once.)
 */
export function registerRateLimits(app: FastifyInstance, options: RateLimitStoreOptions): void {
  void app.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: `${options.keyPrefix}rate:` } : {}),
    skipOnError: true,
    keyGenerator: (request: FastifyRequest) => clientKey(request.ip),
    onExceeded: (request: FastifyRequest) => {
      const limit = (request.routeOptions.config as { rateLimit?: RouteRateLimit }).rateLimit?.groupId ?? 'route';
      options.metrics.rateLimited.inc({ limit });
    },
    errorResponseBuilder: (_request, context) =>
      new WritersRoomError('WR_ERR_RATE_LIMITED', `Too many requests; try again in ${context.after}.`, { retryAfterS: Math.ceil(context.ttl / 1000) }),
  });
  const checks = new Map<string, Check>();
  app.addHook('onRoute', (route) => {
    const limit = (route.config as { rateLimit?: RouteRateLimit } | undefined)?.rateLimit;
    if (!limit) return;
    const check: onRequestAsyncHookHandler = async (request, reply) => {
      let limited = checks.get(limit.groupId);
      if (!limited) {
        limited = app.rateLimit({ max: limit.max, timeWindow: limit.timeWindow }) as unknown as Check;
        checks.set(limit.groupId, limited);
      }
      await limited(request, reply);
    };
    route.onRequest = [...(route.onRequest === undefined ? [] : [route.onRequest].flat()), check];
  });
}

/**
 * What a client address counts under: an IPv6 address by its /64 (one
 * subscriber's allocation, whose 2^64 addresses it may rotate through at
 * will), an IPv4-mapped IPv6 address as the IPv4 address. The plugin's
 * default key does the same; REST routes and WebSocket upgrades both use it.
 */
export function clientKey(address: string): string {
  return normalizeIP(address);
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

/** The plugin's check of one limit: throws the refusal (`errorResponseBuilder`) when the request is over it. */
type Check = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

interface Keyed {
  key: string;
}
