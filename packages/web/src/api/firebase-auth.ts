import { FirebaseAuthError, fromFirebaseAnswer } from './firebase-auth-error.js';

/**
 * Firebase Authentication's email and password sign-in over Google's REST API
 * (Identity Toolkit and Secure Token), the calls the Firebase JS SDK makes,
 * without the SDK. Every function resolves with fresh tokens or rejects with a
 * FirebaseAuthError in plain words.
 */

/** The project's public settings, as GET /api/auth/config gives them. */
export interface FirebaseSettings {
  /** The project's web API key; public by design, it only names the project. */
  apiKey: string;
  projectId: string;
  /** Base URL in the Firebase emulator's layout; null: Google's own hosts. */
  authUrl: string | null;
}

export interface FirebaseTokens {
  /** A Firebase ID token: what the server verifies and keeps as the session cookie. */
  idToken: string;
  /** Exchanged for the next ID token; lives until the account is disabled or its password changes. */
  refreshToken: string;
  /** When to exchange the refresh token, ms since the epoch by this browser's clock (see refreshAt). */
  refreshAt: number;
}

/** Firebase ID tokens live an hour; the next one is fetched this long before that. */
export const REFRESH_LEAD_MS = 5 * 60_000;

/**
 * When to replace a token that lives `lifetimeMs`, asked for at `sentAt` (by
 * this browser's clock; it cannot have been issued earlier, so the renewal is
 * never late): REFRESH_LEAD_MS before it expires, or halfway for a short-lived
 * token (a stand-in's or a test's), so there is always time to retry.
 */
export function refreshAt(sentAt: number, lifetimeMs: number): number {
  return sentAt + lifetimeMs - Math.min(REFRESH_LEAD_MS, lifetimeMs / 2);
}

/** Creates an email and password account (accounts:signUp) and signs it in. */
export function signUpWithPassword(settings: FirebaseSettings, input: { email: string; password: string }): Promise<FirebaseTokens> {
  return identityToolkit(settings, 'signUp', input);
}

/** Signs an email and password account in (accounts:signInWithPassword). */
export function signInWithPassword(settings: FirebaseSettings, input: { email: string; password: string }): Promise<FirebaseTokens> {
  return identityToolkit(settings, 'signInWithPassword', input);
}

/** Sets the account's display name (accounts:update); the new tokens carry it as the `name` claim. */
export function setDisplayName(settings: FirebaseSettings, idToken: string, displayName: string): Promise<FirebaseTokens> {
  return identityToolkit(settings, 'update', { idToken, displayName });
}

/** Exchanges a refresh token for a new ID token (Secure Token API, grant_type=refresh_token). */
export async function refreshIdToken(settings: FirebaseSettings, refreshToken: string): Promise<FirebaseTokens> {
  const sentAt = Date.now();
  // Form-encoded, as the Firebase SDK sends it: a simple request, with no CORS preflight.
  const answer = await call<SecureTokenAnswer>(settings, 'securetoken.googleapis.com', '/v1/token', {
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { idToken: answer.id_token, refreshToken: answer.refresh_token, refreshAt: refreshAt(sentAt, Number(answer.expires_in) * 1000) };
}

/** The fields of signUp, signInWithPassword and update answers we use (with returnSecureToken). */
interface IdentityToolkitTokens {
  idToken: string;
  refreshToken: string;
  /** Seconds, as a decimal string. */
  expiresIn: string;
}

interface SecureTokenAnswer {
  id_token: string;
  refresh_token: string;
  expires_in: string;
}

/** One accounts:<method> call of the Identity Toolkit, asking for tokens. */
async function identityToolkit(settings: FirebaseSettings, method: 'signUp' | 'signInWithPassword' | 'update', body: object): Promise<FirebaseTokens> {
  const sentAt = Date.now();
  const answer = await call<IdentityToolkitTokens>(settings, 'identitytoolkit.googleapis.com', `/v1/accounts:${method}`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, returnSecureToken: true }),
  });
  return { idToken: answer.idToken, refreshToken: answer.refreshToken, refreshAt: refreshAt(sentAt, Number(answer.expiresIn) * 1000) };
}

/**
 * `https://<host><path>` on Google's hosts; with a base URL in the emulator's
 * layout the host becomes the first path segment (`<authUrl>/<host><path>`),
 * as the SDK's connectAuthEmulator does.
 */
function endpoint(settings: FirebaseSettings, host: string, path: string): string {
  const base = settings.authUrl === null ? `https://${host}` : `${settings.authUrl}/${host}`;
  return `${base}${path}?key=${encodeURIComponent(settings.apiKey)}`;
}

async function call<T>(settings: FirebaseSettings, host: string, path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(endpoint(settings, host, path), { ...init, method: 'POST' });
  } catch {
    throw new FirebaseAuthError(0, 'NETWORK');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok || body === undefined) throw fromFirebaseAnswer(response.status, body);
  return body as T;
}
