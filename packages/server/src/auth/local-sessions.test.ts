import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../storage/sqlite-storage.js';
import type { Storage } from '../storage/storage.js';
import { LocalSessions } from './local-sessions.js';
import { TokenRejectedError } from './token-verifier.js';

const HOUR = 3600_000;

describe('LocalSessions', () => {
  let dir: string;
  let storage: Storage;
  let now: number;
  let sessions: LocalSessions;

  const open = async (name: string) => {
    const opened = createSqliteStorage({ file: path.join(dir, `${name}.sqlite`) });
    await opened.migrate();
    return opened;
  };
  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof TokenRejectedError ? error.reason : `threw ${String(error)}`),
    );

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wr-sessions-'));
    storage = await open('main');
    now = Date.parse('2026-11-25T12:00:00Z');
    sessions = new LocalSessions(storage, { sessionTtlMs: 24 * HOUR, clock: () => now });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues a token that verifies to the account, with the session and its expiry', async () => {
    const issued = await sessions.signUp({ email: 'mae@example.com', password: 'long enough password', displayName: 'Mae' });
    const verified = await sessions.verify(issued.token);
    expect(verified).toMatchObject({ subject: `local:${issued.user.userId}`, email: 'mae@example.com', displayName: 'Mae' });
    expect(verified.expiresAt.getTime()).toBe(now + 24 * HOUR);
    expect(verified.sessionId).toEqual(expect.any(String));
  });

  it('stops accepting a token once its session expires or is signed out', async () => {
    const first = await sessions.signUp({ email: 'ned@example.com', password: 'long enough password', displayName: null });
    const second = await sessions.signIn({ email: 'ned@example.com', password: 'long enough password' });
    await sessions.signOut((await sessions.verify(second.token)).sessionId!);
    expect(await rejection(sessions.verify(second.token))).toBe('revoked');
    expect(await rejection(sessions.verify(first.token))).toBe('accepted');
    now += 24 * HOUR;
    expect(await rejection(sessions.verify(first.token))).toBe('expired');
  });

  it('refuses a token signed by another installation and a tampered one', async () => {
    const issued = await sessions.signUp({ email: 'ola@example.com', password: 'long enough password', displayName: null });
    const otherStorage = await open('other');
    try {
      const other = new LocalSessions(otherStorage, { sessionTtlMs: HOUR, clock: () => now });
      const foreign = await other.signUp({ email: 'ola@example.com', password: 'long enough password', displayName: null });
      expect(await rejection(sessions.verify(foreign.token))).toBe('bad_signature');
    } finally {
      await otherStorage.close();
    }
    const [header, payload, signature] = issued.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    expect(await rejection(sessions.verify(`${header}.${forged}.${signature}`))).toBe('bad_signature');
    expect(await rejection(sessions.verify('not-a-token'))).toBe('malformed');
  });

  it('keeps one signing key per database, so a second server process accepts the first one\'s tokens', async () => {
    const issued = await sessions.signUp({ email: 'pia@example.com', password: 'long enough password', displayName: null });
    const secondProcess = new LocalSessions(storage, { sessionTtlMs: HOUR, clock: () => now });
    expect((await secondProcess.verify(issued.token)).email).toBe('pia@example.com');
  });
});
