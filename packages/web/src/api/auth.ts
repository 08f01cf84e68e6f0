import { request } from './client.js';
import type { FirebaseSettings } from './firebase-auth.js';

export interface User {
  userId: string;
  email: string | null;
  displayName: string | null;
}

/** How the server signs people in (GET /api/auth/config); the sign-in page follows it. */
export type AuthSettings = { mode: 'local' | 'oidc' | 'dev' } | { mode: 'firebase'; firebase: FirebaseSettings };

export function authSettings(): Promise<AuthSettings> {
  return request<AuthSettings>('GET', '/api/auth/config');
}

/**
 * Who is signed in, or null when nobody is. Asks the route that answers a
 * signed-out visitor with 200 rather than /api/auth/me's 401, which the
 * browser would log as a failed request on every signed-out page load.
 * Other failures reject.
 */
export async function currentUser(): Promise<User | null> {
  return (await request<{ user: User | null }>('GET', '/api/auth/session')).user;
}

/** Creates a local account and signs in (the server sets the session cookie). */
export async function signUp(input: { email: string; password: string; displayName?: string }): Promise<User> {
  return (await request<{ user: User }>('POST', '/api/auth/signup', input)).user;
}

export async function signIn(input: { email: string; password: string }): Promise<User> {
  return (await request<{ user: User }>('POST', '/api/auth/signin', input)).user;
}

/**
 * Hands an identity provider's ID token to the server, which verifies it and
 * makes it the session cookie until the token expires (POST /api/auth/session).
 */
export async function startSession(idToken: string): Promise<User> {
  return (await request<{ user: User }>('POST', '/api/auth/session', { idToken })).user;
}

export async function signOut(): Promise<void> {
  await request<void>('POST', '/api/auth/signout');
}
