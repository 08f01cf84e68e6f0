import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@writersroom/protocol';
import { openRawSocket } from '../support/raw-socket.js';
import { openTestStorage, startTestServer, type TestServer, type TestStorage } from '../support/test-server.js';

describe('local accounts (the embedded default)', () => {
  let db: TestStorage;
  let server: TestServer;

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    server = await startTestServer(db.storage, { auth: { mode: 'local', sessionTtlMs: 3600_000 }, signInLimit: { failures: 3, windowMs: 15 * 60_000 } });
  });
  afterAll(async () => {
    await server.close();
    await db.cleanup();
  });

  const postText = (route: string, text: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
  const post = (route: string, body: unknown, headers: Record<string, string> = {}) => postText(route, JSON.stringify(body), headers);
  const cookieOf = (response: Response) => response.headers.get('set-cookie')?.split(';')[0] ?? '';
  /** Rows in `users`, read beside the server: a user row left without its account is invisible to the API. */
  const countUsers = () => {
    if (db.location.kind !== 'sqlite') throw new Error('these tests run on SQLite');
    const sqlite = new BetterSqlite3(path.join(db.location.dataDir, 'writersroom.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return sqlite.prepare('select count(*) from users').pluck().get() as number;
    } finally {
      sqlite.close();
    }
  };

  it('signs up, and the session works as an HttpOnly cookie and as a Bearer token', async () => {
    const response = await post('/api/auth/signup', { email: 'Ada@Example.com', password: 'correct horse battery', displayName: 'Ada' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; user: { email: string } };
    expect(body.user.email).toBe('ada@example.com');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^wr_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const credentials: Array<Record<string, string>> = [{ cookie: cookieOf(response) }, { authorization: `Bearer ${body.token}` }];
    for (const headers of credentials) {
      const me = await fetch(`${server.url}/api/auth/me`, { headers });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe('ada@example.com');
    }
  });

  it('refuses a duplicate email in any case, a short password, and bad JSON, creating nothing', async () => {
    // Fails if a refused sign-up leaves anything behind: an account made before the password is checked, a user row kept when the email is taken.
    expect((await post('/api/auth/signup', { email: 'grace@example.com', password: 'a long enough password' })).status).toBe(201);
    const graceBefore = await db.storage.findLocalAccount('grace@example.com');
    const cases = [
      { body: { email: 'GRACE@example.com', password: 'another long password' }, status: 409, code: 'WR_ERR_CONFLICT' },
      { body: { email: 'new@example.com', password: 'short' }, status: 400, code: 'WR_ERR_INVALID_REQUEST' },
      { body: { email: 'not an email', password: 'a long enough password' }, status: 400, code: 'WR_ERR_INVALID_REQUEST' },
      { text: '{"email": "json@example.com", "password": "a long enough password"', status: 400, code: 'WR_ERR_INVALID_REQUEST' },
    ];
    for (const testCase of cases) {
      const { status, code } = testCase;
      const attempt = testCase.text ?? JSON.stringify(testCase.body);
      const usersBefore = countUsers();
      const response = await postText('/api/auth/signup', attempt);
      expect({ status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code }, attempt).toEqual({ status, code });
      expect(countUsers(), attempt).toBe(usersBefore);
    }
    expect(await db.storage.findLocalAccount('new@example.com')).toBeUndefined();
    expect(await db.storage.findLocalAccount('json@example.com')).toBeUndefined();
    expect(await db.storage.findUserByEmail('new@example.com')).toBeUndefined();
    expect(await db.storage.findUserByEmail('json@example.com')).toBeUndefined();
    // Grace's account is as it was: the refused sign-up neither replaced her password nor gave its own a way in.
    expect(await db.storage.findLocalAccount('grace@example.com')).toEqual(graceBefore);
    expect((await post('/api/auth/signin', { email: 'grace@example.com', password: 'another long password' })).status).toBe(401);
    expect((await post('/api/auth/signin', { email: 'grace@example.com', password: 'a long enough password' })).status).toBe(200);
    for (const credentials of [
      { email: 'new@example.com', password: 'short' },
      { email: 'json@example.com', password: 'a long enough password' },
    ]) {
      expect((await post('/api/auth/signin', credentials)).status, credentials.email).toBe(401);
    }
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    await post('/api/auth/signup', { email: 'hedy@example.com', password: 'frequency hopping' });
    const wrong = await post('/api/auth/signin', { email: 'hedy@example.com', password: 'not the password' });
    const unknown = await post('/api/auth/signin', { email: 'nobody@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect((await post('/api/auth/signin', { email: 'HEDY@example.com', password: 'frequency hopping' })).status).toBe(200);
  });

  it('[SY18] signing out revokes the session at once, cached or not, and closes its open sockets with 4001', async () => {
    const signup = await post('/api/auth/signup', { email: 'joan@example.com', password: 'enigma machine' });
    const { token } = (await signup.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const created = await post('/api/scripts', { title: 'Signals' }, auth);
    const { scriptId } = ((await created.json()) as { script: { scriptId: string } }).script;
    const socket = await openRawSocket(`${server.wsBase}/${scriptId}?token=${encodeURIComponent(token)}`);
    await socket.next();

    expect((await post('/api/auth/signout', {}, auth)).status).toBe(204);
    expect((await socket.closed).code).toBe(CloseCode.Unauthenticated);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: auth })).status).toBe(401);
    const again = await openRawSocket(`${server.wsBase}/${scriptId}?token=${encodeURIComponent(token)}`);
    expect((await again.closed).code).toBe(CloseCode.Unauthenticated);
  });

  it("tells a page who is signed in without a failing request, describing only the caller's own session", async () => {
    // Seen failing with the route answering the authenticator's 401 for nobody (the catch in routes.ts removed), and
    // with it answering { user: null } on every error, which let another site's page ask with this site's cookie.
    const signup = await post('/api/auth/signup', { email: 'mary@example.com', password: 'programmable looms', displayName: 'Mary' });
    const { token, user } = (await signup.json()) as { token: string; user: { userId: string } };
    const cookie = cookieOf(signup);
    const session = (headers: Record<string, string>) => fetch(`${server.url}/api/auth/session`, { headers });

    const anonymous: Array<Record<string, string>> = [{}, { cookie: 'wr_session=never-issued' }, { authorization: 'Bearer never-issued' }];
    for (const headers of anonymous) {
      const nobody = await session(headers);
      expect(nobody.status, JSON.stringify(headers)).toBe(200);
      expect(await nobody.json(), JSON.stringify(headers)).toEqual({ user: null });
    }
    const own: Array<Record<string, string>> = [{ cookie }, { cookie, origin: server.url }, { authorization: `Bearer ${token}` }];
    for (const headers of own) {
      const signedIn = await session(headers);
      expect(signedIn.status).toBe(200);
      expect(await signedIn.json()).toEqual({ user: { userId: user.userId, email: 'mary@example.com', displayName: 'Mary' } });
    }
    const foreign = await session({ cookie, origin: 'https://elsewhere.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(await foreign.json())).not.toContain('mary@example.com');
    // API clients keep the usual answer to a missing credential.
    expect((await fetch(`${server.url}/api/auth/me`)).status).toBe(401);

    expect((await post('/api/auth/signout', {}, { cookie })).status).toBe(204);
    expect(await (await session({ cookie })).json()).toEqual({ user: null });
  });

  it('drops the cookie of a browser whose session already ended, so its sign-out button still works', async () => {
    for (const cookie of ['wr_session=no-longer-valid', '']) {
      const response = await post('/api/auth/signout', {}, cookie ? { cookie } : {});
      expect(response.status, cookie || 'no cookie').toBe(204);
      expect(response.headers.get('set-cookie'), cookie || 'no cookie').toMatch(/^wr_session=; Max-Age=0/);
    }
  });

  it('[SY19] refuses a cookie-authenticated upgrade and POST from another origin, and accepts its own', async () => {
    const signup = await post('/api/auth/signup', { email: 'katherine@example.com', password: 'trajectory math' });
    const cookie = cookieOf(signup);
    const created = await post('/api/scripts', { title: 'Orbit' }, { cookie, origin: server.url });
    expect(created.status).toBe(201);
    const { scriptId } = ((await created.json()) as { script: { scriptId: string } }).script;

    const foreign = await post('/api/scripts', { title: 'Forged' }, { cookie, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);

    const { WebSocket } = await import('ws');
    const hijack = new WebSocket(`${server.wsBase}/${scriptId}`, { headers: { cookie, origin: 'https://evil.example' } });
    const received: unknown[] = [];
    hijack.on('message', (data) => received.push(data));
    const code = await new Promise<number>((resolve) => hijack.on('close', (c) => resolve(c)));
    expect(code).toBe(CloseCode.Forbidden);
    expect(received).toHaveLength(0);

    const own = new WebSocket(`${server.wsBase}/${scriptId}`, { headers: { cookie, origin: server.url } });
    const first = await new Promise<Buffer>((resolve, reject) => {
      own.once('message', (data: Buffer) => resolve(data));
      own.once('close', (c) => reject(new Error(`closed ${c}`)));
    });
    expect(first[0]).toBe(0);
    own.close();
  });

  it('refuses sign-ins to an account after three wrong passwords, the right one included, and says when to retry', async () => {
    // Fails if a lockout also refuses the account's sessions made before it (signing the writer out everywhere).
    const signup = await post('/api/auth/signup', { email: 'margaret@example.com', password: 'compiler pioneer' });
    expect(signup.status).toBe(201);
    const { token } = (await signup.json()) as { token: string };
    const cookie = cookieOf(signup);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await post('/api/auth/signin', { email: 'margaret@example.com', password: `guess ${attempt}` })).status).toBe(401);
    }
    const locked = await post('/api/auth/signin', { email: 'Margaret@example.com', password: 'compiler pioneer' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(await locked.json()).toEqual({
      error: { code: 'WR_ERR_TOO_MANY_ATTEMPTS', message: 'Too many failed sign-ins for this account; try again in 15 minutes.' },
    });
    // Nobody else is locked out, and the account's existing sessions are untouched.
    expect((await post('/api/auth/signup', { email: 'dorothy@example.com', password: 'orbital mechanics' })).status).toBe(201);
    expect((await post('/api/auth/signin', { email: 'dorothy@example.com', password: 'orbital mechanics' })).status).toBe(200);
    const sessions: Array<Record<string, string>> = [{ authorization: `Bearer ${token}` }, { cookie, origin: server.url }];
    for (const headers of sessions) {
      const me = await fetch(`${server.url}/api/auth/me`, { headers });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe('margaret@example.com');
      const created = await post('/api/scripts', { title: 'Written while locked out' }, headers);
      expect(created.status).toBe(201);
    }
    // Still locked: the sessions worked because they are sessions, not because the lock had lifted.
    expect((await post('/api/auth/signin', { email: 'margaret@example.com', password: 'compiler pioneer' })).status).toBe(429);
  });
});
