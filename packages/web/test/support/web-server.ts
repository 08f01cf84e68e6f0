import { authFromConfig } from '../../../server/src/auth/auth-from-config.js';
import { createLogger } from '../../../server/src/logger.js';
import { startWritersRoom, type RunningWritersRoom } from '../../../server/src/writers-room.js';
import { openTestStorage, testConfig, type TestStorage } from '../../../server/test/support/test-server.js';
import { distDir, ensureWebBuilt } from './web-build.js';

export interface WebServer {
  server: RunningWritersRoom;
  db: TestStorage;
  close(): Promise<void>;
}

/**
 * The real server in this process on port 0, with local accounts (cookie
 * sessions, not Secure: plain http on loopback), a fresh SQLite file and the
 * built web client as its web root.
 */
export async function startWebServer(): Promise<WebServer> {
  ensureWebBuilt();
  const db = await openTestStorage('sqlite');
  const config = testConfig({ auth: { mode: 'local', sessionTtlMs: 3_600_000, cookieSecure: false } });
  const server = await startWritersRoom({
    config,
    storage: db.storage,
    auth: authFromConfig(config, db.storage),
    logger: createLogger(config.logLevel),
    webRoot: distDir,
  });
  return {
    server,
    db,
    async close() {
      await server.close();
      await db.cleanup();
    },
  };
}
