import type { User } from '../api/auth.js';

const KEY = 'writersroom/last-user';

/**
 * Who was last signed in in this browser, so the offline app shell can open
 * the scripts kept here when the server cannot say who is signed in. Forgotten
 * as soon as the server says nobody is (signing out included).
 */
export function rememberUser(user: User): void {
  localStorage.setItem(KEY, JSON.stringify(user));
}

export function forgetUser(): void {
  localStorage.removeItem(KEY);
}

/** The last signed-in user, or null (none, or storage unreadable). */
export function lastUser(): User | null {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<User> | null;
    return typeof stored?.userId === 'string' ? { userId: stored.userId, email: stored.email ?? null, displayName: stored.displayName ?? null } : null;
  } catch {
    return null;
  }
}
