import type { Config } from '../config.js';
import type { Storage } from '../storage/storage.js';
import { DevTokenVerifier } from './dev-token-verifier.js';
import { JwtVerifier, firebaseProfile, oidcProfile } from './jwt-verifier.js';
import { LocalSessions } from './local-sessions.js';
import { CachingTokenVerifier } from './token-cache.js';
import type { Clock, TokenVerifier } from './token-verifier.js';

/** How people sign in, as chosen by the configuration. */
export interface AuthParts {
  /** Verifies every credential, with the verified-token cache in front where verifying costs something. */
  verifier: TokenVerifier;
  /** Local accounts' sign-up, sign-in and sign-out; absent with an outside identity provider. */
  localSessions?: LocalSessions;
  /** Drops a token from the verified-token cache (sign-out), so it stops working at once. */
  forgetToken(token: string): void;
  /** The same, by the token's `tokenCacheKey`: a sign-out on another process. */
  forgetTokenKey(key: string): void;
}

/** The verifier stack of AUTH_MODE: local sessions, Firebase, an OIDC issuer, or development tokens. */
export function authFromConfig(config: Config, storage: Storage, clock?: Clock): AuthParts {
  const cache = (inner: TokenVerifier) =>
    new CachingTokenVerifier(inner, { ttlMs: config.tokenCacheTtlMs, maxEntries: config.tokenCacheMaxEntries, ...(clock ? { clock } : {}) });
  const jwtOptions = { clockSkewMs: config.clockSkewMs, ...(clock ? { clock } : {}) };
  const auth = config.auth;
  switch (auth.mode) {
    case 'local': {
      const localSessions = new LocalSessions(storage, { sessionTtlMs: auth.sessionTtlMs, ...(clock ? { clock } : {}) });
      const verifier = cache(localSessions);
      return { verifier, localSessions, ...forgetting(verifier) };
    }
    case 'firebase': {
      const profile = firebaseProfile({ projectId: auth.projectId, ...(auth.keysUrl ? { keysUrl: auth.keysUrl } : {}) });
      const verifier = cache(new JwtVerifier(profile, jwtOptions));
      return { verifier, ...forgetting(verifier) };
    }
    case 'oidc': {
      const profile = oidcProfile({ issuer: auth.issuer, audience: auth.audience, jwksUrl: auth.jwksUrl });
      const verifier = cache(new JwtVerifier(profile, jwtOptions));
      return { verifier, ...forgetting(verifier) };
    }
    case 'dev':
      return { verifier: new DevTokenVerifier(), forgetToken: () => undefined, forgetTokenKey: () => undefined };
  }
}

function forgetting(verifier: CachingTokenVerifier): Pick<AuthParts, 'forgetToken' | 'forgetTokenKey'> {
  return { forgetToken: (token) => verifier.purgeToken(token), forgetTokenKey: (key) => verifier.purgeKey(key) };
}
