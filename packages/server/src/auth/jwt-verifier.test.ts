import { SignJWT, base64url, generateKeyPair, exportJWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JwtVerifier, firebaseProfile, oidcProfile, type JwtProfile, type JwtVerifierOptions } from './jwt-verifier.js';
import { TestKeyServer, generateSigningKey, signToken, validClaims, type TestSigningKey } from '../../test/support/test-key-server.js';
import { TokenRejectedError, type TokenRejection } from './token-verifier.js';

const T0 = Date.UTC(2030, 0, 1);
const NOW_S = T0 / 1000;

let server: TestKeyServer;
let k1: TestSigningKey;
/** Same kid as k1, never published: what a forger would sign with. */
let rogue: TestSigningKey;

beforeAll(async () => {
  server = await TestKeyServer.start();
  k1 = await server.addKey('k1');
  rogue = await generateSigningKey('k1');
});
afterAll(() => server.close());
beforeEach(() => {
  server.published = [k1];
  server.cacheControl = 'public, max-age=600';
});

const PROFILES: Array<{ name: string; profile: () => JwtProfile }> = [
  { name: 'firebase', profile: () => firebaseProfile({ projectId: 'writersroom-test', keysUrl: server.url }) },
  { name: 'oidc', profile: () => oidcProfile({ issuer: 'https://id.example.com', audience: 'writersroom', jwksUrl: server.url }) },
];

/** A compact JWS put together by hand, for headers no honest signer would produce. */
function craft(header: object, payload: object, signature = 'c2lnbmF0dXJl'): string {
  const encode = (part: object) => base64url.encode(JSON.stringify(part));
  return `${encode(header)}.${encode(payload)}.${signature}`;
}

function without(claims: JWTPayload, name: string): JWTPayload {
  const { [name]: _dropped, ...rest } = claims;
  return rest;
}

async function reasonOf(promise: Promise<unknown>): Promise<TokenRejection | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (error instanceof TokenRejectedError) return error.reason;
    throw error;
  }
}

interface Case {
  title: string;
  reason: TokenRejection;
  token: (claims: JWTPayload) => Promise<string> | string;
  only?: 'firebase';
}

const CASES: Case[] = [
  { title: 'a token that is not three base64url parts', reason: 'malformed', token: () => 'not.a-jwt' },
  { title: 'a header that is not JSON', reason: 'malformed', token: () => `${base64url.encode('{alg')}.e30.c2ln` },
  { title: 'alg RS384 where only RS256 is allowed', reason: 'unsupported_algorithm', token: (c) => craft({ alg: 'RS384', kid: 'k1' }, c) },
  { title: 'alg none with an empty signature', reason: 'unsupported_algorithm', token: (c) => craft({ alg: 'none', kid: 'k1' }, c, '') },
  {
    title: 'HS256 keyed with the public key (algorithm confusion)',
    reason: 'unsupported_algorithm',
    token: (c) => new SignJWT(c).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(JSON.stringify(k1.publicJwk))),
  },
  { title: 'no kid although the key set has a single key', reason: 'missing_kid', token: (c) => signToken(c, k1, null) },
  { title: 'a kid the provider does not publish', reason: 'unknown_kid', token: (c) => signToken(c, k1, 'k-unknown') },
  { title: 'a signature by another key under a published kid', reason: 'bad_signature', token: (c) => signToken(c, rogue) },
  { title: 'a tampered payload', reason: 'bad_signature', token: async (c) => swapPayload(await signToken(c, k1), { ...c, sub: 'admin' }) },
  { title: 'another audience', reason: 'wrong_audience', token: (c) => signToken({ ...c, aud: 'other-project' }, k1) },
  { title: 'no audience', reason: 'wrong_audience', token: (c) => signToken(without(c, 'aud'), k1) },
  { title: 'another issuer', reason: 'wrong_issuer', token: (c) => signToken({ ...c, iss: 'https://evil.example.com' }, k1) },
  { title: 'an empty sub', reason: 'bad_subject', token: (c) => signToken({ ...c, sub: '' }, k1) },
  { title: 'a 129-character sub', reason: 'bad_subject', token: (c) => signToken({ ...c, sub: 'x'.repeat(129) }, k1) },
  { title: 'an exp one second ago', reason: 'expired', token: (c) => signToken({ ...c, exp: NOW_S - 1 }, k1) },
  { title: 'an exp of exactly now', reason: 'expired', token: (c) => signToken({ ...c, exp: NOW_S }, k1) },
  { title: 'no exp', reason: 'missing_exp', token: (c) => signToken(without(c, 'exp'), k1) },
  { title: 'a string exp', reason: 'missing_exp', token: (c) => signToken({ ...c, exp: 'tomorrow' as unknown as number }, k1) },
  { title: 'no iat', reason: 'missing_iat', token: (c) => signToken(without(c, 'iat'), k1) },
  { title: 'an iat 61 s ahead (skew is 60 s)', reason: 'issued_in_future', token: (c) => signToken({ ...c, iat: NOW_S + 61 }, k1) },
  { title: 'an nbf 61 s ahead', reason: 'issued_in_future', token: (c) => signToken({ ...c, nbf: NOW_S + 61 }, k1) },
  { title: 'an auth_time 61 s ahead', reason: 'auth_time_in_future', token: (c) => signToken({ ...c, auth_time: NOW_S + 61 }, k1) },
  { title: 'no auth_time', reason: 'missing_auth_time', token: (c) => signToken(without(c, 'auth_time'), k1), only: 'firebase' },
];

function swapPayload(token: string, payload: object): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
}

describe.each(PROFILES)('JwtVerifier, $name profile', ({ name, profile }) => {
  const verifier = (options: JwtVerifierOptions = {}) => new JwtVerifier(profile(), { clock: () => T0, ...options });
  const claims = () => validClaims(profile(), T0);

  it('accepts a valid token and prefixes the subject with the provider', async () => {
    const verified = await verifier().verify(await signToken(claims(), k1));
    expect(verified).toEqual({ subject: `${name}:writer-1`, email: 'ada@example.com', emailVerified: true, displayName: 'Ada', expiresAt: new Date(T0 + 3600_000) });
  });

  it.each(CASES.filter((c) => c.only === undefined || c.only === name))('refuses $title with $reason', async ({ reason, token }) => {
    expect(await reasonOf(verifier().verify(await token(claims())))).toBe(reason);
  });

  it('accepts a 128-character sub, an iat and auth_time 59 s ahead, and an email marked unverified', async () => {
    const token = await signToken({ ...claims(), sub: 'x'.repeat(128), iat: NOW_S + 59, auth_time: NOW_S + 59, email_verified: 'true' }, k1);
    const verified = await verifier().verify(token);
    expect(verified.subject).toBe(`${name}:${'x'.repeat(128)}`);
    expect(verified.emailVerified).toBe(false);
  });

  it('verifies a token signed with a newly published key after exactly one refetch', async () => {
    let now = T0;
    const v = verifier({ clock: () => now });
    await v.verify(await signToken(claims(), k1));
    const k2 = await server.addKey('k2');
    // The key set just fetched knows the provider's current keys; it asks again only after its cooldown (30 s).
    now += 30_000;
    await expect(v.verify(await signToken(claims(), k2))).resolves.toMatchObject({ subject: `${name}:writer-1` });
    expect(v.keySet.fetchCount).toBe(2);
    server.removeKey('k2');
  });

  it('fetches no keys for a token refused on its header', async () => {
    const v = verifier();
    await reasonOf(v.verify(craft({ alg: 'none', kid: 'k1' }, claims(), '')));
    await reasonOf(v.verify(await signToken(claims(), k1, null)));
    expect(v.keySet.fetchCount).toBe(0);
  });
});

describe('JwtVerifier profiles', () => {
  it('accepts a missing auth_time from an OIDC provider', async () => {
    const profile = PROFILES[1]!.profile();
    const token = await signToken(without(validClaims(profile, T0), 'auth_time'), k1);
    await expect(new JwtVerifier(profile, { clock: () => T0 }).verify(token)).resolves.toMatchObject({ subject: 'oidc:writer-1' });
  });

  it('lets an OIDC profile allow ES256 instead of RS256', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    server.published = [k1, { kid: 'ec1', privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: 'ec1', alg: 'ES256' } }];
    const profile = oidcProfile({ issuer: 'https://id.example.com', audience: 'writersroom', jwksUrl: server.url, algorithms: ['ES256'] });
    const v = new JwtVerifier(profile, { clock: () => T0 });
    const claims = validClaims(profile, T0);
    await expect(v.verify(await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'ec1' }).sign(privateKey))).resolves.toBeDefined();
    expect(await reasonOf(v.verify(await signToken(claims, k1)))).toBe('unsupported_algorithm');
  });

  it.each([[['HS256']], [['none']], [[]]])('refuses to build a verifier that allows %j', (algorithms) => {
    const profile = { ...PROFILES[1]!.profile(), algorithms: algorithms as JwtProfile['algorithms'] };
    expect(() => new JwtVerifier(profile)).toThrow(TypeError);
  });

  it('points a Firebase profile at Google and at the project', () => {
    expect(firebaseProfile({ projectId: 'p' })).toMatchObject({
      issuer: 'https://securetoken.google.com/p',
      audience: 'p',
      keysUrl: 'https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com',
      algorithms: ['RS256'],
    });
  });
});
