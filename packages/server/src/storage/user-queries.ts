import { canonicalId, newId } from './canonical-id.js';
import { isStorableText } from '@writersroom/screenplay';
import { toUserRecord, writeTime, type StorageContext } from './row-codec.js';
import { requireStorableText } from './storable-text.js';
import type { UserRecord, UserId } from './storage.js';

export interface ProvisionUserInput {
  firebaseUid: string;
  email?: string | null;
  displayName?: string | null;
}

/**
 * Returns the user for an identity-provider subject, creating it on first
 * sight. Runs on every sign-in, so the common case (known user, nothing
 * changed) is one read and no write. Creation is an upsert on the unique
 * `firebase_uid`: concurrent first sign-ins of one subject yield one user.
 *
 * @throws TypeError when `firebaseUid` is empty, or it, the email or the
 *   display name holds text that cannot be stored ([ST39]).
 */
async function provisionUser(ctx: StorageContext, input: ProvisionUserInput): Promise<UserRecord> {
  if (typeof input.firebaseUid !== 'string' || input.firebaseUid === '') {
    throw new TypeError('storage: firebaseUid must be a non-empty string');
  }
  requireStorableText({ firebaseUid: input.firebaseUid, email: input.email, displayName: input.displayName });
  const refresh: { email?: string | null; display_name?: string | null } = {};
  if (input.email !== undefined) refresh.email = input.email;
  if (input.displayName !== undefined) refresh.display_name = input.displayName;

  const existing = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('firebase_uid', '=', input.firebaseUid)
    .executeTakeFirst();
  const unchanged =
    existing !== undefined &&
    (refresh.email === undefined || refresh.email === existing.email) &&
    (refresh.display_name === undefined || refresh.display_name === existing.display_name);
  if (unchanged) return toUserRecord(existing, ctx.codec);

  // With nothing to refresh the conflict branch still has to update something,
  // or RETURNING yields no row for a user created concurrently since the read.
  const onConflictSet = Object.keys(refresh).length > 0 ? refresh : { firebase_uid: input.firebaseUid };
  const row = await ctx.db
    .insertInto('users')
    .values({
      user_id: newId(),
      firebase_uid: input.firebaseUid,
      email: input.email ?? null,
      display_name: input.displayName ?? null,
      created_at: writeTime(new Date()),
    })
    .onConflict((conflict) => conflict.column('firebase_uid').doUpdateSet(onConflictSet))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUserRecord(row, ctx.codec);
}

/** Undefined for an unknown or malformed id. */
async function getUser(ctx: StorageContext, userId: UserId): Promise<UserRecord | undefined> {
  const id = canonicalId(userId);
  if (id === undefined) return undefined;
  const row = await ctx.db.selectFrom('users').selectAll().where('user_id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toUserRecord(row, ctx.codec);
}

/**
 * Case-insensitive match on `users.email` (stored as given): `lower()` on both
 * sides, served by the `lower(email)` index. SQLite's `lower()` folds ASCII
 * letters only; PostgreSQL's follows the database's locale. Emails are not
 * unique among users (one person may sign in through two providers): the
 * oldest matching user wins, so the answer is stable.
 */
async function findUserByEmail(ctx: StorageContext, email: string): Promise<UserRecord | undefined> {
  // No row holds text that cannot be stored ([ST39]); PostgreSQL would refuse the query.
  if (typeof email !== 'string' || email === '' || !isStorableText(email)) return undefined;
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', eb.fn('lower', [eb.val(email)])))
    .orderBy('created_at')
    .orderBy('user_id')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toUserRecord(row, ctx.codec);
}

/** Users by identity subject and email ([ST7], [ST20]). */
export const userQueries = { provisionUser, getUser, findUserByEmail };
