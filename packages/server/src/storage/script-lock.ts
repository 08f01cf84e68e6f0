import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `work` in one transaction that holds the lock of one script's version
 * log, and commits it when `work` resolves (rolls back when it rejects).
 * Operations that must see the log and change it without interference
 * (seeding, quarantine, compaction) run through this; the
 * hot append path does not. `scriptId` must be canonical (`canonicalId`).
 * `work` must use the `trx` it is given, never start a transaction of its own.
 */
export type ScriptTransaction = <T>(
  db: Kysely<Database>,
  scriptId: string,
  work: (trx: Kysely<Database>) => Promise<T>,
) => Promise<T>;

/**
 * Like `ScriptTransaction`, but never waits for another holder of the lock:
 * when the lock is taken, `work` is not called, nothing is written and the
 * result is `{ acquired: false }`. Compaction's `lock: 'try'` runs through
 * this, so a second compactor skips a script the first is working on.
 */
export type TryScriptTransaction = <T>(
  db: Kysely<Database>,
  scriptId: string,
  work: (trx: Kysely<Database>) => Promise<T>,
) => Promise<{ acquired: true; value: T } | { acquired: false }>;

/** How a dialect takes one script's lock: waiting for it, or only if it is free. */
export interface ScriptLocks {
  wait: ScriptTransaction;
  try: TryScriptTransaction;
}

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

/**
 * PostgreSQL: as `postgresScriptTransaction`, with `pg_try_advisory_xact_lock`,
 * which answers at once. When it answers false the (empty) transaction is
 * committed and `work` is not called.
 */
export const postgresTryScriptTransaction: TryScriptTransaction = async (db, scriptId, work) => {
  const key = postgresScriptLockKey(scriptId);
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${key}::bigint) as locked`.execute(trx);
    if (rows[0]?.locked !== true) return { acquired: false as const };
    return { acquired: true as const, value: await work(trx) };
  });
};

function isSqliteBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_BUSY';
}

/**
 * SQLite: as `sqliteScriptTransaction`, but `BEGIN IMMEDIATE` is attempted
 * with a busy timeout of 0, so it fails at once (SQLITE_BUSY, reported as
 * `{ acquired: false }`) when another connection holds the write lock. The
 * write lock is the database's, not the script's: any other process writing
 * at that instant (a server's group commit, a CLI) makes the attempt fail.
 * Within this process no attempt ever fails: Kysely's single connection
 * already runs one transaction at a time, so a second caller waits for the
 * connection, not for the lock. The connection's busy timeout is restored
 * before `work`.
 */
export const sqliteTryScriptTransaction: TryScriptTransaction = (db, _scriptId, work) =>
  db.connection().execute(async (connection) => {
    const { rows } = await sql<{ timeout: number }>`select timeout from pragma_busy_timeout`.execute(connection);
    const timeoutMs = Math.trunc(Number(rows[0]?.timeout ?? 0));
    const restoreBusyTimeout = () => sql.raw(`pragma busy_timeout = ${timeoutMs}`).execute(connection);
    await sql.raw('pragma busy_timeout = 0').execute(connection);
    try {
      await sql`begin immediate`.execute(connection);
    } catch (error) {
      await restoreBusyTimeout();
      if (isSqliteBusy(error)) return { acquired: false as const };
      throw error;
    }
    try {
      await restoreBusyTimeout();
      const value = await work(connection);
      await sql`commit`.execute(connection);
      return { acquired: true as const, value };
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
