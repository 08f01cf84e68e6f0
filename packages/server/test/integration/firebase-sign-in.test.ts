import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@writersroom/protocol';
import type { JWTPayload } from 'jose';
import { authFromConfig } from '../../src/auth/auth-from-config.js';
import { firebaseProfile } from '../../src/auth/jwt-verifier.js';
import type { Config } from '../../src/config.js';
import { openRawSocket } from '../support/raw-socket.js';
import { TestKeyServer, signToken, validClaims, type TestSigningKey } from '../support/test-key-server.js';
import { openTestStorage, startTestServer, testConfig, type TestServer, type TestStorage } from '../support/test-server.js';

const PROJECT = 'writersroom-test';

describe('signing in with Firebase ID tokens (AUTH_MODE=firebase)', () => {
  let db: TestStorage;
  let keys: TestKeyServer;
  let key: TestSigningKey;
  let server: TestServer;
  /** Tokens the server was told to forget (sign-out), in order. */
  const forgotten: string[] = [];
  const profile = firebaseProfile({ projectId: PROJECT });

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    keys = await TestKeyServer.start();
    key = await keys.addKey('key-1');
    const overrides: Partial<Config> = {
      auth: { mode: 'firebase', projectId: PROJECT, keysUrl: keys.url, apiKey: 'test-api-key', authUrl: 'http://127.0.0.1:9099' },
    };
    const auth = authFromConfig(testConfig(overrides), db.storage);
    const forgetToken = (token: string) => {
      forgotten.push(token);
      auth.forgetToken(token);
    };
    server = await startTestServer(db.storage, overrides, { auth: { ...auth, forgetToken } });
  });
  afterAll(async () => {
    await server.close();
    await keys.close();
    await db.cleanup();
  });

  const me = (token: string) => fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });

  it('provisions the user on first sight and serves REST and sockets; a repeated token costs no key fetch', async () => {
    const token = await signToken(validClaims(profile, Date.now(), 'firebase-uid-42'), key);
    const first = await me(token);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ user: { email: 'ada@example.com', displayName: 'Ada' } });
    const user = await db.storage.findUserByEmail('ada@example.com');
    expect(user?.firebaseUid).toBe('firebase:firebase-uid-42');

    const created = await fetch(`${server.url}/api/scripts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Firebase Draft' }),
    });
    const { scriptId } = ((await created.json()) as { script: { scriptId: string } }).script;
    const socket = await openRawSocket(`${server.wsBase}/${scriptId}?token=${encodeURIComponent(token)}`);
    expect((await socket.next())[0]).toBe(0);
    socket.ws.close();
    expect(keys.requests).toBe(1);
  });

  it('refuses expired, tampered and wrong-project tokens with 401 and 4001', async () => {
    const now = Date.now();
    const expired = await signToken({ ...validClaims(profile, now - 7200_000), exp: Math.floor(now / 1000) - 10 }, key);
    const valid = await signToken(validClaims(profile, now), key);
    const tampered = `${valid.slice(0, valid.lastIndexOf('.') + 1)}${'A'.repeat(valid.length - valid.lastIndexOf('.') - 1)}`;
    const otherProject = await signToken({ ...validClaims(profile, now), aud: 'someone-else' }, key);
    for (const token of [expired, tampered, otherProject]) {
      const response = await me(token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('WR_ERR_UNAUTHENTICATED');
      const socket = await openRawSocket(`${server.wsBase}/00000000-0000-4000-8000-000000000000?token=${encodeURIComponent(token)}`);
      expect((await socket.closed).code).toBe(CloseCode.Unauthenticated);
    }
  });

  const exchange = (idToken: string, origin: string | undefined = server.url) =>
    fetch(`${server.url}/api/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: JSON.stringify({ idToken }),
    });
  const cookieOf = (response: Response) => response.headers.get('set-cookie')?.split(';')[0] ?? '';
  const claimsFor = (sub: string, email: string, name: string, nowMs = Date.now()): JWTPayload => ({ ...validClaims(profile, nowMs, sub), email, name });

  it('tells the sign-in page the project, its web API key and the auth endpoints', async () => {
    const response = await fetch(`${server.url}/api/auth/config`);
    expect(await response.json()).toEqual({
      mode: 'firebase',
      firebase: { apiKey: 'test-api-key', projectId: PROJECT, authUrl: 'http://127.0.0.1:9099' },
    });
  });

  it('exchanges an ID token for an HttpOnly cookie that expires with it and serves REST and sockets of its own origin', async () => {
    const claims = claimsFor('uid-grace', 'grace@example.com', 'Grace');
    const token = await signToken(claims, key);
    const response = await exchange(token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { userId: string; email: string; displayName: string }; expiresAt: string };
    expect(body).toMatchObject({ user: { email: 'grace@example.com', displayName: 'Grace' }, expiresAt: new Date(claims.exp! * 1000).toISOString() });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(cookieOf(response)).toBe(`wr_session=${token}`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toContain(`Expires=${new Date(claims.exp! * 1000).toUTCString()}`);
    expect(setCookie).not.toMatch(/Secure/i);

    const headers = { cookie: cookieOf(response), origin: server.url };
    const me = await fetch(`${server.url}/api/auth/me`, { headers });
    expect(((await me.json()) as { user: { userId: string } }).user.userId).toBe(body.user.userId);
    const created = await fetch(`${server.url}/api/scripts`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Cookie Draft' }),
    });
    expect(created.status).toBe(201);
    const { scriptId } = ((await created.json()) as { script: { scriptId: string } }).script;
    const socket = await openRawSocket(`${server.wsBase}/${scriptId}`, { headers });
    expect((await socket.next())[0]).toBe(0);
    socket.ws.close();
  });

  it('refuses expired, tampered and wrong-project tokens for a cookie with 401, setting nothing', async () => {
    const now = Date.now();
    const expired = await signToken({ ...claimsFor('uid-late', 'late@example.com', 'Late', now - 7200_000), exp: Math.floor(now / 1000) - 10 }, key);
    const valid = await signToken(claimsFor('uid-late', 'late@example.com', 'Late'), key);
    const tampered = `${valid.slice(0, valid.lastIndexOf('.') + 1)}${'A'.repeat(valid.length - valid.lastIndexOf('.') - 1)}`;
    const otherProject = await signToken({ ...claimsFor('uid-late', 'late@example.com', 'Late'), aud: 'someone-else' }, key);
    for (const token of [expired, tampered, otherProject, 'not a token']) {
      const response = await exchange(token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('WR_ERR_UNAUTHENTICATED');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect(await db.storage.findUserByEmail('late@example.com')).toBeUndefined();
    const missing = await fetch(`${server.url}/api/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(400);
  });

  it('refuses a session planted by a page of another origin with 403, setting nothing and provisioning nobody', async () => {
    const token = await signToken(claimsFor('uid-mallory', 'mallory@example.com', 'Mallory'), key);
    const response = await exchange(token, 'https://evil.example');
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('WR_ERR_FORBIDDEN');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await db.storage.findUserByEmail('mallory@example.com')).toBeUndefined();
    // A client that sends no Origin (not a browser page) is no cross-site threat.
    expect((await exchange(token, undefined)).status).toBe(200);
  });

  it('signing out clears the cookie and makes the server forget the token', async () => {
    const token = await signToken(claimsFor('uid-hopper', 'hopper@example.com', 'Grace H'), key);
    const headers = { cookie: cookieOf(await exchange(token)), origin: server.url };
    const signOut = await fetch(`${server.url}/api/auth/signout`, { method: 'POST', headers });
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get('set-cookie')).toMatch(/^wr_session=;.*Max-Age=0/i);
    expect(forgotten.at(-1)).toBe(token);
  });
});
