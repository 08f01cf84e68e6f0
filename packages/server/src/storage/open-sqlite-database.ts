import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/**
 * How long a statement waits for another process's lock (an operator's CLI)
 * before failing with SQLITE_BUSY. better-sqlite3 waits synchronously, so the
 * whole server stands still for that long: keep it short. A failed group
 * commit is retried, so a short wait loses nothing.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 250;

/**
 * Opens (creating it and its parent directory if missing) the SQLite file the
 * storage uses, with the settings durability depends on.
 *
 * synchronous=NORMAL: an acknowledged edit must survive not only a killed
 * process (WAL with NORMAL already does) but an OS crash or power loss, which
 * takes an fdatasync of the WAL after every commit. SQLite's FULL does it
 * inside the commit, on the calling thread, where a slow disk would stall
 * every socket; the storage's dialect does it instead before a commit's
 * promise resolves, on libuv's thread pool (wal-sync.ts). A connection opened
 * here without that dialect is only as durable as NORMAL. The write path's
 * group commit puts many rows in one transaction, so that one sync is
 * amortised.
 *
 * @throws when the file cannot be created or opened, or WAL cannot be enabled
 *   (e.g. a filesystem without shared memory support).
 */
export async function openSqliteDatabase(file: string): Promise<BetterSqlite3.Database> {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) await mkdir(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (!inMemory && mode !== 'wal') throw new Error(`storage: SQLite refused WAL mode for ${file} (got ${String(mode)})`);
    db.pragma('synchronous = NORMAL');
    // better-sqlite3 builds with foreign keys on by default; say so here rather than rely on a build flag.
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
