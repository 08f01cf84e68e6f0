/**
 * Contract rules ST17–ST20: local accounts, sessions, server secrets, users by email.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import { EmailTakenError } from '../storage.js';
import { UNKNOWN_ID, UUID_V4, tick, type ContractFixture } from './contract-fixture.js';

const HASH = 'scrypt$N=16384,r=8,p=1$c2FsdA$aGFzaA';

export function describeAccountRules(f: ContractFixture): void {
  const signUp = (email: string, displayName: string | null = null) =>
    f.storage.createLocalAccount({ email, passwordHash: HASH, displayName });

  describe('local accounts', () => {
    it('[ST17] a local account creates its user and is found by email in any case', async () => {
      const before = Date.now();
      const user = await signUp('Ann@Example.com', 'Ann');
      expect(user.userId).toMatch(UUID_V4);
      expect(user).toMatchObject({ firebaseUid: `local:${user.userId}`, email: 'Ann@Example.com', displayName: 'Ann' });
      expect(user.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(await f.storage.getUser(user.userId)).toEqual(user);
      expect(await f.storage.findLocalAccount('aNN@example.COM')).toEqual({ user, email: 'ann@example.com', passwordHash: HASH });
      expect(await f.storage.findLocalAccount('bob@example.com')).toBeUndefined();
      expect(await f.storage.findLocalAccount('')).toBeUndefined();
    });

    it('[ST17] an email already taken in another case is refused with EmailTakenError and creates no user', async () => {
      const ann = await signUp('ann@example.com');
      await expect(signUp('ANN@Example.COM', 'Impostor')).rejects.toThrow(EmailTakenError);
      expect(await f.countRows('users')).toBe(1);
      expect(await f.countRows('local_accounts')).toBe(1);
      expect((await f.storage.findLocalAccount('ann@example.com'))?.user).toEqual(ann);
    });

    it('[ST17] of concurrent sign-ups with one email exactly one succeeds', async () => {
      const emails = ['race@example.com', 'RACE@example.com', 'Race@Example.com', 'race@EXAMPLE.com', 'rAce@example.com'];
      const results = await Promise.allSettled(emails.map((email) => signUp(email)));
      const created = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(created).toHaveLength(1);
      for (const r of refused) expect(r.reason).toBeInstanceOf(EmailTakenError);
      expect(await f.countRows('users')).toBe(1);
      expect(await f.countRows('local_accounts')).toBe(1);
    });

    it('[ST17] a user from an identity provider does not take the email of a local account', async () => {
      const external = await f.storage.provisionUser({ firebaseUid: 'idp|ann', email: 'ann@example.com' });
      const local = await signUp('ann@example.com');
      expect(local.userId).not.toBe(external.userId);
      expect((await f.storage.findLocalAccount('ann@example.com'))?.user.userId).toBe(local.userId);
    });

    it('[ST17] an empty email or password hash is refused with a TypeError and writes nothing', async () => {
      await expect(signUp('')).rejects.toThrow(TypeError);
      await expect(f.storage.createLocalAccount({ email: 'ann@example.com', passwordHash: '', displayName: null })).rejects.toThrow(TypeError);
      expect(await f.countRows('users')).toBe(0);
    });
  });

  describe('sessions', () => {
    it('[ST18] a session reads back as created, by its id in any case, even once expired', async () => {
      const user = await signUp('ann@example.com');
      const expiresAt = new Date(Date.now() + 3_600_123);
      const session = await f.storage.createSession({ userId: user.userId, expiresAt });
      expect(session.sessionId).toMatch(UUID_V4);
      expect(session).toMatchObject({ userId: user.userId, revokedAt: null });
      expect(session.expiresAt.getTime()).toBe(expiresAt.getTime());
      expect(await f.storage.getSession(session.sessionId)).toEqual(session);
      expect(await f.storage.getSession(session.sessionId.toUpperCase())).toEqual(session);

      const expired = await f.storage.createSession({ userId: user.userId, expiresAt: new Date(Date.now() - 1_000) });
      expect(await f.storage.getSession(expired.sessionId)).toEqual(expired);
      expect(expired.sessionId).not.toBe(session.sessionId);
    });

    it('[ST18] a revoked session stays revoked and keeps its first revocation time', async () => {
      const user = await signUp('ann@example.com');
      const expiresAt = new Date(Date.now() + 60_000);
      const session = await f.storage.createSession({ userId: user.userId, expiresAt });
      const other = await f.storage.createSession({ userId: user.userId, expiresAt });
      await f.storage.revokeSession(session.sessionId);
      const revoked = await f.storage.getSession(session.sessionId);
      expect(revoked?.revokedAt).toBeInstanceOf(Date);
      await tick();
      await f.storage.revokeSession(session.sessionId.toUpperCase());
      expect((await f.storage.getSession(session.sessionId))?.revokedAt?.getTime()).toBe(revoked?.revokedAt?.getTime());
      expect((await f.storage.getSession(other.sessionId))?.revokedAt).toBeNull();
    });

    it('[ST4] [ST18] unknown and malformed session ids are not found, and revoking them does nothing', async () => {
      for (const id of [UNKNOWN_ID, 'not-a-uuid', '', UNKNOWN_ID.replaceAll('-', '')]) {
        expect(await f.storage.getSession(id), id).toBeUndefined();
        await expect(f.storage.revokeSession(id)).resolves.toBeUndefined();
      }
    });

    it('[ST4] [ST18] a session for an unknown user is refused; for a malformed id with a TypeError', async () => {
      const expiresAt = new Date(Date.now() + 60_000);
      await expect(f.storage.createSession({ userId: UNKNOWN_ID, expiresAt })).rejects.toThrow();
      await expect(f.storage.createSession({ userId: 'nobody', expiresAt })).rejects.toThrow(TypeError);
      expect(await f.countRows('sessions')).toBe(0);
    });
  });

  describe('server secrets', () => {
    it('[ST19] a secret is generated once and then read back without generating again', async () => {
      let calls = 0;
      const generate = () => `value-${++calls}`;
      expect(await f.storage.getOrCreateSecret('signing-key', generate)).toBe('value-1');
      expect(await f.storage.getOrCreateSecret('signing-key', generate)).toBe('value-1');
      expect(calls).toBe(1);
      expect(await f.storage.getOrCreateSecret('other-key', () => 'other')).toBe('other');
    });

    it('[ST19] concurrent callers with different generators all get the one stored value', async () => {
      const values = await Promise.all(
        Array.from({ length: 8 }, (_, i) => f.storage.getOrCreateSecret('signing-key', () => `candidate-${i}`)),
      );
      expect(new Set(values).size).toBe(1);
      expect(values[0]).toMatch(/^candidate-\d$/);
      expect(await f.storage.getOrCreateSecret('signing-key', () => 'late')).toBe(values[0]);
      expect(await f.countRows('server_secrets')).toBe(1);
    });
  });

  describe('users by email', () => {
    it('[ST20] findUserByEmail ignores case and returns the email as stored', async () => {
      const cat = await f.storage.provisionUser({ firebaseUid: 'idp|cat', email: 'Cat@Example.COM' });
      const dan = await signUp('Dan@Example.com');
      expect(await f.storage.findUserByEmail('cat@example.com')).toEqual(cat);
      expect(await f.storage.findUserByEmail('CAT@EXAMPLE.COM')).toEqual(cat);
      expect(await f.storage.findUserByEmail('dan@EXAMPLE.com')).toEqual(dan);
      expect(await f.storage.findUserByEmail('eve@example.com')).toBeUndefined();
      expect(await f.storage.findUserByEmail('')).toBeUndefined();
    });

    it('[ST20] when several users share an email the oldest is returned', async () => {
      const first = await f.storage.provisionUser({ firebaseUid: 'idp|ann', email: 'ann@example.com' });
      await tick();
      await signUp('ANN@example.com');
      expect(await f.storage.findUserByEmail('Ann@Example.com')).toEqual(first);
    });
  });
}
