import { canonicalId, newId, requireId } from './canonical-id.js';
import { toSessionRecord, writeTime, type StorageContext } from './row-codec.js';
import type { SessionRecord, UserId } from './storage.js';

/**
 * Creates a session with a new random id. Expiry is stored, not enforced:
 * `getSession` returns expired sessions too, and the caller compares
 * `expiresAt` with its own clock.
 *
 * @throws TypeError for a malformed user id or an invalid date; the database's
 *   foreign-key error for an unknown user.
 */
async function createSession(ctx: StorageContext, input: { userId: UserId; expiresAt: Date }): Promise<SessionRecord> {
  const userId = requireId(input.userId, 'userId');
  if (!(input.expiresAt instanceof Date) || Number.isNaN(input.expiresAt.getTime())) {
    throw new TypeError('storage: expiresAt must be a valid Date');
  }
  const row = await ctx.db
    .insertInto('sessions')
    .values({
      session_id: newId(),
      user_id: userId,
      created_at: writeTime(new Date()),
      expires_at: writeTime(input.expiresAt),
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSessionRecord(row, ctx.codec);
}

/** Undefined for an unknown or malformed id (a forged token's id never reaches the database). */
async function getSession(ctx: StorageContext, sessionId: string): Promise<SessionRecord | undefined> {
  const id = canonicalId(sessionId);
  if (id === undefined) return undefined;
  const row = await ctx.db.selectFrom('sessions').selectAll().where('session_id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toSessionRecord(row, ctx.codec);
}

/**
 * Sets `revoked_at` if it is not set yet: revoking twice keeps the first time,
 * and nothing ever clears it. An unknown or malformed id changes nothing.
 */
async function revokeSession(ctx: StorageContext, sessionId: string): Promise<void> {
  const id = canonicalId(sessionId);
  if (id === undefined) return;
  await ctx.db
    .updateTable('sessions')
    .set({ revoked_at: writeTime(new Date()) })
    .where('session_id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Local sessions ([ST18]). */
export const sessionQueries = { createSession, getSession, revokeSession };
