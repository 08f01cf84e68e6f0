import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { currentUser, signOut as apiSignOut, type User } from '../api/auth.js';
import { messageOf } from '../api/client.js';

interface Session {
  /** undefined while the first /api/auth/me is in flight; null when nobody is signed in. */
  user: User | null | undefined;
  /** Set when the server could not say who is signed in (not for "nobody"). */
  error: string | null;
  signedIn(user: User): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Holds who is signed in; asks the server once on load (the cookie is invisible to scripts). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    currentUser().then(
      (found) => live && setUser(found),
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

  const signOut = useCallback(async () => {
    await apiSignOut();
    setUser(null);
  }, []);
  const value = useMemo<Session>(() => ({ user, error, signedIn: setUser, signOut }), [user, error, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
