import type { IncomingHttpHeaders } from 'node:http';
import type { UserId } from '../storage/storage.js';

/** Who is making a request, once an authenticator has vouched for them. */
export interface Identity {
  userId: UserId;
  /** The identity provider's subject (stored as users.firebase_uid). */
  subject: string;
  displayName: string | null;
}

/** The parts of an HTTP request (REST or WebSocket upgrade) that may carry credentials. */
export interface CredentialSource {
  headers: IncomingHttpHeaders;
  /** Path and query string; stock y-websocket clients can only pass a token as a query parameter. */
  url: string | undefined;
}

/**
 * The seam between transport and identity: sync and the REST routes ask it who
 * is calling and never look at credentials themselves, so real verification
 * (local accounts, Firebase, OIDC) plugs in without touching them.
 */
export interface Authenticator {
  /** Resolves the caller's identity; rejects with WR_ERR_UNAUTHENTICATED when credentials are missing or bad. */
  authenticate(request: CredentialSource): Promise<Identity>;
}

/** Bearer token from the Authorization header, else the `token` query parameter. */
export function readBearerToken(request: CredentialSource): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || undefined;
  if (!request.url) return undefined;
  const query = request.url.indexOf('?');
  if (query < 0) return undefined;
  return new URLSearchParams(request.url.slice(query + 1)).get('token') ?? undefined;
}
