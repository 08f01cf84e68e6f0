import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authFromConfig } from './auth/auth-from-config.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createSqliteStorage } from './storage/sqlite-storage.js';
import type { Storage } from './storage/storage.js';
import { startWritersRoom } from './writers-room.js';

/** Composition root: configuration → logger → storage → services → listen. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const logger = createLogger(config.logLevel);
  // The PostgreSQL driver loads only when it is used (about 100 ms and 15 MiB of a SQLite server's start).
  const storage: Storage = config.databaseUrl
    ? (await import('./storage/postgres-storage.js')).createPostgresStorage({
        connectionString: config.databaseUrl,
        maxConnections: config.postgresPoolSize,
        onPoolError: (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool replaces it'),
      })
    : createSqliteStorage({ file: config.sqliteFile });
  await storage.migrate();

  // `npm start` builds the client first when its sources changed (prestart); a server run another way may find none.
  const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));
  const webBuilt = existsSync(`${webRoot}/index.html`);
  if (!webBuilt) logger.warn({ webRoot }, 'the web client is not built; run `npm run build --workspace @writersroom/web`');

  const server = await startWritersRoom({
    config,
    storage,
    auth: authFromConfig(config, storage),
    logger,
    ...(webBuilt ? { webRoot } : { indexHtml: NOT_BUILT_HTML }),
    processMetrics: true,
  });
  logger.info(
    { url: server.url, storage: storage.dialect, database: config.databaseUrl ? 'postgres' : config.sqliteFile, auth: config.auth.mode },
    'WritersRoom is listening',
  );
  process.stdout.write(`WritersRoom is running at ${server.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    await storage.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

const NOT_BUILT_HTML =
  '<!doctype html><meta charset="utf-8"><title>WritersRoom</title>' +
  '<p>The sync server is running, but the web client is not built. Run <code>npm run build --workspace @writersroom/web</code> and restart.</p>';

void main();
