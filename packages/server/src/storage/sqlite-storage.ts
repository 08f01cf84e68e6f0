import { Kysely } from 'kysely';
import { createKyselyStorage } from './kysely-storage.js';
import type { RowCodec } from './row-codec.js';
import type { Database } from './schema.js';
import { sqliteScriptTransaction, sqliteTryScriptTransaction } from './script-lock.js';
import type { Storage } from './storage.js';
import { WalSyncedSqliteDialect } from './wal-synced-sqlite-dialect.js';

export interface SqliteStorageOptions {
  /** Path of the database file; its directory is created if missing. `:memory:` for a throwaway database. */
  file: string;
}

/**
 * SQLite stores timestamps as ISO-8601 UTC text and JSON as text (see schema.ts).
 * Anything else in those columns was not written by us: fail loudly, never guess.
 */
const sqliteCodec: RowCodec = {
  readTime(value) {
    const date = typeof value === 'string' ? new Date(value) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) {
      throw new Error(`storage: unreadable SQLite timestamp ${JSON.stringify(value)}`);
    }
    return date;
  },
  readJson(value) {
    if (value === null) return null;
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : undefined;
    if (!Array.isArray(parsed)) throw new Error('storage: content_blocks is not a JSON array');
    return parsed;
  },
};

/**
 * The embedded default: one SQLite file in WAL mode (pragmas and why in
 * open-sqlite-database.ts; commits made durable off the event loop in
 * wal-synced-sqlite-dialect.ts). Kysely's SQLite driver uses one connection and
 * runs one query or transaction at a time, so writes are serialised and
 * version ids are committed in id order. A script's lock is the database's
 * write lock, taken up front by `BEGIN IMMEDIATE` (script-lock.ts).
 *
 * The file is opened on first use: creating it never throws for I/O; the
 * first call (usually `migrate()`) rejects instead.
 */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  return createKyselyStorage({
    dialect: 'sqlite',
    db: new Kysely<Database>({ dialect: new WalSyncedSqliteDialect(options.file) }),
    codec: sqliteCodec,
    locks: { wait: sqliteScriptTransaction, try: sqliteTryScriptTransaction },
  });
}
