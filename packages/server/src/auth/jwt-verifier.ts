import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { RemoteKeySet, type RemoteKeySetOptions } from './remote-key-set.js';
import { TokenRejectedError, systemClock, type Clock, type TokenRejection, type TokenVerifier, type VerifiedToken } from './token-verifier.js';

/** Asymmetric JWS algorithms a profile may allow. `none` and the HMAC family are absent on purpose. */
export type SignatureAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519';

/** What distinguishes one identity provider's tokens from another's. Build one with firebaseProfile or oidcProfile. */
export interface JwtProfile {
  /** Prefix of VerifiedToken.subject (`firebase:<sub>`), so subjects of different issuers never collide. */
  provider: string;
  issuer: string;
  audience: string;
  keysUrl: string;
  algorithms: readonly SignatureAlgorithm[];
  /** Firebase ID tokens always carry auth_time; a generic OIDC token may not. */
  requireAuthTime: boolean;
}

export const GOOGLE_SECURETOKEN_JWKS_URL = 'https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com';

/** Firebase Authentication ID tokens of one project, as the Admin SDK checks them. */
export function firebaseProfile(options: { projectId: string; keysUrl?: string }): JwtProfile {
  return {
    provider: 'firebase',
    issuer: `https://securetoken.google.com/${options.projectId}`,
    audience: options.projectId,
    keysUrl: options.keysUrl ?? GOOGLE_SECURETOKEN_JWKS_URL,
    algorithms: ['RS256'],
    requireAuthTime: true,
  };
}

/**
 * Tokens of a generic OpenID Connect provider. `provider` (default `oidc`) prefixes subjects; give
 * each configured issuer its own if there is ever more than one.
 */
export function oidcProfile(options: { issuer: string; audience: string; jwksUrl: string; algorithms?: readonly SignatureAlgorithm[]; provider?: string }): JwtProfile {
  return {
    provider: options.provider ?? 'oidc',
    issuer: options.issuer,
    audience: options.audience,
    keysUrl: options.jwksUrl,
    algorithms: options.algorithms ?? ['RS256'],
    requireAuthTime: false,
  };
}

export interface JwtVerifierOptions {
  clock?: Clock;
  /** How far ahead of ours the issuer's clock may run, for iat, auth_time and nbf (default 60 s). Never applied to exp. */
  clockSkewMs?: number;
  /** Shared or pre-built key set; by default one is made for profile.keysUrl with this verifier's clock. */
  keySet?: RemoteKeySet;
  keySetOptions?: Omit<RemoteKeySetOptions, 'url' | 'clock'>;
}

/** Firebase caps uid length at 128 characters; we hold every provider to it (users.firebase_uid). */
export const MAX_SUBJECT_CHARS = 128;
/** Far above any real ID token (~1–2 KB); bounds the work an attacker's garbage can cause. */
export const MAX_TOKEN_CHARS = 16_384;
const DEFAULT_CLOCK_SKEW_MS = 60_000;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const reject = (reason: TokenRejection, message: string, cause?: unknown): TokenRejectedError =>
  new TokenRejectedError(reason, message, cause === undefined ? undefined : { cause });

/**
 * Verifies a JWT signed by an identity provider (Firebase, OIDC) against the provider's published keys,
 * and every claim we rely on. Each failed check rejects with its own TokenRejection reason.
 *
 * jose checks the signature, iss, aud and nbf; the rest is checked here because jose accepts a token
 * without exp, a future auth_time, an over-long sub, and a token without kid when the set has one key.
 * exp is checked with no tolerance: `expiresAt` is a promise to the cache and every caller that the
 * token is good until then, so a grace period would have to be added to it, not hidden in here.
 */
export class JwtVerifier implements TokenVerifier {
  readonly keySet: RemoteKeySet;
  private readonly clock: Clock;
  private readonly skewMs: number;

  /** @throws TypeError when the profile allows no algorithm, or `none`/an HMAC one (config arrives untyped). */
  constructor(
    private readonly profile: JwtProfile,
    options: JwtVerifierOptions = {},
  ) {
    const weak = profile.algorithms.filter((alg: string) => alg === 'none' || alg.startsWith('HS'));
    if (profile.algorithms.length === 0 || weak.length > 0) throw new TypeError(`JWT profile must allow only asymmetric algorithms, got [${profile.algorithms.join(', ')}]`);
    this.clock = options.clock ?? systemClock;
    this.skewMs = options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
    this.keySet = options.keySet ?? new RemoteKeySet({ ...options.keySetOptions, url: profile.keysUrl, clock: this.clock });
  }

  async verify(token: string): Promise<VerifiedToken> {
    const { alg, kid } = this.readHeader(token);
    const key = await this.keySet.getKey(kid, alg);
    // One reading of the clock for jose and for our own checks, so they cannot disagree about "now".
    const now = this.clock();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: [alg],
        issuer: this.profile.issuer,
        audience: this.profile.audience,
        currentDate: new Date(now),
        clockTolerance: this.skewMs / 1000,
      }));
    } catch (error) {
      throw fromJoseError(error, this.profile);
    }
    return this.checkClaims(payload, now);
  }

  /** Structure, alg and kid: everything that can be refused before any key is looked up or fetched. */
  private readHeader(token: string): { alg: SignatureAlgorithm; kid: string } {
    if (token.length > MAX_TOKEN_CHARS || !COMPACT_JWS.test(token)) throw reject('malformed', 'token is not a compact JWS (three base64url parts)');
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch (error) {
      throw reject('malformed', 'token header is not a base64url JSON object', error);
    }
    const alg = this.profile.algorithms.find((allowed) => allowed === header.alg);
    if (alg === undefined) throw reject('unsupported_algorithm', `alg "${String(header.alg)}" is not one of ${this.profile.algorithms.join(', ')}`);
    if (typeof header.kid !== 'string' || header.kid === '') throw reject('missing_kid', 'token header has no kid');
    return { alg, kid: header.kid };
  }

  /** The claims jose does not check, in a fixed order; `now` in ms. */
  private checkClaims(payload: JWTPayload, now: number): VerifiedToken {
    const { sub, exp, iat } = payload;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_CHARS) {
      throw reject('bad_subject', `sub must be a string of 1 to ${MAX_SUBJECT_CHARS} characters`);
    }
    if (!isNumericDate(exp)) throw reject('missing_exp', 'token has no numeric exp');
    if (exp * 1000 <= now) throw reject('expired', `token expired at ${new Date(exp * 1000).toISOString()}`);
    if (!isNumericDate(iat)) throw reject('missing_iat', 'token has no numeric iat');
    if (iat * 1000 > now + this.skewMs) throw reject('issued_in_future', `iat ${new Date(iat * 1000).toISOString()} is in the future`);
    const authTime = payload['auth_time'];
    if (authTime !== undefined || this.profile.requireAuthTime) {
      if (!isNumericDate(authTime)) throw reject('missing_auth_time', 'token has no numeric auth_time');
      if (authTime * 1000 > now + this.skewMs) throw reject('auth_time_in_future', `auth_time ${new Date(authTime * 1000).toISOString()} is in the future`);
    }
    return {
      subject: `${this.profile.provider}:${sub}`,
      email: typeof payload['email'] === 'string' ? payload['email'] : null,
      // Only the JSON boolean counts: a provider that sends "true" as a string has not vouched for anything we check.
      emailVerified: typeof payload['email'] === 'string' && payload['email_verified'] === true,
      displayName: typeof payload['name'] === 'string' ? payload['name'] : null,
      expiresAt: new Date(exp * 1000),
    };
  }
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** jose's verdict as our reason. Anything that is not a JOSEError is a bug of ours and is rethrown as is. */
function fromJoseError(error: unknown, profile: JwtProfile): unknown {
  if (error instanceof errors.JWSSignatureVerificationFailed) return reject('bad_signature', 'signature does not match the key', error);
  if (error instanceof errors.JWTExpired) return reject('expired', 'token expired', error);
  if (error instanceof errors.JOSEAlgNotAllowed) return reject('unsupported_algorithm', error.message, error);
  if (error instanceof errors.JWTClaimValidationFailed) {
    const byClaim: Partial<Record<string, TokenRejection>> = {
      iss: 'wrong_issuer',
      aud: 'wrong_audience',
      exp: 'missing_exp',
      iat: 'missing_iat',
      nbf: error.reason === 'check_failed' ? 'issued_in_future' : 'malformed',
    };
    const expected = error.claim === 'iss' ? profile.issuer : error.claim === 'aud' ? profile.audience : undefined;
    const message = expected === undefined ? error.message : `${error.claim} must be "${expected}" (${error.message})`;
    return reject(byClaim[error.claim] ?? 'malformed', message, error);
  }
  if (error instanceof errors.JOSEError) return reject('malformed', error.message, error);
  return error;
}
