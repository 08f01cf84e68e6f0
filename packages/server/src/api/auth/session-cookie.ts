import { serialize } from 'cookie';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../auth/authenticator.js';

/**
 * Whether the session cookie is `Secure` for this request: whenever it came
 * over HTTPS (TLS here, or `X-Forwarded-Proto: https` from a proxy
 * TRUST_PROXY names), whatever COOKIE_SECURE says; else as COOKIE_SECURE
 * says. A cookie set over HTTPS without `Secure` would travel over any plain
 * HTTP request to the same host.
 */
export function cookieSecureFor(request: FastifyRequest, cookieSecure: boolean): boolean {
  return cookieSecure || request.protocol === 'https';
}

/**
 * The `wr_session` cookie as every route sets it: HttpOnly (out of reach of
 * page scripts), SameSite=Lax (not sent on other sites' subrequests), for the
 * whole site, and `Secure` as `cookieSecureFor` decides.
 */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

/** A Set-Cookie value that makes the browser drop the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
