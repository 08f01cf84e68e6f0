import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { authFromConfig, type AuthParts } from '../../src/auth/auth-from-config.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createPostgresStorage } from '../../src/storage/postgres-storage.js';
import { createSqliteStorage } from '../../src/storage/sqlite-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { startWritersRoom, type RunningWritersRoom } from '../../src/writers-room.js';
import { createTestDatabase, postgresAvailable } from './postgres.js';
import { blankPageUpdate } from './providers.js';

export type StorageKind = 'sqlite' | 'postgres';

/**
 * Both storages, each with whether it can run here, for suites that must
 * behave the same on both: `describe.skipIf(!available)` (without PostgreSQL
 * locally it is skipped; with CI=true importing postgres.ts fails instead).
 */
export const STORAGE_KINDS: ReadonlyArray<{ kind: StorageKind; available: boolean }> = [
  { kind: 'sqlite', available: true },
  { kind: 'postgres', available: postgresAvailable },
];

export interface TestStorage {
  storage: Storage;
  /** SQLite file or PostgreSQL URL, for a child process to reuse. */
  location: { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };
  cleanup(): Promise<void>;
}

/** A fresh, migrated database of the given kind: a temp SQLite file or a throwaway PostgreSQL database. */
export async function openTestStorage(kind: StorageKind): Promise<TestStorage> {
  if (kind === 'sqlite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'wr-test-'));
    const storage = createSqliteStorage({ file: path.join(dataDir, 'writersroom.sqlite') });
    await storage.migrate();
    return {
      storage,
      location: { kind, dataDir },
      async cleanup() {
        await storage.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase();
  const storage = createPostgresStorage({ connectionString: database.url, maxConnections: 5 });
  await storage.migrate();
  return {
    storage,
    location: { kind, url: database.url },
    async cleanup() {
      await storage.close();
      await database.drop();
    },
  };
}

/**
 * Server configuration for tests: an ephemeral port, quiet logs, development
 * tokens unless told otherwise, and exports of scripts deleted for good in the
 * system's temp folder rather than the repository's ./data (their names never repeat).
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const deletedScriptsDir = path.join(tmpdir(), 'writersroom-test-deleted');
  return { ...loadConfig({ PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', AUTH_MODE: 'dev' }), deletedScriptsDir, ...overrides };
}

export interface TestServer extends RunningWritersRoom {
  /** Base for WebSocket script URLs: `${wsBase}/${scriptId}`. */
  wsBase: string;
}

/**
 * Starts a real server (Fastify + ws) in this process on port 0. `options.auth`
 * replaces the verifier stack the configuration would choose (to watch it).
 */
export async function startTestServer(
  storage: Storage,
  overrides: Partial<Config> = {},
  options: { logger?: Logger; auth?: AuthParts } = {},
): Promise<TestServer> {
  const config = testConfig(overrides);
  const server = await startWritersRoom({
    config,
    storage,
    auth: options.auth ?? authFromConfig(config, storage),
    logger: options.logger ?? createLogger(config.logLevel),
    indexHtml: '<!doctype html><title>test</title>',
  });
  return { ...server, wsBase: `${server.url.replace(/^http/, 'ws')}/ws/scripts` };
}

/**
 * Creates a script owned by the dev user `name`, through storage, holding a
 * blank page (one baseline row) unless `blank` is false (no rows at all).
 */
export async function createScriptFor(storage: Storage, name: string, title = 'Untitled', options: { blank?: boolean } = {}): Promise<string> {
  const owner = await storage.provisionUser({ firebaseUid: `dev:${name}`, displayName: name });
  const script = await storage.createScript({ ownerId: owner.userId, title });
  if (options.blank ?? true) {
    await storage.appendVersions([{ scriptId: script.scriptId, update: blankPageUpdate(), createdBy: null, kind: 'baseline' }]);
  }
  return script.scriptId;
}

/** A logger whose JSON lines a test can read back. */
export function capturedLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const written: string[] = [];
  const logger = createLogger('info', { write: (line: string) => written.push(line) });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Reads one sample of a metric from the server's /metrics text, 0 when absent. */
export async function metricValue(baseUrl: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}}` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
