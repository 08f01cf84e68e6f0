import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  authSettings,
  currentUser,
  signIn as localSignIn,
  signOut as apiSignOut,
  signUp as localSignUp,
  type AuthSettings,
  type User,
} from '../api/auth.js';
import { ApiError, messageOf } from '../api/client.js';
import { forgetFirebaseSession, resumeFirebaseSession, signInWithFirebase, signUpWithFirebase } from '../api/firebase-session.js';
import { forgetUser, lastUser, rememberUser } from '../offline/last-user.js';
import { useFirebaseTokenRefresh } from './use-firebase-token-refresh.js';

export interface Credentials {
  email: string;
  password: string;
}

interface Session {
  /** undefined while the first /api/auth/session is in flight; null when nobody is signed in. */
  user: User | null | undefined;
  /** Set when the server could not say who is signed in (not for "nobody"). */
  error: string | null;
  /** Signs in the way the server asks for (local account or Firebase); rejects with an error fit to show. */
  signIn(credentials: Credentials): Promise<void>;
  signUp(credentials: Credentials & { displayName?: string }): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Holds who is signed in and how this server signs people in; asks the server
 * once on load (the cookie is invisible to scripts). With Firebase it also
 * keeps the session cookie fresh, and signs the writer out of the page when it
 * cannot be renewed.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<AuthSettings | null>(null);
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadSession().then(
      (loaded) => {
        if (!live) return;
        setSettings(loaded.settings);
        setUser(loaded.user);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(messageOf(failure));
        setUser(null);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const firebase = settings?.mode === 'firebase' ? settings.firebase : null;
  const signIn = useCallback(
    async (credentials: Credentials) => setUser(firebase ? await signInWithFirebase(firebase, credentials) : await localSignIn(credentials)),
    [firebase],
  );
  const signUp = useCallback(
    async (credentials: Credentials & { displayName?: string }) =>
      setUser(firebase ? await signUpWithFirebase(firebase, credentials) : await localSignUp(credentials)),
    [firebase],
  );
  const signOut = useCallback(async () => {
    forgetFirebaseSession();
    await apiSignOut();
    setUser(null);
  }, []);
  const ended = useCallback(() => {
    forgetFirebaseSession();
    setUser(null);
    // The cookie may still be valid for a few minutes; drop it too. Failing (it expired already) changes nothing.
    apiSignOut().catch(() => undefined);
  }, []);
  useFirebaseTokenRefresh(firebase, Boolean(user), ended);
  // Not when the server could not be asked: an unreachable server says nothing about who is signed in.
  useEffect(() => {
    if (user) rememberUser(user);
    else if (user === null && !error) forgetUser();
  }, [user, error]);

  const value = useMemo<Session>(() => ({ user, error, signIn, signUp, signOut }), [user, error, signIn, signUp, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/**
 * The server's sign-in settings and who is signed in; with Firebase, an expired
 * cookie is renewed from the stored refresh token. When the server cannot be
 * reached, the last user signed in here (no settings): the offline app shell
 * opens their scripts from this browser, and the script's socket says
 * "Signed out" on reconnecting if the session ended meanwhile.
 */
async function loadSession(): Promise<{ settings: AuthSettings | null; user: User | null }> {
  const [settings, user] = await Promise.all([authSettings(), currentUser()]).catch((failure: unknown) => {
    const known = failure instanceof ApiError && failure.transient ? lastUser() : null;
    if (!known) throw failure;
    return [null, known] as const;
  });
  if (!settings) return { settings, user };
  if (user || settings.mode !== 'firebase') return { settings, user };
  return { settings, user: await resumeFirebaseSession(settings.firebase) };
}
