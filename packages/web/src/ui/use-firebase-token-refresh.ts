import { useEffect } from 'react';
import { ApiError } from '../api/client.js';
import type { FirebaseSettings } from '../api/firebase-auth.js';
import { renewFirebaseSession, storedRefreshAt } from '../api/firebase-session.js';

/** Pause before trying again when Google or the server could not be reached; the lead before expiry leaves room for several. */
export const RETRY_REFRESH_MS = 30_000;

/**
 * Keeps a Firebase sign-in's session cookie valid while someone is signed in:
 * shortly before each ID token expires, fetches the next one and hands it to
 * the server, so REST calls and the next socket (re)connect keep working.
 * An open socket is unaffected: the server checks the cookie at the upgrade.
 * When the sign-in cannot be renewed (refused: account disabled, password
 * changed; or signed out in another tab, which took the refresh token) it calls
 * `onEnded`; an unreachable service is retried.
 */
export function useFirebaseTokenRefresh(settings: FirebaseSettings | null, signedIn: boolean, onEnded: () => void): void {
  useEffect(() => {
    // Signed in, but no refresh token stored (site data cleared): nothing to renew with; the cookie runs out.
    const first = settings && signedIn ? storedRefreshAt() : null;
    if (!settings || first === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const renewAt = (at: number) => {
      timer = setTimeout(() => void renew(), Math.max(0, at - Date.now()));
    };
    const renew = async () => {
      try {
        const renewed = await renewFirebaseSession(settings);
        if (!live) return;
        if (renewed) renewAt(renewed.refreshAt);
        else onEnded();
      } catch (error) {
        if (!live) return;
        if (error instanceof ApiError && error.transient) renewAt(Date.now() + RETRY_REFRESH_MS);
        else onEnded();
      }
    };
    renewAt(first);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [settings, signedIn, onEnded]);
}
