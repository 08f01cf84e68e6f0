import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { JwtProfile } from '../../src/auth/jwt-verifier.js';

/**
 * Test and benchmark support only (nothing in the server imports it): a stand-in for Google's or an
 * OIDC provider's JWKS endpoint on 127.0.0.1, whose keys, Cache-Control and failures the caller
 * controls, plus the signing half of those keys, shared by the verifier tests and
 * `npm run bench -- auth`.
 */

/** A key pair the server publishes (or used to), named by its kid. */
export interface TestSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A fresh RS256 key pair; about 50–200 ms of CPU, so tests make a few and reuse them. */
export async function generateSigningKey(kid: string): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

/** Claims a profile accepts at `nowMs`: issued a minute ago, expiring in an hour. */
export function validClaims(profile: JwtProfile, nowMs: number, sub = 'writer-1'): JWTPayload {
  const now = Math.floor(nowMs / 1000);
  return { iss: profile.issuer, aud: profile.audience, sub, iat: now - 60, exp: now + 3600, auth_time: now - 120, email: 'ada@example.com', email_verified: true, name: 'Ada' };
}

/** Signs claims as they are (nothing added), RS256, with `kid` in the header unless it is null. */
export function signToken(claims: JWTPayload, key: TestSigningKey, kid: string | null = key.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(kid === null ? { alg: 'RS256' } : { alg: 'RS256', kid }).sign(key.privateKey);
}

export class TestKeyServer {
  /** Keys listed in the JWKS, in order. */
  published: TestSigningKey[] = [];
  /** Cache-Control of the next responses; null sends none. */
  cacheControl: string | null = 'public, max-age=3600';
  /** When set, the next responses are this HTTP status with no body, as a failing provider would answer. */
  failWithStatus: number | undefined;
  /** Requests answered so far, failed ones included. */
  requests = 0;

  private readonly server: Server = createServer((_request, response) => this.answer(response));
  private port = 0;

  /** Use start(): a server that is not listening yet has no URL. */
  private constructor() {}

  /** Listens on 127.0.0.1, port 0 (any free one). */
  static async start(): Promise<TestKeyServer> {
    const instance = new TestKeyServer();
    await new Promise<void>((resolve) => instance.server.listen(0, '127.0.0.1', resolve));
    instance.port = (instance.server.address() as AddressInfo).port;
    return instance;
  }

  /** The JWKS document's address. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/jwks.json`;
  }

  /** Generates a key and starts publishing it next to the others (the first step of a rotation). */
  async addKey(kid: string): Promise<TestSigningKey> {
    const key = await generateSigningKey(kid);
    this.published.push(key);
    return key;
  }

  /** Stops publishing a key (the last step of a rotation). */
  removeKey(kid: string): void {
    this.published = this.published.filter((key) => key.kid !== kid);
  }

  async close(): Promise<void> {
    // fetch keeps connections alive; without this close() would wait for them to time out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private answer(response: ServerResponse): void {
    this.requests += 1;
    if (this.failWithStatus !== undefined) {
      response.writeHead(this.failWithStatus).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cacheControl !== null) headers['cache-control'] = this.cacheControl;
    response.writeHead(200, headers).end(JSON.stringify({ keys: this.published.map((key) => key.publicJwk) }));
  }
}
