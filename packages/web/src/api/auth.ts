import { ApiError, request } from './client.js';

export interface User {
  userId: string;
  email: string | null;
  displayName: string | null;
}

/** Who is signed in, or null when nobody is (401). Other failures reject. */
export async function currentUser(): Promise<User | null> {
  try {
    return (await request<{ user: User }>('GET', '/api/auth/me')).user;
  } catch (error) {
    if (error instanceof ApiError && error.unauthenticated) return null;
    throw error;
  }
}

/** Creates a local account and signs in (the server sets the session cookie). */
export async function signUp(input: { email: string; password: string; displayName?: string }): Promise<User> {
  return (await request<{ user: User }>('POST', '/api/auth/signup', input)).user;
}

export async function signIn(input: { email: string; password: string }): Promise<User> {
  return (await request<{ user: User }>('POST', '/api/auth/signin', input)).user;
}

export async function signOut(): Promise<void> {
  await request<void>('POST', '/api/auth/signout');
}
