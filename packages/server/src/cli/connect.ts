import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { CliError, ExitCode, errorMessage } from './exit-codes.js';
import { createSqliteStorage } from '../storage/sqlite-storage.js';
import type { Storage } from '../storage/storage.js';

export interface Connection {
  storage: Storage;
  config: Config;
  /** Which database, for reports: the SQLite file, or the PostgreSQL URL without its password. */
  database: { dialect: 'sqlite' | 'postgres'; location: string };
}

/**
 * Connects with the server's own configuration variables (DATABASE_URL, else
 * DATA_DIR's SQLite file) and brings the schema up to date, as the server
 * does at start-up.
 *
 * A missing SQLite file is refused rather than created: an operator who runs
 * the CLI with the wrong DATA_DIR should not get an empty new database and a
 * clean report.
 *
 * @throws CliError: exit 2 for invalid configuration, exit 3 when the database cannot be reached.
 */
export async function connect(env: NodeJS.ProcessEnv): Promise<Connection> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(ExitCode.Usage, error.message);
    throw error;
  }
  let storage: Storage;
  let location: string;
  if (config.databaseUrl) {
    location = withoutPassword(config.databaseUrl);
    // Loaded only when used: every command run against SQLite would pay for the driver.
    const { createPostgresStorage } = await import('../storage/postgres-storage.js');
    storage = createPostgresStorage({ connectionString: config.databaseUrl, maxConnections: 2 });
  } else {
    location = config.sqliteFile;
    if (!existsSync(config.sqliteFile)) {
      throw new CliError(ExitCode.CannotConnect, `no database at ${config.sqliteFile} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`);
    }
    storage = createSqliteStorage({ file: config.sqliteFile });
  }
  try {
    await storage.migrate();
  } catch (error) {
    await storage.close().catch(() => undefined);
    throw new CliError(ExitCode.CannotConnect, `cannot connect to ${location}: ${errorMessage(error)}`, { cause: error });
  }
  return { storage, config, database: { dialect: storage.dialect, location } };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
