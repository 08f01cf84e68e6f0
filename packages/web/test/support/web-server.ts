import { authFromConfig } from '../../../server/src/auth/auth-from-config.js';
import type { AuthConfig, Config } from '../../../server/src/config.js';
import { createLogger } from '../../../server/src/logger.js';
import { createPostgresStorage } from '../../../server/src/storage/postgres-storage.js';
import type { Storage } from '../../../server/src/storage/storage.js';
import { startWritersRoom, type RunningWritersRoom } from '../../../server/src/writers-room.js';
import { createTestDatabase } from '../../../server/test/support/postgres.js';
import { TcpProxy } from '../../../server/test/support/tcp-proxy.js';
import { openTestStorage, testConfig, type TestStorage } from '../../../server/test/support/test-server.js';
import { distDir, ensureWebBuilt } from './web-build.js';

export interface WebServerOptions {
  /**
   * `sqlite` (the default): a fresh SQLite file. `postgres-via-proxy`: a fresh
   * PostgreSQL database reached through a TCP proxy the test can cut.
   */
  database?: 'sqlite' | 'postgres-via-proxy';
  /** How the server signs people in; local accounts unless given (e.g. Firebase against a stand-in). */
  auth?: AuthConfig;
  /** The built client to serve; the current build (dist/) unless given, e.g. a copy a test changes into another build. */
  webRoot?: string;
}

export interface WebServer {
  /** The running server (a new instance after `restart`, on the same port). */
  readonly server: RunningWritersRoom;
  readonly storage: Storage;
  /** Where the database is, for the operator's CLI run as its own process. */
  readonly location: TestStorage['location'];
  /** The connection to PostgreSQL, for `postgres-via-proxy`: cut it to make the database unreachable. */
  readonly databaseLink: TcpProxy | null;
  /** Stops the server (sockets close with 1001, as on a deploy); the database stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port, over the same database. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server in this process, with local accounts unless told otherwise
 * (cookie sessions, not Secure: plain http on loopback) and the built web
 * client as its web root.
 */
export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  ensureWebBuilt();
  const database = options.database === 'postgres-via-proxy' ? await postgresViaProxy() : await sqlite();
  let config = testConfig({ auth: options.auth ?? { mode: 'local', sessionTtlMs: 3_600_000 } });
  let running: RunningWritersRoom | null = null;

  const start = async () => {
    running = await startWritersRoom({
      config,
      storage: database.storage,
      auth: authFromConfig(config, database.storage),
      logger: createLogger(config.logLevel),
      webRoot: options.webRoot ?? distDir,
    });
    // A restart must come back on the same port: open pages reconnect to the URL they have.
    config = { ...config, port: running.port } satisfies Config;
  };
  const stop = async () => {
    // A shutdown that never ends was seen a few times under the full suite's load, unexplained: fail saying so and
    // where it stood, not as a test timeout.
    const closing = running;
    await withDeadline(closing?.close({ flushTimeoutMs: 2_000 }), 20_000, () => `server.close() did not finish (waiting for: ${closing?.closingStep})`);
    running = null;
  };
  await start();

  return {
    get server() {
      if (!running) throw new Error('the web server is stopped');
      return running;
    },
    storage: database.storage,
    location: database.location,
    databaseLink: database.link,
    stop,
    start,
    async close() {
      database.link?.restore();
      await stop();
      await database.cleanup();
    },
  };
}

async function sqlite() {
  const opened = await openTestStorage('sqlite');
  return { storage: opened.storage, location: opened.location, link: null, cleanup: opened.cleanup };
}

async function postgresViaProxy() {
  const database = await createTestDatabase();
  const url = new URL(database.url);
  const link = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(link.port);
  const storage = createPostgresStorage({ connectionString: url.toString(), maxConnections: 4 });
  await storage.migrate();
  return {
    storage,
    // The CLI goes straight to the database: only the server's connection runs through the link.
    location: { kind: 'postgres' as const, url: database.url },
    link,
    async cleanup() {
      await storage.close();
      await link.close();
      await database.drop();
    },
  };
}

async function withDeadline<T>(work: Promise<T> | undefined, ms: number, what: () => string): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
