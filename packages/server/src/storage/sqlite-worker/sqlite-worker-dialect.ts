import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { QueryOutcome, SerializedError, SqliteWorkerData, WorkerRequest, WorkerResponse } from './protocol.js';

export interface SqliteWorkerDialectConfig {
  /** The database file, opened by `openSqliteDatabase` in the worker on first use. */
  file: string;
}

/**
 * A Kysely dialect for SQLite whose one connection lives on a worker thread
 * (worker.ts). Queries, pragmas and the SQL of migrations are the same as
 * with Kysely's SqliteDialect; only where better-sqlite3 runs changes: its
 * synchronous calls (the commit's fsync under `synchronous=FULL`, the busy
 * wait for another process's write lock) block the worker, not the server's
 * event loop. A query's promise still settles only after better-sqlite3
 * returned, so a resolved commit is a durable commit.
 */
export class SqliteWorkerDialect implements Dialect {
  readonly #config: SqliteWorkerDialectConfig;

  constructor(config: SqliteWorkerDialectConfig) {
    this.#config = { ...config };
  }

  createDriver(): Driver {
    return new SqliteWorkerDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/**
 * How the worker is started. From the compiled server, worker.js sits next to
 * this module; from the TypeScript sources, the worker needs tsx registered in
 * its own thread first (tsx-bootstrap.mjs).
 */
function startWorker(data: SqliteWorkerData): Worker {
  const compiled = new URL('./worker.js', import.meta.url);
  const entry = existsSync(fileURLToPath(compiled)) ? compiled : new URL('./tsx-bootstrap.mjs', import.meta.url);
  return new Worker(entry, { workerData: data });
}

/** The worker's error again, with its name, message and `code` (SQLITE_BUSY, SQLITE_CONSTRAINT_UNIQUE, ...). */
function reviveError(serialized: SerializedError, callerStack: string | undefined): Error {
  const Constructor = serialized.name === 'TypeError' ? TypeError : serialized.name === 'RangeError' ? RangeError : Error;
  const error = new Constructor(serialized.message) as Error & { code?: string };
  if (error.name !== serialized.name) {
    Object.defineProperty(error, 'name', { value: serialized.name, configurable: true, writable: true, enumerable: false });
  }
  if (serialized.code !== undefined) error.code = serialized.code;
  // Where the query was issued (this thread) first, then where it failed (the worker).
  const workerFrames = serialized.stack?.split('\n').slice(1).join('\n');
  const callerFrames = callerStack?.split('\n').slice(1).join('\n');
  error.stack = [`${serialized.name}: ${serialized.message}`, callerFrames, workerFrames && `    --- in the SQLite worker ---\n${workerFrames}`]
    .filter(Boolean)
    .join('\n');
  return error;
}

/** Structured clone turns the worker's Buffers into plain Uint8Arrays: give callers Buffers again, as better-sqlite3 does (no copy). */
function reviveRows(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
        row[column] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
    }
  }
  return rows;
}

interface Pending {
  resolve(outcome: QueryOutcome): void;
  reject(error: Error): void;
  callerStack: string | undefined;
}

/**
 * The main thread's side of one worker: numbered requests, each settled by the
 * worker's answer. The worker answers in order, one query at a time.
 */
class WorkerChannel {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Set once the worker can take no more queries (closed, crashed, exited). */
  #gone: Error | undefined;
  readonly #exited: Promise<void>;

  private constructor(worker: Worker) {
    this.#worker = worker;
    // An idle worker keeps no process alive (nor did the synchronous driver); one with a query in flight does.
    worker.unref();
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (message: WorkerResponse) => this.#onMessage(message));
    worker.on('error', (error) => this.#fail(error));
    worker.once('exit', (code) => this.#fail(new Error(`storage: the SQLite worker exited (code ${code})`)));
  }

  /** Starts a worker and waits until it opened the database. @throws the open's error (the worker is gone then). */
  static async open(data: SqliteWorkerData): Promise<WorkerChannel> {
    const worker = startWorker(data);
    worker.ref();
    // Removed one by one: Worker keeps listeners of its own (removeAllListeners would stop its messages).
    let stopListening = () => {};
    try {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (message: WorkerResponse) => {
          if (message.kind === 'opened') resolve();
          else if (message.kind === 'open-failed') reject(reviveError(message.error, new Error().stack));
          else reject(new Error(`storage: unexpected first message from the SQLite worker: ${message.kind}`));
        };
        const onExit = (code: number) => reject(new Error(`storage: the SQLite worker exited while opening (code ${code})`));
        worker.on('message', onMessage);
        worker.on('error', reject);
        worker.on('exit', onExit);
        stopListening = () => {
          worker.off('message', onMessage);
          worker.off('error', reject);
          worker.off('exit', onExit);
        };
      });
    } catch (error) {
      stopListening();
      await worker.terminate();
      throw error;
    }
    stopListening();
    return new WorkerChannel(worker);
  }

  query(compiledQuery: CompiledQuery): Promise<QueryOutcome> {
    if (this.#gone !== undefined) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    const callerStack = new Error().stack;
    return new Promise<QueryOutcome>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject, callerStack });
      this.#post({ kind: 'query', id, sql: compiledQuery.sql, parameters: compiledQuery.parameters });
    });
  }

  /** Closes the connection (after every query already sent) and waits for the thread to end. */
  async close(): Promise<void> {
    if (this.#gone === undefined) {
      this.#worker.ref();
      this.#post({ kind: 'close' });
    }
    await this.#exited;
  }

  #post(request: WorkerRequest): void {
    this.#worker.postMessage(request);
  }

  #onMessage(message: WorkerResponse): void {
    if (message.kind === 'closed') {
      this.#gone ??= new Error('storage: the SQLite database is closed');
      return;
    }
    if (message.kind !== 'result' && message.kind !== 'error') return;
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (message.kind === 'result') pending.resolve(message.outcome);
    else pending.reject(reviveError(message.error, pending.callerStack));
  }

  /** The worker is gone: nothing in flight will be answered. Whether it committed is unknown, so each fails. */
  #fail(error: Error): void {
    this.#gone ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

class SqliteWorkerConnection implements DatabaseConnection {
  readonly #channel: WorkerChannel;

  constructor(channel: WorkerChannel) {
    this.#channel = channel;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, numAffectedRows, insertId } = await this.#channel.query(compiledQuery);
    return {
      rows: reviveRows(rows) as R[],
      ...(numAffectedRows === undefined ? {} : { numAffectedRows }),
      ...(insertId === undefined ? {} : { insertId }),
    };
  }

  /** Not streamed across the thread: the whole result comes back, then is yielded row by row. */
  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (const row of rows) yield { rows: [row] };
  }
}

/** One connection, as Kysely's SqliteDriver: a transaction or a `connection()` call has it to itself. */
class SqliteWorkerDriver implements Driver {
  readonly #config: SqliteWorkerDialectConfig;
  readonly #mutex = new ConnectionMutex();
  #channel: WorkerChannel | undefined;
  #connection: SqliteWorkerConnection | undefined;

  constructor(config: SqliteWorkerDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    this.#channel = await WorkerChannel.open({ file: this.#config.file });
    this.#connection = new SqliteWorkerConnection(this.#channel);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    if (this.#connection === undefined) {
      this.#mutex.unlock();
      throw new Error('storage: the SQLite driver is not initialised');
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    await this.#channel?.close();
  }
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Waits for the single connection, as Kysely's SqliteDriver does. */
class ConnectionMutex {
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#held !== undefined) await this.#held;
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }

  unlock(): void {
    const release = this.#release;
    this.#held = undefined;
    this.#release = undefined;
    release?.();
  }
}
