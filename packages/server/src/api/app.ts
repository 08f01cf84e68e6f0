import { statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AccessEvents } from '../auth/access-events.js';
import type { Authenticator, Identity } from '../auth/authenticator.js';
import type { LocalSessions } from '../auth/local-sessions.js';
import type { SignInLimit } from '../auth/sign-in-throttle.js';
import type { AuthConfig, Limits } from '../config.js';
import { WritersRoomError, toWritersRoomError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Storage, ScriptId } from '../storage/storage.js';
import type { DocumentAccess } from '../sync/document-access.js';
import type { RoomRegistry } from '../sync/room-registry.js';
import type { Checkpointer } from '../history/checkpointer.js';
import { registerIdentityRoutes, registerLocalAccountRoutes, registerSignOutRoute } from './auth/routes.js';
import { registerTokenSessionRoute } from './auth/token-session-route.js';
import { registerCommentRoutes } from './comments/routes.js';
import { registerHealthRoutes, type HealthSource } from './health/routes.js';
import { registerHistoryRoutes } from './history/routes.js';
import { registerScriptRoutes } from './scripts/routes.js';
import { registerSharingRoutes } from './sharing/routes.js';
import { registerUnstorableTextCheck } from './unstorable-text-check.js';
import { registerSecurityHeaders } from '../http/security-headers.js';
import type { TrustedProxy } from '../http/trusted-proxy.js';
import { registerRateLimits, type RateLimitStoreOptions } from '../http/rate-limits.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every route that is not marked public. */
    identity: Identity;
  }
  interface FastifyContextConfig {
    /** Routes an unauthenticated caller may reach (health, metrics, the web page). */
    public?: boolean;
  }
}

export interface AppDeps {
  storage: Storage;
  /** Which peers may report the client's address and scheme (TRUST_PROXY); Fastify is given the same trust. */
  proxy: TrustedProxy;
  limits: Limits;
  /** Where the rate limits count: Redis (shared by every process) or this process. */
  rateLimitStore: Omit<RateLimitStoreOptions, 'metrics'>;
  authenticator: Authenticator;
  /** How people sign in: picks the sign-in routes, and the sign-in page is told its public part. */
  auth: AuthConfig;
  /** Local accounts (the embedded default); absent when an outside provider signs people in. */
  localSessions: LocalSessions | undefined;
  signInLimit: SignInLimit;
  cookieSecure: boolean;
  forgetToken(token: string): void;
  events: AccessEvents;
  documents: DocumentAccess;
  /** Takes named drafts and restores' checkpoints of a script's history. */
  checkpointer: Checkpointer;
  metrics: Metrics;
  health: HealthSource;
  logger: Logger;
  /**
   * The built web client (packages/web/dist): its files, and its index.html for
   * every other GET outside /api, /ws, /healthz and /metrics (client-side routes).
   * Takes precedence over `indexHtml`.
   */
  webRoot?: string;
  /** HTML served at `/` when there is no `webRoot` (tests, or a server started without a built client). */
  indexHtml?: string;
  onScriptDeleted(scriptId: ScriptId): void;
  /** The loaded scripts: who has one open (the list of scripts says), and dropping one deleted for good. */
  rooms: Pick<RoomRegistry, 'presentWriters' | 'evict'>;
  /** Where scripts deleted for good are exported first (DELETED_SCRIPTS_DIR). */
  deletedScriptsDir: string;
}

/** The REST surface. Every route authenticates unless marked public; every error is a catalogue error. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: deps.proxy.trust,
  });
  registerSecurityHeaders(app, { auth: deps.auth, proxy: deps.proxy });
  registerRateLimits(app, { ...deps.rateLimitStore, metrics: deps.metrics });

  app.decorateRequest('identity', undefined as unknown as Identity);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public) return;
    request.identity = await deps.authenticator.authenticate({ headers: request.headers, url: request.url });
  });

  registerUnstorableTextCheck(app);

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { code: 'WR_ERR_NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });

  app.setErrorHandler((thrown: FastifyError | Error, request, reply) => {
    const error = isClientHttpError(thrown)
      ? new WritersRoomError(thrown.statusCode === 413 ? 'WR_ERR_TOO_LARGE' : 'WR_ERR_INVALID_REQUEST', thrown.message)
      : toWritersRoomError(thrown);
    if (!error.userError) request.log.error({ err: error.cause ?? error, code: error.code }, 'request failed');
    if (error.retryAfterS !== undefined) void reply.header('retry-after', String(error.retryAfterS));
    void reply.code(error.status).send({ error: { code: error.code, message: error.message } });
  });

  if (deps.webRoot) registerWebClient(app, deps.webRoot, deps.authenticator);
  else app.get('/', { config: { public: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(deps.indexHtml ?? ''));
  app.get('/metrics', { config: { public: true } }, async (_request, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );
  registerHealthRoutes(app, deps.health);
  registerIdentityRoutes(app, { auth: deps.auth, authenticator: deps.authenticator, storage: deps.storage });
  if (deps.localSessions) {
    registerLocalAccountRoutes(app, { sessions: deps.localSessions, cookieSecure: deps.cookieSecure, signInLimit: deps.signInLimit, limits: deps.limits });
  }
  if (deps.auth.mode === 'firebase' || deps.auth.mode === 'oidc') {
    registerTokenSessionRoute(app, { authenticator: deps.authenticator, storage: deps.storage, cookieSecure: deps.cookieSecure });
  }
  registerSignOutRoute(app, { authenticator: deps.authenticator, sessions: deps.localSessions, events: deps.events, forgetToken: deps.forgetToken, cookieSecure: deps.cookieSecure });
  registerScriptRoutes(app, {
    storage: deps.storage,
    documents: deps.documents,
    onScriptDeleted: deps.onScriptDeleted,
    limits: deps.limits,
    presentWriters: (scriptId) => deps.rooms.presentWriters(scriptId),
    forgetScript: (scriptId) => deps.rooms.evict(scriptId),
    deletedScriptsDir: deps.deletedScriptsDir,
  });
  registerSharingRoutes(app, { storage: deps.storage, events: deps.events, limits: deps.limits });
  registerHistoryRoutes(app, { storage: deps.storage, documents: deps.documents, checkpointer: deps.checkpointer });
  registerCommentRoutes(app, { storage: deps.storage, documents: deps.documents, events: deps.events });
  return app;
}

/** First path segments that belong to the server, never to the web client's routes. */
const SERVER_PATHS = new Set(['api', 'ws', 'healthz', 'metrics']);

/**
 * Serves the built web client without authentication (the app signs in itself):
 * a file of `root` when the path names one (its .br or .gz copy for browsers
 * that accept one), else index.html. Hashed assets are
 * cached for a year; index.html is revalidated so a new build shows at once.
 * GETs under the server's own paths that match no route keep the usual answer:
 * authentication first, then the catalogue's 404.
 */
function registerWebClient(app: FastifyInstance, root: string, authenticator: Authenticator): void {
  const absoluteRoot = path.resolve(root);
  void app.register(fastifyStatic, { root: absoluteRoot, serve: false, preCompressed: true });
  const serve = async (request: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
    const wanted = request.params['*'] ?? '';
    if (SERVER_PATHS.has(wanted.split('/')[0] ?? '')) {
      request.identity = await authenticator.authenticate({ headers: request.headers, url: request.url });
      return reply.callNotFound();
    }
    // Caches must keep the compressed and the plain copies apart.
    void reply.header('vary', 'accept-encoding');
    const file = path.resolve(absoluteRoot, wanted);
    if (wanted !== '' && file.startsWith(absoluteRoot + path.sep) && isFile(file)) {
      // The offline shell's service worker: browsers learn of a new build by comparing it, so it is always revalidated.
      if (wanted === 'sw.js') return reply.header('cache-control', 'no-cache').sendFile(wanted, { cacheControl: false });
      const immutable = wanted.startsWith('assets/');
      return reply.sendFile(wanted, { maxAge: immutable ? 365 * 24 * 3600 * 1000 : 0, immutable });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };
  app.get('/', { config: { public: true } }, serve);
  app.get('/*', { config: { public: true } }, serve);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) are the caller's mistake. */
function isClientHttpError(error: FastifyError | Error): error is FastifyError {
  const status = (error as FastifyError).statusCode;
  return !(error instanceof WritersRoomError) && status !== undefined && status >= 400 && status < 500;
}
