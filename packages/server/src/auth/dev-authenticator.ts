import { WritersRoomError } from '../errors.js';
import type { Storage } from '../storage/storage.js';
import { readBearerToken, type Authenticator, type CredentialSource, type Identity } from './authenticator.js';

const DEV_TOKEN = /^dev:([a-z0-9][a-z0-9._-]{0,63})$/;
const MAX_CACHED_IDENTITIES = 10_000;

/**
 * Development identities: the token `dev:<name>` signs in as user <name>,
 * provisioned on first sight. It proves nothing about who is calling, so it is
 * only for the embedded default on a developer's machine and for tests; real
 * verification replaces it through the same interface.
 */
export class DevAuthenticator implements Authenticator {
  private readonly identities = new Map<string, Identity>();

  constructor(private readonly storage: Pick<Storage, 'provisionUser'>) {}

  async authenticate(request: CredentialSource): Promise<Identity> {
    const token = readBearerToken(request);
    const name = token === undefined ? undefined : DEV_TOKEN.exec(token)?.[1];
    if (name === undefined) {
      throw new WritersRoomError('WR_ERR_UNAUTHENTICATED', 'Missing or malformed development token (expected dev:<name>).');
    }
    const subject = `dev:${name}`;
    const cached = this.identities.get(subject);
    if (cached) return cached;
    const user = await this.storage.provisionUser({ firebaseUid: subject, displayName: name });
    const identity: Identity = { userId: user.userId, subject, displayName: user.displayName };
    if (this.identities.size >= MAX_CACHED_IDENTITIES) this.identities.clear();
    this.identities.set(subject, identity);
    return identity;
  }
}
