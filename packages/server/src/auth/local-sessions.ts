import { randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { WritersRoomError } from '../errors.js';
import { EmailTakenError, type Storage, type UserRecord } from '../storage/storage.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import { TokenRejectedError, systemClock, type Clock, type TokenVerifier, type VerifiedToken } from './token-verifier.js';

const SECRET_NAME = 'session-signing-key';
const ISSUER = 'writersroom';
const MIN_PASSWORD_LENGTH = 10;

export interface IssuedSession {
  user: UserRecord;
  /** The session token: an HS256 JWT naming the session, for the cookie or a Bearer header. */
  token: string;
  expiresAt: Date;
}

/**
 * Local accounts, the embedded default: email and password (scrypt), and
 * sessions as signed tokens. The signature makes a token unforgeable without
 * a database read; the session row makes it revocable, so sign-out ends it at
 * once. The signing key is a server secret kept in the database, so every
 * server process sharing the database accepts the same tokens.
 */
export class LocalSessions implements TokenVerifier {
  private key: Promise<Uint8Array> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly options: { sessionTtlMs: number; clock?: Clock },
  ) {}

  async signUp(input: { email: string; password: string; displayName: string | null }): Promise<IssuedSession> {
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new WritersRoomError('WR_ERR_INVALID_REQUEST', `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    let user: UserRecord;
    try {
      user = await this.storage.createLocalAccount({
        email: input.email,
        passwordHash: await hashPassword(input.password),
        displayName: input.displayName,
      });
    } catch (error) {
      if (error instanceof EmailTakenError) throw new WritersRoomError('WR_ERR_CONFLICT', 'An account with this email already exists.');
      throw error;
    }
    return this.issue(user);
  }

  /** The same error, after the same work, for an unknown email and a wrong password. */
  async signIn(input: { email: string; password: string }): Promise<IssuedSession> {
    const account = await this.storage.findLocalAccount(input.email);
    const matches = await verifyPassword(input.password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !matches) throw new WritersRoomError('WR_ERR_UNAUTHENTICATED', 'Wrong email or password.');
    return this.issue(account.user);
  }

  async signOut(sessionId: string): Promise<void> {
    await this.storage.revokeSession(sessionId);
  }

  async verify(token: string): Promise<VerifiedToken> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, await this.signingKey(), {
        algorithms: ['HS256'],
        issuer: ISSUER,
        requiredClaims: ['exp', 'sid', 'sub'],
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      throw rejection(error);
    }
    const session = typeof payload.sid === 'string' ? await this.storage.getSession(payload.sid) : undefined;
    if (!session || session.revokedAt || session.expiresAt.getTime() <= this.now() || session.userId !== payload.sub) {
      throw new TokenRejectedError('revoked', 'The session has ended; sign in again.');
    }
    const user = await this.storage.getUser(session.userId);
    if (!user) throw new TokenRejectedError('revoked', 'The account no longer exists.');
    // The email of a local account is its account of record (see README on inviting by email).
    return { subject: user.firebaseUid, email: user.email, emailVerified: true, displayName: user.displayName, expiresAt: session.expiresAt, sessionId: session.sessionId };
  }

  private async issue(user: UserRecord): Promise<IssuedSession> {
    const expiresAt = new Date(this.now() + this.options.sessionTtlMs);
    const session = await this.storage.createSession({ userId: user.userId, expiresAt });
    const token = await new SignJWT({ sid: session.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(user.userId)
      .setIssuedAt(Math.floor(this.now() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.signingKey());
    return { user, token, expiresAt };
  }

  private signingKey(): Promise<Uint8Array> {
    this.key ??= this.storage
      .getOrCreateSecret(SECRET_NAME, () => randomBytes(32).toString('base64url'))
      .then((secret) => Buffer.from(secret, 'base64url'));
    return this.key;
  }

  private now(): number {
    return (this.options.clock ?? systemClock)();
  }
}

function rejection(error: unknown): TokenRejectedError {
  if (error instanceof joseErrors.JWTExpired) return new TokenRejectedError('expired', 'The session token has expired.', { cause: error });
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new TokenRejectedError('bad_signature', 'The session token signature is invalid.', { cause: error });
  }
  return new TokenRejectedError('malformed', 'The session token is not valid.', { cause: error });
}
