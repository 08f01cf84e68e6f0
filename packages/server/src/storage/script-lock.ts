import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `work` in one transaction that holds the lock of one script's version
 * log, and commits it when `work` resolves (rolls back when it rejects).
 * Operations that must see the log and change it without interference
 * (seeding, quarantine, and compaction when it comes) run through this; the
 * hot append path does not. `scriptId` must be canonical (`canonicalId`).
 * `work` must use the `trx` it is given, never start a transaction of its own.
 */
export type ScriptTransaction = <T>(
  db: Kysely<Database>,
  scriptId: string,
  work: (trx: Kysely<Database>) => Promise<T>,
) => Promise<T>;

/**
 * The PostgreSQL advisory-lock key of a script: the first 64 bits of its UUID
 * (the first 16 hex digits of the canonical form, big-endian), read as a
 * two's-complement signed bigint, returned as decimal text. It uses the
 * single-bigint key space of `pg_advisory_xact_lock(bigint)`. In a v4 UUID 60
 * of those bits are random; two scripts sharing a key (or a script sharing
 * Kysely's migration-lock key) only wait for each other, never see wrong data.
 *
 * @throws TypeError when `scriptId` is not a canonical UUID.
 */
export function postgresScriptLockKey(scriptId: string): string {
  const hex = scriptId.replaceAll('-', '').slice(0, 16);
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new TypeError(`storage: not a canonical script id: ${JSON.stringify(scriptId)}`);
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();
}

/**
 * PostgreSQL: a normal (READ COMMITTED) transaction whose first statement is
 * `pg_advisory_xact_lock` on the script's key. The lock is released by commit
 * or rollback, never held past the transaction, and every statement of `work`
 * runs after it was granted, so it sees whatever an earlier holder committed.
 */
export const postgresScriptTransaction: ScriptTransaction = (db, scriptId, work) => {
  const key = postgresScriptLockKey(scriptId);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${key}::bigint)`.execute(trx);
    return work(trx);
  });
};

/**
 * SQLite: a `BEGIN IMMEDIATE` transaction, which takes the database's write
 * lock before the first read. (Kysely's SQLite driver begins every
 * transaction with a plain, deferred `begin`: its first read would run
 * without the write lock, so another process could insert between that read
 * and our write.) Run by hand on Kysely's single connection, which
 * `connection()` holds for the whole call, so no other query of this process
 * interleaves. SQLite has no finer lock: this serialises every writer of the
 * database, not just this script's, for the duration of `work`.
 *
 * If another process holds the write lock longer than the busy timeout,
 * `BEGIN IMMEDIATE` fails with SQLITE_BUSY before anything is read or written.
 */
export const sqliteScriptTransaction: ScriptTransaction = (db, _scriptId, work) =>
  db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      // Also after a failed commit, which can leave the transaction open. When
      // SQLite already rolled back by itself, this rollback fails harmlessly.
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
