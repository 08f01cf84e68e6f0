import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Authenticator } from '../../auth/authenticator.js';
import { MAX_TOKEN_CHARS } from '../../auth/jwt-verifier.js';
import type { Storage } from '../../storage/storage.js';
import { parse } from '../parse.js';
import { cookieSecureFor, sessionCookie } from './session-cookie.js';

const sessionBody = z.object({ idToken: z.string().min(1).max(MAX_TOKEN_CHARS) }).strict();

export interface TokenSessionRouteDeps {
  authenticator: Authenticator;
  storage: Pick<Storage, 'getUser'>;
  cookieSecure: boolean;
}

/**
 * POST /api/auth/session `{idToken}`: turns an identity provider's ID token
 * (Firebase, OIDC) into the session cookie, so the web client authenticates
 * REST and sockets with the cookie alone and page scripts never hold a
 * credential the server accepts from them. The token is verified and its user
 * provisioned exactly as for a Bearer token; the cookie expires with the token,
 * so the page posts each refreshed token again. Refused with nothing set: a bad
 * or expired token (401), a page of a foreign origin (403).
 */
export function registerTokenSessionRoute(app: FastifyInstance, deps: TokenSessionRouteDeps): void {
  app.post('/api/auth/session', { config: { public: true } }, async (request, reply) => {
    const { idToken } = parse(sessionBody, request.body);
    const identity = await deps.authenticator.authenticateForCookie(idToken, request.headers.origin);
    const user = await deps.storage.getUser(identity.userId);
    return reply
      .header('set-cookie', sessionCookie(idToken, identity.expiresAt, cookieSecureFor(request, deps.cookieSecure)))
      .send({
        user: { userId: identity.userId, email: user?.email ?? null, displayName: identity.displayName },
        expiresAt: identity.expiresAt.toISOString(),
      });
  });
}
