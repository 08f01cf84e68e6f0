/**
 * What every kind of credential comes down to once checked: a subject the
 * identity provider vouches for, until a moment. Firebase ID tokens, OIDC
 * tokens, local session tokens and development tokens all verify to this, so
 * the authenticator, the verified-token cache and the socket code never care
 * which provider is configured.
 */
export interface VerifiedToken {
  /** The provider's subject, stored as users.firebase_uid (prefixed per provider where subjects could collide). */
  subject: string;
  email: string | null;
  /**
   * Whether the provider vouches that the email belongs to the subject
   * (`email_verified`). Only a verified email is stored or unlocks email
   * invitations; otherwise registering someone else's address at the provider
   * would hand over their invitations.
   */
  emailVerified: boolean;
  displayName: string | null;
  /** After this instant the token must not be accepted, cached or not. */
  expiresAt: Date;
  /** Local sessions only: the session this token belongs to, so sign-out can revoke it. */
  sessionId?: string;
}

export interface TokenVerifier {
  /** Resolves for a valid token; rejects with TokenRejectedError naming the first check that failed. */
  verify(token: string): Promise<VerifiedToken>;
}

/** Why a token was refused. Each check has its own reason so that tests and logs can tell them apart. */
export type TokenRejection =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'missing_kid'
  | 'unknown_kid'
  | 'bad_signature'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'bad_subject'
  | 'missing_exp'
  | 'expired'
  | 'missing_iat'
  | 'issued_in_future'
  | 'missing_auth_time'
  | 'auth_time_in_future'
  | 'revoked'
  | 'keys_unavailable';

export class TokenRejectedError extends Error {
  constructor(
    readonly reason: TokenRejection,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TokenRejectedError';
  }
}

/** Milliseconds since the epoch; injected so tests can move time instead of waiting for it. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
