import { describe, expect, it } from 'vitest';
import { WritersRoomError } from '../errors.js';
import type { UserRecord } from '../storage/storage.js';
import { TokenAuthenticator } from './token-authenticator.js';
import type { TokenVerifier, VerifiedToken } from './token-verifier.js';

/** Verifies any token to the claims the test gives, as an identity provider would sign them. */
const verifierOf = (claims: Partial<VerifiedToken>): TokenVerifier => ({
  verify: async () => ({ subject: 'idp|ann', email: 'ann@example.com', emailVerified: true, displayName: 'Ann', expiresAt: new Date(8.64e15), ...claims }),
});

/** Records what would be stored. */
function recordingStorage() {
  const provisioned: unknown[] = [];
  return {
    provisioned,
    storage: {
      provisionUser: async (input: { firebaseUid: string; email?: string | null; displayName?: string | null }): Promise<UserRecord> => {
        provisioned.push(input);
        return { userId: '0b6f1e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b', firebaseUid: input.firebaseUid, email: input.email ?? null, displayName: input.displayName ?? null, createdAt: new Date() };
      },
      acceptInvitations: async () => [],
    },
  };
}

const request = { headers: { authorization: 'Bearer token' }, url: '/api/auth/me' };

describe('TokenAuthenticator', () => {
  // Breakage: without the check in provision(), the claims reached provisionUser, whose [ST39] TypeError is a 500.
  it("refuses a provider's claims holding text that cannot be stored as the caller's problem, storing nothing", async () => {
    for (const claims of [{ displayName: 'Ann\u001b[31m' }, { email: 'ann\u0000@example.com' }, { subject: 'idp|\ud800' }]) {
      const { storage, provisioned } = recordingStorage();
      const authenticator = new TokenAuthenticator(storage, verifierOf(claims), { allowedOrigins: () => [] });
      const error = await authenticator.authenticate(request).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(WritersRoomError);
      expect(error).toMatchObject({ code: 'WR_ERR_UNSTORABLE_TEXT', status: 400, userError: true });
      expect((error as Error).message).toMatch(/^The sign-in cannot be stored: its (name|email|subject) holds U\+[0-9A-F]{4} \(/);
      expect(provisioned).toEqual([]);
    }
  });

  it('provisions a user whose claims hold tab, newline or any other character', async () => {
    const { storage, provisioned } = recordingStorage();
    const authenticator = new TokenAuthenticator(storage, verifierOf({ displayName: 'Ann\tLee\n✨' }), { allowedOrigins: () => [] });
    expect((await authenticator.authenticate(request)).displayName).toBe('Ann\tLee\n✨');
    expect(provisioned).toEqual([{ firebaseUid: 'idp|ann', email: 'ann@example.com', displayName: 'Ann\tLee\n✨' }]);
  });
});
