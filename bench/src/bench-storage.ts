import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostgresStorage } from '../../packages/server/src/storage/postgres-storage.js';
import { createSqliteStorage } from '../../packages/server/src/storage/sqlite-storage.js';
import type { Storage } from '../../packages/server/src/storage/storage.js';
import type { StorageChoice } from './bench-options.js';

export type StorageKind = 'sqlite' | 'postgres';

/** Pool size the server uses by default (PG_POOL_SIZE), so PostgreSQL figures match a default deployment. */
const POSTGRES_POOL_SIZE = 10;

export interface BenchStorage {
  kind: StorageKind;
  storage: Storage;
  /** Closes the storage and deletes its data (temp directory or throwaway database). */
  cleanup(): Promise<void>;
}

/** Cleanups of storages still open, for an interrupted run (see cleanUpOpenStorages). */
const openCleanups = new Set<() => Promise<void>>();

/** Registers a cleanup until it has run once; running it again is a no-op. */
function tracked(cleanup: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => {
    openCleanups.delete(once);
    done ??= cleanup();
    return done;
  };
  openCleanups.add(once);
  return once;
}

/**
 * Deletes the data of every storage still open, best effort (errors are
 * ignored): for Ctrl-C in the middle of a run, which otherwise leaves a temp
 * directory or a throwaway database behind.
 */
export async function cleanUpOpenStorages(): Promise<void> {
  await Promise.allSettled(Array.from(openCleanups, (cleanup) => cleanup()));
}

/** Thrown for a setup problem the user can fix; main.ts prints its message without a stack trace. */
export class BenchSetupError extends Error {
  override readonly name = 'BenchSetupError';
}

/** The admin URL the PostgreSQL helper uses, password masked, for messages. */
function adminUrlForMessages(): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test');
  if (url.password !== '') url.password = '***';
  return url.toString();
}

/**
 * The test suite's PostgreSQL helper (throwaway databases through the admin URL
 * `TEST_DATABASE_URL`, default postgres://127.0.0.1:5432/test). Imported
 * lazily: the module probes the server when loaded, which a SQLite-only run
 * should not pay for. On CI (CI=true) loading it fails when PostgreSQL is
 * unreachable, which is what the benchmark wants too: a CI run that quietly
 * measured SQLite alone would pass for a full one.
 */
async function postgresHelper() {
  try {
    return await import('../../packages/server/test/support/postgres.js');
  } catch (error) {
    if (process.env.CI !== 'true') throw error;
    throw new BenchSetupError(
      `PostgreSQL is unreachable at ${adminUrlForMessages()} and CI=true: the benchmark must measure it on CI. ` +
        'Start PostgreSQL, point TEST_DATABASE_URL at it, or pass --storage sqlite.',
      { cause: error },
    );
  }
}

/**
 * The storages to measure. `both` without a reachable PostgreSQL prints a note
 * and measures SQLite alone (on CI it fails instead, through postgresHelper).
 *
 * @throws BenchSetupError when PostgreSQL is needed (`postgres`, or `both` on CI) and unreachable.
 */
export async function selectStorages(choice: StorageChoice): Promise<StorageKind[]> {
  if (choice === 'sqlite') return ['sqlite'];
  const { postgresAvailable } = await postgresHelper();
  if (postgresAvailable) return choice === 'both' ? ['sqlite', 'postgres'] : ['postgres'];
  const where = `${adminUrlForMessages()}${process.env.TEST_DATABASE_URL === undefined ? ' (set TEST_DATABASE_URL to change it)' : ''}`;
  if (choice === 'postgres') throw new BenchSetupError(`PostgreSQL is unreachable at ${where}.`);
  console.log(`note: PostgreSQL is unreachable at ${where}; measuring SQLite only.\n`);
  return ['sqlite'];
}

/**
 * An empty throwaway PostgreSQL database for a server in another process
 * (`anchors`), which migrates it itself. `drop` deletes it; an interrupted
 * run drops it too (cleanUpOpenStorages).
 */
export async function createThrowawayPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const database = await (await postgresHelper()).createTestDatabase();
  return { url: database.url, drop: tracked(() => database.drop()) };
}

/** A fresh, migrated database: a SQLite file in a new temp directory, or a throwaway PostgreSQL database. */
export async function openBenchStorage(kind: StorageKind): Promise<BenchStorage> {
  if (kind === 'sqlite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'wr-bench-'));
    const storage = createSqliteStorage({ file: path.join(dataDir, 'writersroom.sqlite') });
    await storage.migrate();
    return {
      kind,
      storage,
      cleanup: tracked(async () => {
        // The directory goes even if closing fails; the file is all there is.
        await storage.close().finally(() => rmSync(dataDir, { recursive: true, force: true }));
      }),
    };
  }
  const database = await (await postgresHelper()).createTestDatabase();
  const storage = createPostgresStorage({ connectionString: database.url, maxConnections: POSTGRES_POOL_SIZE });
  try {
    await storage.migrate();
  } catch (error) {
    await storage.close();
    await database.drop();
    throw error;
  }
  return {
    kind,
    storage,
    cleanup: tracked(async () => {
      // drop() terminates the database's remaining connections itself.
      await storage.close().finally(() => database.drop());
    }),
  };
}
