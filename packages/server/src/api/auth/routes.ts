import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readCredential, type Authenticator, type Identity } from '../../auth/authenticator.js';
import type { AccessEvents } from '../../auth/access-events.js';
import type { IssuedSession, LocalSessions } from '../../auth/local-sessions.js';
import { SignInThrottle, type SignInLimit } from '../../auth/sign-in-throttle.js';
import { WritersRoomError } from '../../errors.js';
import type { AuthConfig } from '../../config.js';
import type { Storage } from '../../storage/storage.js';
import { parse } from '../parse.js';
import { clearedSessionCookie, cookieSecureFor, sessionCookie } from './session-cookie.js';
import type { Limits } from '../../config.js';
import { perClientAddress } from '../../http/rate-limits.js';

const email = z.string().trim().toLowerCase().email('must be an email address').max(254);
const signUpBody = z
  .object({ email, password: z.string().max(1024), displayName: z.string().trim().min(1).max(100).optional() })
  .strict();
const signInBody = z.object({ email, password: z.string().max(1024) }).strict();

export interface LocalAccountRoutesDeps {
  sessions: LocalSessions;
  cookieSecure: boolean;
  signInLimit: SignInLimit;
  /** Per client address, on top of the per-account sign-in throttle. */
  limits: Pick<Limits, 'signUps' | 'signIns'>;
}

/**
 * Local accounts: sign up and sign in. The session token is returned in the
 * body (for API clients, as a Bearer token) and set as the session cookie (for
 * the web client, out of reach of page scripts).
 */
export function registerLocalAccountRoutes(app: FastifyInstance, deps: LocalAccountRoutesDeps): void {
  const respond = (request: FastifyRequest, reply: FastifyReply, status: number, session: IssuedSession) =>
    reply
      .code(status)
      .header('set-cookie', sessionCookie(session.token, session.expiresAt, cookieSecureFor(request, deps.cookieSecure)))
      .send({
        user: { userId: session.user.userId, email: session.user.email, displayName: session.user.displayName },
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
      });

  app.post('/api/auth/signup', { config: { public: true, rateLimit: perClientAddress(deps.limits.signUps, 'sign-ups') } }, async (request, reply) => {
    const body = parse(signUpBody, request.body);
    return respond(request, reply, 201, await deps.sessions.signUp({ ...body, displayName: body.displayName ?? null }));
  });

  const throttle = new SignInThrottle(deps.signInLimit);
  app.post('/api/auth/signin', { config: { public: true, rateLimit: perClientAddress(deps.limits.signIns, 'sign-ins') } }, async (request, reply) => {
    const credentials = parse(signInBody, request.body);
    throttle.assertAllowed(credentials.email);
    let session: IssuedSession;
    try {
      session = await deps.sessions.signIn(credentials);
    } catch (error) {
      if (error instanceof WritersRoomError && error.code === 'WR_ERR_UNAUTHENTICATED') throttle.recordFailure(credentials.email);
      throw error;
    }
    throttle.recordSuccess(credentials.email);
    return respond(request, reply, 200, session);
  });
}

export interface SignOutRouteDeps {
  authenticator: Authenticator;
  /** Local accounts only: their sessions are revoked server-side too. */
  sessions: LocalSessions | undefined;
  events: AccessEvents;
  /** Drops a token from the verified-token cache, so a signed-out token stops working at once. */
  forgetToken(token: string): void;
  cookieSecure: boolean;
}

/**
 * Sign-out in every mode: drops the caller's token from the verified-token
 * cache and the session cookie from the browser; a local session is also
 * revoked, closing its open sockets. An identity provider's token stays valid
 * at the provider until it expires; only this server forgets it. Public, so
 * that a browser whose session already expired can still drop its cookie.
 */
export function registerSignOutRoute(app: FastifyInstance, deps: SignOutRouteDeps): void {
  app.post('/api/auth/signout', { config: { public: true } }, async (request, reply) => {
    const source = { headers: request.headers, url: request.url };
    const identity = await deps.authenticator.authenticate(source).catch(() => undefined);
    if (identity?.sessionId && deps.sessions) {
      await deps.sessions.signOut(identity.sessionId);
      deps.events.publish({ kind: 'session-revoked', sessionId: identity.sessionId });
    }
    const credential = readCredential(source);
    if (credential) deps.forgetToken(credential.token);
    return reply.code(204).header('set-cookie', clearedSessionCookie(cookieSecureFor(request, deps.cookieSecure))).send();
  });
}

/** What the web client's sign-in page needs to know: the mode, and for Firebase the project's public settings. */
export type PublicAuthSettings =
  | { mode: 'local' | 'oidc' | 'dev' }
  | { mode: 'firebase'; firebase: { apiKey: string; projectId: string; authUrl: string | null } };

function publicAuthSettings(auth: AuthConfig): PublicAuthSettings {
  if (auth.mode !== 'firebase') return { mode: auth.mode };
  return { mode: 'firebase', firebase: { apiKey: auth.apiKey, projectId: auth.projectId, authUrl: auth.authUrl ?? null } };
}

/**
 * Who the caller is, and how this server signs people in (for the web client's sign-in page).
 * GET /api/auth/me refuses an anonymous caller with 401, as every authenticated route does, for API clients.
 * GET /api/auth/session is the web client's question on every page load: there, being signed out (no
 * credential, or one that expired or was revoked) is an answer, `{ user: null }`, not a failed request that
 * every visitor's browser would log. It only ever describes the caller's own credential.
 */
export function registerIdentityRoutes(
  app: FastifyInstance,
  deps: { auth: AuthConfig; authenticator: Authenticator; storage: Pick<Storage, 'getUser'> },
): void {
  const settings = publicAuthSettings(deps.auth);
  app.get('/api/auth/config', { config: { public: true } }, async () => settings);

  const describe = async (identity: Identity) => {
    const user = await deps.storage.getUser(identity.userId);
    return { userId: identity.userId, email: user?.email ?? null, displayName: identity.displayName };
  };
  app.get('/api/auth/me', async (request) => ({ user: await describe(request.identity) }));
  app.get('/api/auth/session', { config: { public: true } }, async (request) => {
    // Only "not signed in" becomes null: a foreign origin's cookie stays refused (403), and a failing store a 5xx.
    const identity = await deps.authenticator.authenticate({ headers: request.headers, url: request.url }).catch((error: unknown) => {
      if (error instanceof WritersRoomError && error.code === 'WR_ERR_UNAUTHENTICATED') return null;
      throw error;
    });
    return { user: identity ? await describe(identity) : null };
  });
}
