import { authFromConfig } from '../../packages/server/src/auth/auth-from-config.js';
import { loadConfig } from '../../packages/server/src/config.js';
import { createLogger } from '../../packages/server/src/logger.js';
import type { ScriptId, Storage, UserId } from '../../packages/server/src/storage/storage.js';
import { startWritersRoom, type RunningWritersRoom } from '../../packages/server/src/writers-room.js';

/** The dev identity the benchmarks sign in as (token `dev:bench`). */
export const BENCH_USER = 'bench';

export interface BenchServer extends RunningWritersRoom {
  /** WebSocket URL of a script, with the dev token in the query string. */
  scriptUrl(scriptId: ScriptId, user?: string): string;
}

/**
 * The abuse limits one bench client crosses by design: it opens hundreds of
 * sockets a minute from one address as one account, creates scripts by the
 * thousand (`anchors`, over REST), and bursts updates far past a writer's
 * pace. They guard the door, not the sync path measured here.
 */
export const BENCH_LIMITS = {
  RATE_LIMIT_SCRIPTS_PER_HOUR: '1000000',
  RATE_LIMIT_SOCKET_ATTEMPTS_PER_MINUTE: '1000000',
  RATE_LIMIT_SOCKET_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '1000000',
  MAX_SOCKETS_PER_ACCOUNT: '100000',
  MAX_UPDATES_PER_SECOND: '100000',
};

/**
 * Starts the real server in this process on an ephemeral port, with the
 * default configuration (as a deployment would run it) except for silent logs,
 * the sign-in mode and BENCH_LIMITS. A constructed environment, not
 * process.env: a developer's own settings must not skew the figures.
 */
function startDefaultServer(storage: Storage, authMode: 'dev' | 'local', site: { indexHtml: string } | { webRoot: string }): Promise<RunningWritersRoom> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AUTH_MODE: authMode, ...BENCH_LIMITS });
  return startWritersRoom({ config, storage, auth: authFromConfig(config, storage), logger: createLogger('silent'), ...site });
}

/**
 * The real server with development tokens (`dev:<name>`) and no web client,
 * for benchmarks that speak the protocol themselves. The caller closes it,
 * then its storage.
 */
export async function startBenchServer(storage: Storage): Promise<BenchServer> {
  const server = await startDefaultServer(storage, 'dev', { indexHtml: '<!doctype html><title>bench</title>' });
  const wsBase = `${server.url.replace(/^http/, 'ws')}/ws/scripts`;
  return {
    ...server,
    scriptUrl: (scriptId, user = BENCH_USER) => `${wsBase}/${scriptId}?token=dev:${user}`,
  };
}

/**
 * The real server serving the built web client from `webRoot`, signing
 * browsers in as a deployment does by default (local accounts, session
 * cookie), for benchmarks that drive a browser. The caller closes it, then
 * its storage.
 */
export function startBenchWebServer(storage: Storage, webRoot: string): Promise<RunningWritersRoom> {
  return startDefaultServer(storage, 'local', { webRoot });
}

/** Provisions the dev user `name` (as the server would on first sign-in) and returns its id. */
export async function provisionBenchUser(storage: Storage, name = BENCH_USER): Promise<UserId> {
  return (await storage.provisionUser({ firebaseUid: `dev:${name}`, displayName: name })).userId;
}

/**
 * Creates `count` scripts owned by `ownerId`, each stored as one baseline row
 * followed by `updates` as update rows, the shape of a compacted script that
 * has been edited since. Each script is written with one `appendVersions`
 * call (one transaction); scripts are written one after another.
 */
export async function createStoredScripts(
  storage: Storage,
  ownerId: UserId,
  count: number,
  baseline: Uint8Array,
  updates: readonly Uint8Array[],
): Promise<ScriptId[]> {
  const scriptIds: ScriptId[] = [];
  for (let i = 0; i < count; i++) {
    const { scriptId } = await storage.createScript({ ownerId, title: `Bench script ${i + 1}` });
    await storage.appendVersions([
      { scriptId, update: baseline, createdBy: null, kind: 'baseline' },
      ...updates.map((update) => ({ scriptId, update, createdBy: null, kind: 'update' as const })),
    ]);
    scriptIds.push(scriptId);
  }
  return scriptIds;
}
