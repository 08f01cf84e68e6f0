import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createKyselyStorage } from './kysely-storage.js';
import type { RowCodec } from './row-codec.js';
import type { Database } from './schema.js';
import { postgresScriptTransaction, postgresTryScriptTransaction } from './script-lock.js';
import type { Storage } from './storage.js';

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /** Pool size; default 10. */
  maxConnections?: number;
  /**
   * Called when an idle pooled connection fails (server restart, network
   * drop). The pool discards that connection by itself; without a listener
   * the pool's 'error' event would crash the process. Default: ignore.
   */
  onPoolError?: (error: Error) => void;
}

/** How long a query waits for a connection (to connect, or for a busy pool to free one) before rejecting. */
export const POSTGRES_CONNECTION_TIMEOUT_MS = 10_000;

/**
 * Version ids and COUNT(*) are int8, which pg returns as strings to avoid
 * precision loss. Ids stay far below 2^53, so numbers are exact; should one
 * ever not be, the query fails instead of returning a wrong id.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`storage: int8 ${text} does not fit a JS number`);
  return value;
}

// Per pool, not pg.types.setTypeParser: other pg users in the process keep the defaults.
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** pg parses timestamptz to Date and jsonb to its value; anything else means a schema mismatch. */
const postgresCodec: RowCodec = {
  readTime(value) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw new Error(`storage: unreadable PostgreSQL timestamp ${String(value)}`);
    }
    return value;
  },
  readJson(value) {
    if (value === null || Array.isArray(value)) return value;
    throw new Error('storage: content_blocks is not a JSON array');
  },
};

/**
 * Production storage: PostgreSQL through a pg connection pool. Several server
 * processes may share one database; the schema (uuid, jsonb, bytea,
 * timestamptz, bigint identity) keeps the plan's diagnostic SQL working.
 * A script's lock is a transaction-scoped advisory lock (script-lock.ts), so
 * it holds across processes.
 *
 * No connection is made when it is created; the first query (usually
 * `migrate()`) rejects if the database is unreachable.
 */
export function createPostgresStorage(options: PostgresStorageOptions): Storage {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: POSTGRES_CONNECTION_TIMEOUT_MS,
    types: typeParsers,
  });
  pool.on('error', options.onPoolError ?? (() => {}));
  return createKyselyStorage({
    dialect: 'postgres',
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    codec: postgresCodec,
    locks: { wait: postgresScriptTransaction, try: postgresTryScriptTransaction },
  });
}
