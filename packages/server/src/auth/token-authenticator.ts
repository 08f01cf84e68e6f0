import { describeUnstorableText, findUnstorableJson } from '@writersroom/screenplay';
import { LRUCache } from 'lru-cache';
import { WritersRoomError } from '../errors.js';
import type { Storage, UserId } from '../storage/storage.js';
import { readCredential, type Authenticator, type CredentialKind, type CredentialSource, type Identity } from './authenticator.js';
import { TokenRejectedError, type TokenVerifier, type VerifiedToken } from './token-verifier.js';

interface KnownUser {
  userId: UserId;
  displayName: string | null;
  email: string | null;
}

export interface TokenAuthenticatorOptions {
  /** Origins allowed to use the session cookie; asked per request because a server knows its own port only once listening. */
  allowedOrigins: () => readonly string[];
  /** Users kept in memory after provisioning, so a request costs no database write. */
  maxKnownUsers?: number;
}

/**
 * The one Authenticator: reads the credential (header, query, cookie), refuses
 * cookies sent by pages of other origins (cross-site request forgery and
 * WebSocket hijacking), verifies the token with whichever verifier the
 * configuration chose, and provisions the user on first sight, joining any
 * scripts they were invited to by email.
 */
export class TokenAuthenticator implements Authenticator {
  private readonly users: LRUCache<string, KnownUser>;

  constructor(
    private readonly storage: Pick<Storage, 'provisionUser' | 'acceptInvitations'>,
    private readonly verifier: TokenVerifier,
    private readonly options: TokenAuthenticatorOptions,
  ) {
    this.users = new LRUCache({ max: options.maxKnownUsers ?? 10_000 });
  }

  async authenticate(request: CredentialSource): Promise<Identity> {
    const credential = readCredential(request);
    if (!credential) throw new WritersRoomError('WR_ERR_UNAUTHENTICATED');
    if (credential.kind === 'cookie') this.checkOrigin(request.headers.origin);
    return this.identify(credential.token, credential.kind);
  }

  async authenticateForCookie(token: string, origin: string | undefined): Promise<Identity> {
    this.checkOrigin(origin);
    return this.identify(token, 'cookie');
  }

  private async identify(token: string, kind: CredentialKind): Promise<Identity> {
    let verified: VerifiedToken;
    try {
      verified = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        throw new WritersRoomError('WR_ERR_UNAUTHENTICATED', `Sign in again: ${error.message}`, { cause: error });
      }
      throw error;
    }
    const user = this.users.get(verified.subject) ?? (await this.provision(verified));
    return {
      userId: user.userId,
      subject: verified.subject,
      displayName: user.displayName,
      email: user.email,
      credential: kind,
      expiresAt: verified.expiresAt,
      ...(verified.sessionId ? { sessionId: verified.sessionId } : {}),
    };
  }

  private checkOrigin(origin: string | undefined): void {
    // Browsers always send Origin on cross-site requests and on every WebSocket handshake.
    if (origin !== undefined && !this.options.allowedOrigins().includes(origin)) {
      throw new WritersRoomError('WR_ERR_FORBIDDEN', `Requests from ${origin} may not use this site's session.`);
    }
  }

  /**
   * @throws WR_ERR_UNSTORABLE_TEXT when the provider's subject, email or name
   *   holds text that cannot be stored (storage [ST39]): the person must fix
   *   it at the provider, and it is their data, not our bug.
   */
  private async provision(verified: VerifiedToken): Promise<KnownUser> {
    const email = verified.emailVerified ? verified.email : null;
    const unstorable = findUnstorableJson({ subject: verified.subject, email, name: verified.displayName });
    if (unstorable) {
      throw new WritersRoomError('WR_ERR_UNSTORABLE_TEXT', `The sign-in cannot be stored: its ${describeUnstorableText(unstorable)}; change it where you sign in.`);
    }
    const record = await this.storage.provisionUser({ firebaseUid: verified.subject, email, displayName: verified.displayName });
    if (email) await this.storage.acceptInvitations(record.userId, email);
    const user = { userId: record.userId, displayName: record.displayName, email: record.email };
    this.users.set(verified.subject, user);
    return user;
  }
}
