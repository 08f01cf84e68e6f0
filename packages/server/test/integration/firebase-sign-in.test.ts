import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@writersroom/protocol';
import { firebaseProfile } from '../../src/auth/jwt-verifier.js';
import { openRawSocket } from '../support/raw-socket.js';
import { TestKeyServer, signToken, validClaims, type TestSigningKey } from '../support/test-key-server.js';
import { openTestStorage, startTestServer, type TestServer, type TestStorage } from '../support/test-server.js';

const PROJECT = 'writersroom-test';

describe('signing in with Firebase ID tokens (AUTH_MODE=firebase)', () => {
  let db: TestStorage;
  let keys: TestKeyServer;
  let key: TestSigningKey;
  let server: TestServer;
  const profile = firebaseProfile({ projectId: PROJECT });

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    keys = await TestKeyServer.start();
    key = await keys.addKey('key-1');
    server = await startTestServer(db.storage, { auth: { mode: 'firebase', projectId: PROJECT, keysUrl: keys.url } });
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
});
