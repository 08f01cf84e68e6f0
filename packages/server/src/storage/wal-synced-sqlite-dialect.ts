import type BetterSqlite3 from 'better-sqlite3';
import { SelectQueryNode, SqliteDialect, SqliteDriver, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { ConnectionQueue } from './connection-queue.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { WalSync } from './wal-sync.js';

/**
 * Kysely's SQLite dialect on our file, whose commits resolve only once they
 * are on stable storage, without the event loop waiting for the disk
 * (wal-sync.ts). A statement that leaves the connection outside a
 * transaction after it may have written (a `commit`, or a write in
 * autocommit) waits for an fdatasync of the log that began after it.
 * `:memory:` has no log and nothing to sync. The one connection is handed
 * over in order (connection-queue.ts), and keeps its prepared statements.
 */
export class WalSyncedSqliteDialect extends SqliteDialect {
  readonly #file: string;

  constructor(file: string) {
    super({ database: () => openSqliteDatabase(file) });
    this.#file = file;
  }

  override createDriver(): Driver {
    return new WalSyncedSqliteDriver(this.#file);
  }
}

class WalSyncedSqliteDriver extends SqliteDriver {
  readonly #opened: { database?: BetterSqlite3.Database };
  readonly #walSync: WalSync | undefined;
  readonly #queue = new ConnectionQueue();
  #connection: WalSyncedConnection | undefined;

  constructor(file: string) {
    const opened: { database?: BetterSqlite3.Database } = {};
    super({ database: async () => (opened.database = await openSqliteDatabase(file)) });
    this.#opened = opened;
    this.#walSync = file === ':memory:' || file === '' ? undefined : new WalSync(file);
  }

  /** The one connection, in turn. */
  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#queue.acquire();
    this.#connection ??= new WalSyncedConnection(this.#opened.database!, this.#walSync);
    return this.#connection;
  }

  override async releaseConnection(): Promise<void> {
    this.#queue.release();
  }

  override async destroy(): Promise<void> {
    await this.#walSync?.close();
    await super.destroy();
  }
}

const BEGIN = /^\s*begin\b/i;
const STATEMENT_CACHE_SIZE = 256;

/** Kysely's SqliteConnection, plus the wait for the log's sync after a statement that may have committed a write. */
class WalSyncedConnection implements DatabaseConnection {
  readonly #database: BetterSqlite3.Database;
  readonly #walSync: WalSync | undefined;
  /** A statement that may write ran since the last sync: the next end of a transaction syncs. */
  #wrote = false;
  /** Prepared statements by SQL, oldest first; preparing costs more than running most of our queries. */
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(database: BetterSqlite3.Database, walSync: WalSync | undefined) {
    this.#database = database;
    this.#walSync = walSync;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepared(compiledQuery.sql);
    // SQLite's own answer (sqlite3_stmt_readonly): an insert with `returning` reads rows and writes. `begin immediate`
    // only takes the lock: a transaction that only read (a seeding check that found nothing to seed) costs no sync.
    if (!statement.readonly && !BEGIN.test(compiledQuery.sql)) this.#wrote = true;
    const result = statement.reader ? { rows: statement.all(compiledQuery.parameters) as R[] } : ran<R>(statement.run(compiledQuery.parameters));
    // Outside a transaction now, after a write: it is committed (a rollback's needless sync is cheap).
    if (this.#wrote && !this.#database.inTransaction) {
      this.#wrote = false;
      await this.#walSync?.sync();
    }
    return result;
  }

  /** Kept for the most recently used SQL texts only: multi-row inserts and `in (…)` lists make new texts without end. */
  #prepared(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#database.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
    } else {
      this.#statements.delete(sql);
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error('storage: SQLite streams only select queries');
    for (const row of this.#database.prepare(compiledQuery.sql).iterate(compiledQuery.parameters)) yield { rows: [row as R] };
  }
}

function ran<R>({ changes, lastInsertRowid }: BetterSqlite3.RunResult): QueryResult<R> {
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}
