/**
 * Messages between the storage (main thread) and the SQLite worker thread
 * (worker.ts). Everything crosses by structured clone: strings, numbers,
 * bigints, null and Uint8Array (a Buffer arrives as a plain Uint8Array).
 */

/** What the worker is started with (`workerData`). */
export interface SqliteWorkerData {
  /** Passed to `openSqliteDatabase` inside the worker. */
  file: string;
}

/** One compiled query to run on the worker's connection. */
export interface QueryRequest {
  kind: 'query';
  id: number;
  sql: string;
  parameters: readonly unknown[];
}

/** Closes the connection; the worker then exits by itself. */
export interface CloseRequest {
  kind: 'close';
}

export type WorkerRequest = QueryRequest | CloseRequest;

/**
 * An error thrown in the worker, as plain data: structured clone keeps an
 * Error's message but drops own properties such as better-sqlite3's `code`
 * (e.g. SQLITE_BUSY, SQLITE_CONSTRAINT_UNIQUE), which callers rely on.
 */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Same shape as Kysely's `QueryResult` (numAffectedRows/insertId as bigint). */
export interface QueryOutcome {
  rows: Array<Record<string, unknown>>;
  numAffectedRows?: bigint;
  insertId?: bigint;
}

export type WorkerResponse =
  | { kind: 'opened' }
  | { kind: 'open-failed'; error: SerializedError }
  | { kind: 'result'; id: number; outcome: QueryOutcome }
  | { kind: 'error'; id: number; error: SerializedError }
  | { kind: 'closed' };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { name: 'Error', message: String(error) };
}
