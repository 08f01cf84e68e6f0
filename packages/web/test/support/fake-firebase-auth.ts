import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, jwtVerify, type CryptoKey } from 'jose';
import type { FirebaseAuthConfig } from '../../../server/src/config.js';
import { TestKeyServer, signToken, type TestSigningKey } from '../../../server/test/support/test-key-server.js';

/**
 * Test support only: a stand-in for Google's auth REST API on 127.0.0.1, in
 * the Firebase emulator's URL layout (`<url>/identitytoolkit.googleapis.com/v1/accounts:signUp`),
 * for email and password accounts: accounts:signUp, accounts:signInWithPassword,
 * accounts:update (display name) and the Secure Token refresh. It issues RS256
 * ID tokens with Firebase's claims, signed by a key it publishes as a JWKS
 * (point FIREBASE_KEYS_URL at `keysUrl`), and answers errors in Google's shape.
 * Pages call it cross-origin, so it speaks CORS. Passwords are kept in memory
 * as given: nothing here is fit for anything but tests.
 */

interface Account {
  uid: string;
  email: string;
  password: string;
  displayName: string | null;
  /** Seconds since the epoch of the last sign-in with the password; refreshed tokens keep it. */
  authTime: number;
}

type Answer = { status: number; body: unknown };

const refuse = (message: string): Answer => ({ status: 400, body: { error: { code: 400, message, errors: [{ message, domain: 'global', reason: 'invalid' }] } } });

export class FakeFirebaseAuth {
  /** Lifetime of the ID tokens issued from now on, in seconds (Google's: 3600). */
  tokenLifetimeS = 3600;
  /** Token refreshes answered with a new ID token so far. */
  refreshes = 0;

  private readonly accounts = new Map<string, Account>();
  private readonly refreshTokens = new Map<string, { uid: string; revoked: boolean }>();
  private readonly server: Server = createServer((request, response) => void this.handle(request, response));
  private port = 0;

  readonly projectId: string;
  readonly apiKey: string;
  private readonly keys: TestKeyServer;
  private readonly key: TestSigningKey;
  private readonly publicKey: CryptoKey;

  private constructor(parts: { projectId: string; apiKey: string; keys: TestKeyServer; key: TestSigningKey; publicKey: CryptoKey }) {
    ({ projectId: this.projectId, apiKey: this.apiKey, keys: this.keys, key: this.key, publicKey: this.publicKey } = parts);
  }

  static async start(options: { projectId: string; apiKey: string }): Promise<FakeFirebaseAuth> {
    const keys = await TestKeyServer.start();
    const key = await keys.addKey('fake-firebase-1');
    const publicKey = (await importJWK(key.publicJwk, 'RS256')) as CryptoKey;
    const instance = new FakeFirebaseAuth({ ...options, keys, key, publicKey });
    await new Promise<void>((resolve) => instance.server.listen(0, '127.0.0.1', resolve));
    instance.port = (instance.server.address() as AddressInfo).port;
    return instance;
  }

  /** The base URL, as FIREBASE_AUTH_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where the signing key is published, as FIREBASE_KEYS_URL. */
  get keysUrl(): string {
    return this.keys.url;
  }

  /** The server's AUTH_MODE=firebase settings pointing at this stand-in. */
  serverAuthConfig(): FirebaseAuthConfig {
    return { mode: 'firebase', projectId: this.projectId, keysUrl: this.keysUrl, apiKey: this.apiKey, authUrl: this.url };
  }

  /** Makes every refresh token of the account fail with TOKEN_EXPIRED, as a password change or a revocation does. */
  revokeRefreshTokens(email: string): void {
    const uid = this.accounts.get(email.toLowerCase())?.uid;
    for (const grant of this.refreshTokens.values()) if (grant.uid === uid) grant.revoked = true;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
    await this.keys.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const cors = {
      'access-control-allow-origin': request.headers.origin ?? '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'content-type',
      vary: 'origin',
    };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    const answer = await this.answer(request).catch((error: unknown): Answer => ({ status: 500, body: { error: { code: 500, message: String(error) } } }));
    response.writeHead(answer.status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  }

  private async answer(request: IncomingMessage): Promise<Answer> {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method !== 'POST') return { status: 404, body: { error: { code: 404, message: 'Not Found' } } };
    if (url.searchParams.get('key') !== this.apiKey) return refuse('API key not valid. Please pass a valid API key.');
    const body = await readBody(request);
    switch (url.pathname) {
      case '/identitytoolkit.googleapis.com/v1/accounts:signUp':
        return this.signUp(body);
      case '/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword':
        return this.signInWithPassword(body);
      case '/identitytoolkit.googleapis.com/v1/accounts:update':
        return this.update(body);
      case '/securetoken.googleapis.com/v1/token':
        return this.refresh(body);
      default:
        return { status: 404, body: { error: { code: 404, message: `No method ${url.pathname}` } } };
    }
  }

  private async signUp(body: Record<string, unknown>): Promise<Answer> {
    const { email, password } = body;
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return refuse('INVALID_EMAIL');
    if (typeof password !== 'string' || password === '') return refuse('MISSING_PASSWORD');
    if (password.length < 6) return refuse('WEAK_PASSWORD : Password should be at least 6 characters');
    if (this.accounts.has(email.toLowerCase())) return refuse('EMAIL_EXISTS');
    const account: Account = { uid: randomBytes(14).toString('hex'), email: email.toLowerCase(), password, displayName: null, authTime: nowS() };
    this.accounts.set(account.email, account);
    return { status: 200, body: { kind: 'identitytoolkit#SignupNewUserResponse', email: account.email, localId: account.uid, ...(await this.tokensFor(account)) } };
  }

  private async signInWithPassword(body: Record<string, unknown>): Promise<Answer> {
    const { email, password } = body;
    if (typeof email !== 'string' || email === '') return refuse('INVALID_EMAIL');
    if (typeof password !== 'string' || password === '') return refuse('MISSING_PASSWORD');
    const account = this.accounts.get(email.toLowerCase());
    // As with email enumeration protection on: an unknown email and a wrong password look alike.
    if (!account || account.password !== password) return refuse('INVALID_LOGIN_CREDENTIALS');
    account.authTime = nowS();
    return {
      status: 200,
      body: {
        kind: 'identitytoolkit#VerifyPasswordResponse',
        localId: account.uid,
        email: account.email,
        displayName: account.displayName ?? '',
        registered: true,
        ...(await this.tokensFor(account)),
      },
    };
  }

  private async update(body: Record<string, unknown>): Promise<Answer> {
    const account = typeof body.idToken === 'string' ? await this.accountOfIdToken(body.idToken) : undefined;
    if (!account) return refuse('INVALID_ID_TOKEN');
    if (typeof body.displayName === 'string') account.displayName = body.displayName;
    const tokens = body.returnSecureToken === true ? await this.tokensFor(account) : {};
    return {
      status: 200,
      body: { kind: 'identitytoolkit#SetAccountInfoResponse', localId: account.uid, email: account.email, displayName: account.displayName, emailVerified: false, ...tokens },
    };
  }

  private async refresh(body: Record<string, unknown>): Promise<Answer> {
    if (body.grant_type !== 'refresh_token') return refuse('INVALID_GRANT_TYPE');
    const grant = typeof body.refresh_token === 'string' ? this.refreshTokens.get(body.refresh_token) : undefined;
    if (grant === undefined) return refuse('INVALID_REFRESH_TOKEN');
    const account = this.accountOf(grant.uid);
    if (grant.revoked || !account) return refuse('TOKEN_EXPIRED');
    const tokens = await this.tokensFor(account);
    this.refreshes += 1;
    return {
      status: 200,
      body: {
        access_token: tokens.idToken,
        id_token: tokens.idToken,
        expires_in: tokens.expiresIn,
        token_type: 'Bearer',
        refresh_token: tokens.refreshToken,
        user_id: account.uid,
        project_id: this.projectId,
      },
    };
  }

  /** A new ID token and refresh token, in the Identity Toolkit's field names. */
  private async tokensFor(account: Account): Promise<{ idToken: string; refreshToken: string; expiresIn: string }> {
    const iat = nowS();
    const idToken = await signToken(
      {
        iss: `https://securetoken.google.com/${this.projectId}`,
        aud: this.projectId,
        sub: account.uid,
        user_id: account.uid,
        auth_time: account.authTime,
        iat,
        exp: iat + this.tokenLifetimeS,
        email: account.email,
        email_verified: false,
        ...(account.displayName ? { name: account.displayName } : {}),
        firebase: { identities: { email: [account.email] }, sign_in_provider: 'password' },
      },
      this.key,
    );
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, { uid: account.uid, revoked: false });
    return { idToken, refreshToken, expiresIn: String(this.tokenLifetimeS) };
  }

  /** The account named by an unexpired ID token this stand-in signed. */
  private async accountOfIdToken(idToken: string): Promise<Account | undefined> {
    try {
      const { payload } = await jwtVerify(idToken, this.publicKey, { issuer: `https://securetoken.google.com/${this.projectId}`, audience: this.projectId });
      return typeof payload.sub === 'string' ? this.accountOf(payload.sub) : undefined;
    } catch {
      return undefined;
    }
  }

  private accountOf(uid: string): Account | undefined {
    return [...this.accounts.values()].find((account) => account.uid === uid);
  }
}

function nowS(): number {
  return Math.floor(Date.now() / 1000);
}

/** A JSON body (Identity Toolkit) or a form body (Secure Token), as an object. */
async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
