import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { UserId } from '../storage/storage.js';

/** Who is making a request, once an authenticator has vouched for them. */
export interface Identity {
  userId: UserId;
  /** The identity provider's subject (stored as users.firebase_uid). */
  subject: string;
  displayName: string | null;
  /** The stored email: one the provider verified, or a local account's. */
  email: string | null;
  /** How the credential arrived; cookies are subject to the Origin check, bearer tokens are not. */
  credential: CredentialKind;
  /** When the credential stops being accepted (a session cookie made from it expires then too). */
  expiresAt: Date;
  /** Local sessions only: the session the credential belongs to. */
  sessionId?: string;
}

/** The parts of an HTTP request (REST or WebSocket upgrade) that may carry credentials. */
export interface CredentialSource {
  headers: IncomingHttpHeaders;
  /** Path and query string; stock y-websocket clients can only pass a token as a query parameter. */
  url: string | undefined;
}

/**
 * The seam between transport and identity: sync and the REST routes ask it who
 * is calling and never look at credentials themselves, so the verification
 * method (local accounts, Firebase, OIDC) changes without touching them.
 */
export interface Authenticator {
  /** Resolves the caller's identity; rejects with WR_ERR_UNAUTHENTICATED (or WR_ERR_FORBIDDEN for a foreign origin). */
  authenticate(request: CredentialSource): Promise<Identity>;
  /**
   * Verifies a token a page hands over to become its session cookie (POST
   * /api/auth/session). The cookie's Origin check applies already here, so a
   * page of another site cannot plant a session of its choosing. Rejects as
   * `authenticate` does.
   */
  authenticateForCookie(token: string, origin: string | undefined): Promise<Identity>;
}

export type CredentialKind = 'header' | 'query' | 'cookie';

/** Name of the HttpOnly cookie that carries a local session token. */
export const SESSION_COOKIE = 'wr_session';

/**
 * The credential of a request: a Bearer header first, then the `token` query
 * parameter, then the session cookie. Explicit credentials win over the
 * ambient cookie.
 */
export function readCredential(request: CredentialSource): { token: string; kind: CredentialKind } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice('Bearer '.length).trim();
    if (token) return { token, kind: 'header' };
  }
  const query = request.url?.indexOf('?') ?? -1;
  if (request.url && query >= 0) {
    const token = new URLSearchParams(request.url.slice(query + 1)).get('token');
    if (token) return { token, kind: 'query' };
  }
  const cookie = request.headers.cookie ? parseCookies(request.headers.cookie)[SESSION_COOKIE] : undefined;
  return cookie ? { token: cookie, kind: 'cookie' } : undefined;
}
