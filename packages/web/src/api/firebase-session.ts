import { signOut, startSession, type User } from './auth.js';
import { ApiError } from './client.js';
import {
  refreshIdToken,
  setDisplayName,
  signInWithPassword,
  signUpWithPassword,
  type FirebaseSettings,
  type FirebaseTokens,
} from './firebase-auth.js';

/**
 * A Firebase sign-in as this site keeps it: the ID token lives only in the
 * HttpOnly session cookie (the server sets it from POST /api/auth/session);
 * the refresh token stays in this browser's localStorage, so that the page can
 * fetch the next ID token before the cookie expires, and sign the writer back
 * in after the browser was closed for longer than a token lives.
 */

const STORAGE_KEY = 'writersroom.firebase-session';

interface StoredSession {
  refreshToken: string;
  /** When to fetch the next ID token, ms since the epoch. */
  refreshAt: number;
}

export async function signInWithFirebase(settings: FirebaseSettings, input: { email: string; password: string }): Promise<User> {
  return establish(await signInWithPassword(settings, input));
}

/** Creates the account at Firebase, names it when a name is given, and signs in. */
export async function signUpWithFirebase(
  settings: FirebaseSettings,
  input: { email: string; password: string; displayName?: string },
): Promise<User> {
  const created = await signUpWithPassword(settings, { email: input.email, password: input.password });
  // The account exists by now: failing to name it must not fail the sign-up (the name is optional).
  const named = input.displayName ? await setDisplayName(settings, created.idToken, input.displayName).catch(() => created) : created;
  return establish(named);
}

/**
 * Fetches the next ID token with the stored refresh token and makes it the
 * session cookie. Resolves with when to do so again, or null when this browser
 * holds no refresh token (signed out in another tab). Rejects with a
 * FirebaseAuthError or ApiError; `transient` ones are worth retrying.
 */
export async function renewFirebaseSession(settings: FirebaseSettings): Promise<{ user: User; refreshAt: number } | null> {
  const stored = storedSession();
  if (!stored) return null;
  const signOutsBefore = signOuts;
  const tokens = await refreshIdToken(settings, stored.refreshToken);
  // Signed out while Google answered: the renewal must not sign the writer back in (a shared computer).
  if (signOuts !== signOutsBefore) return null;
  const user = await startSession(tokens.idToken);
  if (signOuts !== signOutsBefore) {
    // The cookie was set after the sign-out cleared it: clear it again.
    await signOut().catch(() => undefined);
    return null;
  }
  keep(tokens);
  return { user, refreshAt: tokens.refreshAt };
}

/**
 * Signs the writer back in when the cookie has expired but a refresh token is
 * stored. Null when there is none or it was refused (and is then forgotten);
 * rejects only when the services could not be reached.
 */
export async function resumeFirebaseSession(settings: FirebaseSettings): Promise<User | null> {
  try {
    return (await renewFirebaseSession(settings))?.user ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.transient) throw error;
    forgetFirebaseSession();
    return null;
  }
}

/** When the stored session's ID token is due for replacement; null when none is stored. */
export function storedRefreshAt(): number | null {
  return storedSession()?.refreshAt ?? null;
}

/** Sign-outs in this page so far: a renewal that started before one must not finish. */
let signOuts = 0;

/** Sign-out: this browser keeps no way to sign in again. */
export function forgetFirebaseSession(): void {
  signOuts += 1;
  localStorage.removeItem(STORAGE_KEY);
}

/** Turns the ID token into the session cookie, then keeps the refresh token (never before the server accepted it). */
async function establish(tokens: FirebaseTokens): Promise<User> {
  const user = await startSession(tokens.idToken);
  keep(tokens);
  return user;
}

function keep(tokens: FirebaseTokens): void {
  const stored: StoredSession = { refreshToken: tokens.refreshToken, refreshAt: tokens.refreshAt };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
}

function storedSession(): StoredSession | null {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<StoredSession> | null;
    return typeof stored?.refreshToken === 'string' && typeof stored.refreshAt === 'number'
      ? { refreshToken: stored.refreshToken, refreshAt: stored.refreshAt }
      : null;
  } catch {
    return null;
  }
}
