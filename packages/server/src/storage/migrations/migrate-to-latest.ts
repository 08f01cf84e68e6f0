import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { accountsAndSharing } from './accounts-and-sharing.js';
import type { StorageDialect } from './column-types.js';
import { commenterRole } from './commenter-role.js';
import { historyAndComments } from './history-and-comments.js';
import { initialSchema } from './initial-schema.js';
import { scriptGeneration } from './script-generation.js';

/**
 * Every migration, in order, listed in code: no filesystem globbing, so the
 * set cannot change with the working directory or a bundler. Names are never
 * renamed or reordered once released; append new ones at the end.
 */
export function migrationsFor(dialect: StorageDialect): Record<string, Migration> {
  return {
    '0001_initial_schema': initialSchema(dialect),
    '0002_accounts_and_sharing': accountsAndSharing(dialect),
    '0003_script_generation': scriptGeneration(dialect),
    '0004_commenter_role': commenterRole(dialect),
    '0005_history_and_comments': historyAndComments(dialect),
  };
}

/**
 * Brings the database to the latest migration. Idempotent. Concurrent callers
 * are serialised by Kysely's migration lock (an advisory lock in PostgreSQL,
 * the single connection in SQLite).
 *
 * @throws the failing migration's error, annotated with its name.
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: StorageDialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`storage migration ${failed ?? '(before any migration ran)'} failed: ${message}`, { cause: error });
  }
}
