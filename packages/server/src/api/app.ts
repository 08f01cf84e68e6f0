import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { AccessEvents } from '../auth/access-events.js';
import type { Authenticator, Identity } from '../auth/authenticator.js';
import type { LocalSessions } from '../auth/local-sessions.js';
import { WritersRoomError, toWritersRoomError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Storage, ScriptId } from '../storage/storage.js';
import type { DocumentAccess } from '../sync/document-access.js';
import { registerAuthRoutes, registerIdentityRoutes } from './auth/routes.js';
import { registerHealthRoutes, type HealthSource } from './health/routes.js';
import { registerScriptRoutes } from './scripts/routes.js';
import { registerSharingRoutes } from './sharing/routes.js';

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
  authenticator: Authenticator;
  authMode: string;
  /** Local accounts (the embedded default); absent when an outside provider signs people in. */
  localSessions: LocalSessions | undefined;
  cookieSecure: boolean;
  forgetToken(token: string): void;
  events: AccessEvents;
  documents: DocumentAccess;
  metrics: Metrics;
  health: HealthSource;
  logger: Logger;
  /** HTML served at `/`. */
  indexHtml: string;
  onScriptDeleted(scriptId: ScriptId): void;
}

/** The REST surface. Every route authenticates unless marked public; every error is a catalogue error. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024 });

  app.decorateRequest('identity', undefined as unknown as Identity);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public) return;
    request.identity = await deps.authenticator.authenticate({ headers: request.headers, url: request.url });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { code: 'WR_ERR_NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });

  app.setErrorHandler((thrown: FastifyError | Error, request, reply) => {
    const error = isClientHttpError(thrown)
      ? new WritersRoomError('WR_ERR_INVALID_REQUEST', thrown.message)
      : toWritersRoomError(thrown);
    if (!error.userError) request.log.error({ err: error.cause ?? error, code: error.code }, 'request failed');
    void reply.code(error.status).send({ error: { code: error.code, message: error.message } });
  });

  app.get('/', { config: { public: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(deps.indexHtml));
  app.get('/metrics', { config: { public: true } }, async (_request, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );
  registerHealthRoutes(app, deps.health);
  registerIdentityRoutes(app, deps.authMode, deps.storage);
  if (deps.localSessions) {
    registerAuthRoutes(app, { sessions: deps.localSessions, events: deps.events, forgetToken: deps.forgetToken, cookieSecure: deps.cookieSecure });
  }
  registerScriptRoutes(app, { storage: deps.storage, documents: deps.documents, onScriptDeleted: deps.onScriptDeleted });
  registerSharingRoutes(app, { storage: deps.storage, events: deps.events });
  return app;
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) are the caller's mistake. */
function isClientHttpError(error: FastifyError | Error): error is FastifyError {
  const status = (error as FastifyError).statusCode;
  return !(error instanceof WritersRoomError) && status !== undefined && status >= 400 && status < 500;
}
