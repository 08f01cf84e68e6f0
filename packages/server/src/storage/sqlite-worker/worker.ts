/**
 * The SQLite worker thread: owns the one better-sqlite3 connection of a
 * storage and runs its queries, one message at a time, so the synchronous
 * parts (the fsync of `synchronous=FULL` at commit, the busy wait for another
 * process's write lock) stop this thread only, never the server's event loop.
 *
 * Started by sqlite-worker-dialect.ts; see protocol.ts for the messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { openSqliteDatabase } from '../open-sqlite-database.js';
import { serializeError, type QueryOutcome, type SqliteWorkerData, type WorkerRequest, type WorkerResponse } from './protocol.js';

if (parentPort === null) throw new Error('storage: the SQLite worker must run in a worker thread');
const port = parentPort;
const { file } = workerData as SqliteWorkerData;

function send(message: WorkerResponse): void {
  port.postMessage(message);
}

/** As Kysely's own SqliteConnection: readers return rows, the rest changes and the last rowid. */
function run(db: BetterSqlite3.Database, sql: string, parameters: readonly unknown[]): QueryOutcome {
  const statement = db.prepare(sql);
  if (statement.reader) return { rows: statement.all(parameters) as Array<Record<string, unknown>> };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return {
    rows: [],
    ...(changes === undefined || changes === null ? {} : { numAffectedRows: BigInt(changes) }),
    ...(lastInsertRowid === undefined || lastInsertRowid === null ? {} : { insertId: BigInt(lastInsertRowid) }),
  };
}

let db: BetterSqlite3.Database | undefined;
try {
  db = await openSqliteDatabase(file);
  send({ kind: 'opened' });
} catch (error) {
  send({ kind: 'open-failed', error: serializeError(error) });
  port.close();
}

if (db !== undefined) {
  const connection = db;
  port.on('message', (request: WorkerRequest) => {
    if (request.kind === 'close') {
      connection.close();
      send({ kind: 'closed' });
      port.close();
      return;
    }
    let response: WorkerResponse;
    try {
      response = { kind: 'result', id: request.id, outcome: run(connection, request.sql, request.parameters) };
    } catch (error) {
      response = { kind: 'error', id: request.id, error: serializeError(error) };
    }
    send(response);
  });
}
