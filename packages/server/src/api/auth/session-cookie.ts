import { serialize } from 'cookie';
import { SESSION_COOKIE } from '../../auth/authenticator.js';

/**
 * The `wr_session` cookie as every route sets it: HttpOnly (out of reach of
 * page scripts), SameSite=Lax (not sent on other sites' subrequests), for the
 * whole site, and `Secure` behind HTTPS (COOKIE_SECURE).
 */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

/** A Set-Cookie value that makes the browser drop the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
