import type { FastifyInstance, FastifyReply } from 'fastify';
import { serialize } from 'cookie';
import { z } from 'zod';
import { SESSION_COOKIE, readCredential } from '../../auth/authenticator.js';
import type { AccessEvents } from '../../auth/access-events.js';
import type { IssuedSession, LocalSessions } from '../../auth/local-sessions.js';
import type { Storage } from '../../storage/storage.js';
import { parse } from '../parse.js';

const email = z.string().trim().toLowerCase().email('must be an email address').max(254);
const signUpBody = z
  .object({ email, password: z.string().max(1024), displayName: z.string().trim().min(1).max(100).optional() })
  .strict();
const signInBody = z.object({ email, password: z.string().max(1024) }).strict();

export interface AuthRoutesDeps {
  sessions: LocalSessions;
  events: AccessEvents;
  /** Drops a token from the verified-token cache, so a signed-out token stops working at once. */
  forgetToken(token: string): void;
  cookieSecure: boolean;
}

/**
 * Local accounts: sign up, sign in, sign out. The session token is returned in
 * the body (for API clients, as a Bearer token) and set as an HttpOnly,
 * SameSite=Lax cookie (for the web client, out of reach of page scripts).
 */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): void {
  const respond = (reply: FastifyReply, status: number, session: IssuedSession) => {
    const cookie = serialize(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.cookieSecure,
      path: '/',
      expires: session.expiresAt,
    });
    return reply
      .code(status)
      .header('set-cookie', cookie)
      .send({
        user: { userId: session.user.userId, email: session.user.email, displayName: session.user.displayName },
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
      });
  };

  app.post('/api/auth/signup', { config: { public: true } }, async (request, reply) => {
    const body = parse(signUpBody, request.body);
    return respond(reply, 201, await deps.sessions.signUp({ ...body, displayName: body.displayName ?? null }));
  });

  app.post('/api/auth/signin', { config: { public: true } }, async (request, reply) =>
    respond(reply, 200, await deps.sessions.signIn(parse(signInBody, request.body))),
  );

  app.post('/api/auth/signout', async (request, reply) => {
    const { sessionId } = request.identity;
    if (sessionId) {
      await deps.sessions.signOut(sessionId);
      deps.events.publish({ kind: 'session-revoked', sessionId });
    }
    const credential = readCredential({ headers: request.headers, url: request.url });
    if (credential) deps.forgetToken(credential.token);
    const expired = serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: deps.cookieSecure, path: '/', maxAge: 0 });
    return reply.code(204).header('set-cookie', expired).send();
  });
}

/** Who the caller is, and how this server signs people in (for the web client's sign-in page). */
export function registerIdentityRoutes(app: FastifyInstance, authMode: string, storage: Pick<Storage, 'getUser'>): void {
  app.get('/api/auth/config', { config: { public: true } }, async () => ({ mode: authMode }));

  app.get('/api/auth/me', async (request) => {
    const user = await storage.getUser(request.identity.userId);
    return { user: { userId: request.identity.userId, email: user?.email ?? null, displayName: request.identity.displayName } };
  });
}
