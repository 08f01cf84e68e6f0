import { TokenRejectedError, type TokenVerifier, type VerifiedToken } from './token-verifier.js';

const DEV_TOKEN = /^dev:([a-z0-9][a-z0-9._-]{0,63})$/;
const NEVER = new Date(8.64e15);

/**
 * Development identities: the token `dev:<name>` is user <name> (email
 * `<name>@writersroom.invalid`). It proves nothing about who is calling, so
 * configuration allows it only on a loopback address; tests use it to play
 * many users without a sign-in step.
 */
export class DevTokenVerifier implements TokenVerifier {
  async verify(token: string): Promise<VerifiedToken> {
    const name = DEV_TOKEN.exec(token)?.[1];
    if (name === undefined) throw new TokenRejectedError('malformed', 'Expected a development token dev:<name>.');
    return { subject: `dev:${name}`, email: `${name}@writersroom.invalid`, emailVerified: true, displayName: name, expiresAt: NEVER };
  }
}
