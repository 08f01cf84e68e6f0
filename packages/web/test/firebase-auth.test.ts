import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtVerifier, firebaseProfile } from '../../server/src/auth/jwt-verifier.js';
import { FirebaseAuthError } from '../src/api/firebase-auth-error.js';
import {
  REFRESH_LEAD_MS,
  refreshAt,
  refreshIdToken,
  setDisplayName,
  signInWithPassword,
  signUpWithPassword,
  type FirebaseSettings,
} from '../src/api/firebase-auth.js';
import { FakeFirebaseAuth } from './support/fake-firebase-auth.js';

const PROJECT = 'writersroom-web-test';

/** The page's Firebase REST client, run in Node against the stand-in, its tokens checked by the server's own verifier. */
describe('the Firebase REST client against a stand-in for Google', () => {
  let firebase: FakeFirebaseAuth;
  let settings: FirebaseSettings;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    firebase = await FakeFirebaseAuth.start({ projectId: PROJECT, apiKey: 'test-web-api-key' });
    settings = { apiKey: firebase.apiKey, projectId: PROJECT, authUrl: firebase.url };
    verifier = new JwtVerifier(firebaseProfile({ projectId: PROJECT, keysUrl: firebase.keysUrl }));
  });
  afterAll(() => firebase.close());

  it('signs up, names the account and signs in, each time with an ID token the server accepts', async () => {
    const created = await signUpWithPassword(settings, { email: 'Ada@example.com', password: 'a long passphrase' });
    const first = await verifier.verify(created.idToken);
    expect(first).toMatchObject({ email: 'ada@example.com', emailVerified: false, displayName: null });

    const named = await setDisplayName(settings, created.idToken, 'Ada');
    expect(await verifier.verify(named.idToken)).toMatchObject({ subject: first.subject, displayName: 'Ada' });

    const signedIn = await signInWithPassword(settings, { email: 'ada@example.com', password: 'a long passphrase' });
    expect(await verifier.verify(signedIn.idToken)).toMatchObject({ subject: first.subject, displayName: 'Ada' });
  });

  it('exchanges the refresh token for a new ID token of the same account, due for renewal before it expires', async () => {
    await signUpWithPassword(settings, { email: 'ben@example.com', password: 'a long passphrase' });
    firebase.tokenLifetimeS = 20;
    try {
      const before = Date.now();
      const signedIn = await signInWithPassword(settings, { email: 'ben@example.com', password: 'a long passphrase' });
      const refreshes = firebase.refreshes;
      const refreshed = await refreshIdToken(settings, signedIn.refreshToken);
      expect(firebase.refreshes).toBe(refreshes + 1);
      const verified = await verifier.verify(refreshed.idToken);
      expect(verified).toMatchObject({ subject: (await verifier.verify(signedIn.idToken)).subject, email: 'ben@example.com' });
      // A 20 s token is renewed halfway, well before its exp.
      expect(refreshed.refreshAt).toBeGreaterThanOrEqual(before + 10_000);
      expect(refreshed.refreshAt).toBeLessThanOrEqual(Date.now() + 10_000);
      expect(refreshed.refreshAt).toBeLessThan(verified.expiresAt.getTime());
      // The refresh token it hands back works in turn.
      await verifier.verify((await refreshIdToken(settings, refreshed.refreshToken)).idToken);
    } finally {
      firebase.tokenLifetimeS = 3600;
    }
  });

  it('renews an hour-long token five minutes before it expires, and a short one halfway', () => {
    expect(refreshAt(1_000_000, 3600_000)).toBe(1_000_000 + 3600_000 - REFRESH_LEAD_MS);
    expect(refreshAt(1_000_000, 20_000)).toBe(1_010_000);
  });

  it('tells refusals in plain words, keeping Google’s code', async () => {
    await signUpWithPassword(settings, { email: 'cy@example.com', password: 'a long passphrase' });
    const revoked = await signInWithPassword(settings, { email: 'cy@example.com', password: 'a long passphrase' });
    firebase.revokeRefreshTokens('cy@example.com');
    const cases: Array<[Promise<unknown>, string, RegExp]> = [
      [signUpWithPassword(settings, { email: 'cy@example.com', password: 'another passphrase' }), 'EMAIL_EXISTS', /already exists/],
      [signInWithPassword(settings, { email: 'cy@example.com', password: 'not the password' }), 'INVALID_LOGIN_CREDENTIALS', /^Wrong email or password\.$/],
      [signInWithPassword(settings, { email: 'nobody@example.com', password: 'not the password' }), 'INVALID_LOGIN_CREDENTIALS', /^Wrong email or password\.$/],
      [signUpWithPassword(settings, { email: 'dee@example.com', password: '12345' }), 'WEAK_PASSWORD', /at least 6 characters/],
      [refreshIdToken(settings, revoked.refreshToken), 'TOKEN_EXPIRED', /Sign in again/],
      [refreshIdToken(settings, 'made-up'), 'INVALID_REFRESH_TOKEN', /Sign in again/],
      [signInWithPassword({ ...settings, apiKey: 'wrong-key' }, { email: 'cy@example.com', password: 'a long passphrase' }), 'API key not valid. Please pass a valid API key.', /refused/],
    ];
    for (const [attempt, code, message] of cases) {
      const error = await attempt.then(() => undefined, (thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(FirebaseAuthError);
      expect(error).toMatchObject({ code, status: 400, transient: false });
      expect((error as Error).message).toMatch(message);
    }
  });

  it('reports an unreachable service as a transient network failure', async () => {
    const closed = await FakeFirebaseAuth.start({ projectId: PROJECT, apiKey: 'k' });
    const url = closed.url;
    await closed.close();
    const error = await signInWithPassword({ ...settings, authUrl: url }, { email: 'ada@example.com', password: 'x' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'NETWORK', status: 0, transient: true, message: expect.stringMatching(/Cannot reach the sign-in service/) });
  });
});
