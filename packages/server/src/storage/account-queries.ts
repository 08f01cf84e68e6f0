import { newId } from './canonical-id.js';
import { emailKey, requireEmailKey } from './email-key.js';
import { LOCAL_ACCOUNTS_EMAIL_KEY } from './migrations/accounts-and-sharing.js';
import { toUserRecord, writeTime, type StorageContext } from './row-codec.js';
import { requireStorableText } from './storable-text.js';
import { EmailTakenError, type LocalAccountRecord, type UserRecord } from './storage.js';
import { isUniqueViolation } from './unique-violation.js';

export interface CreateLocalAccountInput {
  email: string;
  passwordHash: string;
  displayName: string | null;
}

/**
 * Creates the user (subject `local:<userId>`, email as given) and its local
 * account (email lower-cased) in one transaction. A taken email is detected by
 * the unique constraint on `local_accounts.email`, not by a read first: of two
 * concurrent sign-ups with one email exactly one commits, and the other's user
 * row is rolled back with its account.
 *
 * @throws EmailTakenError when a local account already has the email in any case;
 *   TypeError for an empty email or password hash, or an email, hash or
 *   display name holding text that cannot be stored ([ST39]).
 */
async function createLocalAccount(ctx: StorageContext, input: CreateLocalAccountInput): Promise<UserRecord> {
  const email = requireEmailKey(input.email);
  if (typeof input.passwordHash !== 'string' || input.passwordHash === '') {
    throw new TypeError('storage: passwordHash must be a non-empty string');
  }
  requireStorableText({ passwordHash: input.passwordHash, displayName: input.displayName });
  const userId = newId();
  const createdAt = writeTime(new Date());
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({
          user_id: userId,
          firebase_uid: `local:${userId}`,
          email: input.email,
          display_name: input.displayName,
          created_at: createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('local_accounts')
        .values({ user_id: userId, email, password_hash: input.passwordHash, created_at: createdAt })
        .execute();
      return toUserRecord(user, ctx.codec);
    });
  } catch (error) {
    if (isUniqueViolation(error, { constraint: LOCAL_ACCOUNTS_EMAIL_KEY, table: 'local_accounts', column: 'email' })) {
      throw new EmailTakenError(input.email);
    }
    throw error;
  }
}

/** Case-insensitive (the stored email is lower-cased); undefined for an unknown or empty email. */
async function findLocalAccount(ctx: StorageContext, email: string): Promise<LocalAccountRecord | undefined> {
  const key = emailKey(email);
  if (key === undefined) return undefined;
  const row = await ctx.db
    .selectFrom('local_accounts as a')
    .innerJoin('users as u', 'u.user_id', 'a.user_id')
    .selectAll('u')
    .select(['a.email as account_email', 'a.password_hash'])
    .where('a.email', '=', key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { account_email, password_hash, ...user } = row;
  return { user: toUserRecord(user, ctx.codec), email: account_email, passwordHash: password_hash };
}

/** Local accounts ([ST17]). */
export const accountQueries = { createLocalAccount, findLocalAccount };
