import path from 'node:path';
import proxyAddr from '@fastify/proxy-addr';
import { z } from 'zod';
import { DEFAULT_MAX_MESSAGE_BYTES } from '@writersroom/protocol';
import type { RetentionPolicy } from './history/checkpoint-retention.js';

/**
 * Every setting of the server, read once from the environment at start-up and
 * validated into one typed object. Units live in the names.
 */
export type AuthConfig =
  | { mode: 'local'; sessionTtlMs: number }
  | FirebaseAuthConfig
  | { mode: 'oidc'; issuer: string; audience: string; jwksUrl: string }
  | { mode: 'dev' };

export interface HistoryConfig {
  /** An automatic checkpoint is taken once a script has had no edit for this long… */
  quietMs: number;
  /** …or this long after the first edit since the last one, however busy the writing. */
  maxIntervalMs: number;
  retention: RetentionPolicy;
}

export interface FirebaseAuthConfig {
  mode: 'firebase';
  projectId: string;
  /** Where Firebase's signing keys are published; undefined: Google's securetoken JWKS. */
  keysUrl: string | undefined;
  /** The project's public web API key: the browser's sign-in page calls Google's auth REST API with it. */
  apiKey: string;
  /**
   * Base URL of a stand-in for the auth REST API, in the Firebase emulator's
   * layout (`${authUrl}/identitytoolkit.googleapis.com/v1/…`), without a
   * trailing slash; undefined: Google's own hosts over HTTPS. Its tokens are
   * verified as any others (keysUrl), so the emulator's unsigned ones are refused.
   */
  authUrl: string | undefined;
}

export interface Config {
  host: string;
  port: number;
  /** PostgreSQL connection string; undefined selects the embedded SQLite file. */
  databaseUrl: string | undefined;
  /** SQLite file used when no DATABASE_URL is set. */
  sqliteFile: string;
  /** Where a script deleted for good is exported first (DELETED_SCRIPTS_DIR; default `<DATA_DIR>/deleted`). */
  deletedScriptsDir: string;
  postgresPoolSize: number;
  auth: AuthConfig;
  /** Marks the session cookie `Secure` (behind HTTPS); the cookie carries local sessions and exchanged ID tokens alike. */
  cookieSecure: boolean;
  /**
   * Origins whose pages may make cookie-authenticated requests and sockets
   * (against cross-site request and WebSocket hijacking). Undefined: this
   * server's own origins, known once it listens.
   */
  allowedOrigins: string[] | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a script stays in memory after its last connection leaves. */
  unloadGraceMs: number;
  /** How long the group commit waits to gather rows before one multi-row insert. */
  commitWindowMs: number;
  /** Upper bound of the back-off between retries while the database is unreachable. */
  commitRetryMaxMs: number;
  /** How soon after an edit `content_blocks` reflects it. */
  projectionDelayMs: number;
  maxMessageBytes: number;
  /** Interval of WebSocket pings; a peer that missed one pong is terminated. */
  heartbeatIntervalMs: number;
  /** Upper bound of how long a verified token is trusted without verifying it again. */
  /** Local accounts: wrong passwords per account within the window before it refuses sign-ins for a while. */
  signInLimit: { failures: number; windowMs: number };
  tokenCacheTtlMs: number;
  tokenCacheMaxEntries: number;
  /** Tolerance for `iat`/`auth_time` slightly in the future (clocks of identity providers drift). */
  clockSkewMs: number;
  /** A script with more stored rows than this is compacted (by the scheduler, or when it unloads). */
  compactMaxRows: number;
  /** A script whose oldest row is older than this (and has 2 rows or more) is compacted. */
  compactMaxAgeMs: number;
  /** Pause between compaction sweeps; 0 turns the server's compaction off (sweeps, on-unload and live). */
  compactIntervalMs: number;
  /** Least time between two compactions of one loaded script past compactMaxRows (sync SPEC [SY32]); 0 leaves loaded scripts to the sweeps. */
  compactLiveIntervalMs: number;
  /** When automatic checkpoints of a script's history are taken, and how long they are kept (history/). */
  history: HistoryConfig;
  /**
   * Which peers may report the client's address and scheme (X-Forwarded-For,
   * -Proto, -Host): none (the default: forwarded headers are ignored), every
   * peer, the first `hops` peers, or the listed addresses and CIDR ranges.
   */
  trustProxy: TrustProxySetting;
  /** Redis for state shared by several server processes (rate limits, socket quotas); undefined: in-process. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so that several deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  limits: Limits;
}

export type TrustProxySetting = { kind: 'none' } | { kind: 'all' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] };

/** A number of events allowed per key within a window. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Every limit against floods and abuse (README, Configuration; SECURITY.md). */
export interface Limits {
  /** Per client address. */
  signUps: RateLimit;
  signIns: RateLimit;
  linkRedemptions: RateLimit;
  invitations: RateLimit;
  scriptCreations: RateLimit;
  /** Exports (a PDF costs a few hundred ms of the server's one thread). */
  exports: RateLimit;
  /** Files read by `POST /api/imports` (a long PDF costs a second or so of the thread). */
  imports: RateLimit;
  /** WebSocket connection attempts, per client address and per account. */
  socketAttemptsPerAddress: RateLimit;
  socketAttemptsPerAccount: RateLimit;
  /** Sockets one account may hold open at once, across processes when Redis is configured. */
  socketsPerAccount: number;
  /** Document messages (updates) one socket may send per second, sustained; bursts of five seconds' worth pass. */
  updatesPerSecond: number;
  /** Awareness messages one socket may send per second, sustained, with the same burst. */
  awarenessPerSecond: number;
  /** Largest awareness message (a writer's caret and name): far below MAX_MESSAGE_BYTES. */
  maxAwarenessBytes: number;
  /** Largest stored size of one script's document (its encoded state); growth beyond is refused. */
  maxDocumentBytes: number;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const DAY_MS = 24 * 3600 * 1000;

const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DELETED_SCRIPTS_DIR: z.string().min(1).optional(),
  PG_POOL_SIZE: integer(1, 500).default(10),
  AUTH_MODE: z.enum(['local', 'firebase', 'oidc', 'dev']).default('local'),
  SESSION_TTL_HOURS: integer(1, 24 * 365).default(24 * 30),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  FIREBASE_PROJECT_ID: z.string().regex(/^[a-z0-9-]{4,63}$/, 'must be a Firebase project id').optional(),
  FIREBASE_KEYS_URL: z.string().url().optional(),
  FIREBASE_API_KEY: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a Firebase web API key (letters, digits, - and _)').optional(),
  FIREBASE_AUTH_URL: z
    .string()
    .url()
    .regex(/^https?:\/\/[^?#]*$/, 'must be an http:// or https:// base URL without query or fragment')
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_JWKS_URL: z.string().url().optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  SIGNIN_FAILURES_PER_ACCOUNT: integer(1, 1000).default(10),
  SIGNIN_FAILURE_WINDOW_MINUTES: integer(1, 24 * 60).default(15),
  TOKEN_CACHE_TTL_MS: integer(0, 3600 * 1000).default(60_000),
  TOKEN_CACHE_MAX_ENTRIES: integer(1, 10_000_000).default(10_000),
  CLOCK_SKEW_S: integer(0, 3600).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UNLOAD_GRACE_MS: integer(0, 24 * 3600 * 1000).default(30_000),
  COMMIT_WINDOW_MS: integer(0, 1000).default(2),
  COMMIT_RETRY_MAX_MS: integer(10, 600_000).default(5_000),
  PROJECTION_DELAY_MS: integer(0, 600_000).default(2_000),
  MAX_MESSAGE_BYTES: integer(1024, 1024 * 1024 * 1024).default(DEFAULT_MAX_MESSAGE_BYTES),
  HEARTBEAT_INTERVAL_MS: integer(100, 3600 * 1000).default(30_000),
  COMPACT_MAX_ROWS: integer(1, 1_000_000_000).default(50),
  COMPACT_MAX_AGE_DAYS: integer(0, 36_500).default(7),
  COMPACT_INTERVAL_MS: integer(0, 7 * 24 * 3600 * 1000).default(10 * 60 * 1000),
  COMPACT_LIVE_INTERVAL_MS: integer(0, 24 * 3600 * 1000).default(10_000),
  HISTORY_QUIET_MS: integer(1_000, 24 * 3600 * 1000).default(3 * 60 * 1000),
  HISTORY_MAX_INTERVAL_MS: integer(1_000, 24 * 3600 * 1000).default(30 * 60 * 1000),
  HISTORY_KEEP_ALL_HOURS: integer(0, 100_000).default(24),
  HISTORY_KEEP_HOURLY_DAYS: integer(0, 36_500).default(7),
  HISTORY_KEEP_DAILY_DAYS: integer(0, 36_500).default(90),
  TRUST_PROXY: z.string().default('false'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1 to 64 letters, digits, :, _ or -').default('writersroom:'),
  RATE_LIMIT_SIGNUPS_PER_HOUR: integer(1, 1_000_000).default(20),
  RATE_LIMIT_SIGNINS_PER_MINUTE: integer(1, 1_000_000).default(30),
  RATE_LIMIT_LINK_REDEMPTIONS_PER_MINUTE: integer(1, 1_000_000).default(30),
  RATE_LIMIT_INVITATIONS_PER_HOUR: integer(1, 1_000_000).default(200),
  RATE_LIMIT_SCRIPTS_PER_HOUR: integer(1, 1_000_000).default(200),
  RATE_LIMIT_EXPORTS_PER_MINUTE: integer(1, 1_000_000).default(20),
  RATE_LIMIT_IMPORTS_PER_MINUTE: integer(1, 1_000_000).default(20),
  RATE_LIMIT_SOCKET_ATTEMPTS_PER_MINUTE: integer(1, 1_000_000).default(300),
  RATE_LIMIT_SOCKET_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: integer(1, 1_000_000).default(120),
  MAX_SOCKETS_PER_ACCOUNT: integer(1, 100_000).default(40),
  MAX_UPDATES_PER_SECOND: integer(1, 100_000).default(100),
  MAX_AWARENESS_PER_SECOND: integer(1, 100_000).default(60),
  MAX_AWARENESS_BYTES: integer(256, 1024 * 1024).default(8 * 1024),
  MAX_DOCUMENT_BYTES: integer(64 * 1024, 1024 * 1024 * 1024).default(32 * 1024 * 1024),
});

const MINUTE_MS = 60_000;
const HOUR_MS = 3600_000;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Throws a ConfigError listing every bad variable, not just the first. An
 * empty variable counts as unset, as it does in most `.env` conventions.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const v = parsed.data;
  const problems: string[] = [];
  const auth = authConfig(v, problems);
  const allowedOrigins = v.ALLOWED_ORIGINS === undefined ? undefined : originList(v.ALLOWED_ORIGINS, problems);
  const trustProxy = trustProxySetting(v.TRUST_PROXY, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host: v.HOST,
    port: v.PORT,
    databaseUrl: v.DATABASE_URL,
    // A relative DATA_DIR means the folder the operator ran npm in (INIT_CWD): `npm start` runs the
    // server from packages/server, and `npx writersroom` must find the same file from the same place.
    sqliteFile: path.resolve(env.INIT_CWD ?? process.cwd(), v.DATA_DIR, 'writersroom.sqlite'),
    deletedScriptsDir: path.resolve(env.INIT_CWD ?? process.cwd(), v.DELETED_SCRIPTS_DIR ?? path.join(v.DATA_DIR, 'deleted')),
    postgresPoolSize: v.PG_POOL_SIZE,
    auth,
    cookieSecure: v.COOKIE_SECURE === 'true',
    allowedOrigins,
    logLevel: v.LOG_LEVEL,
    unloadGraceMs: v.UNLOAD_GRACE_MS,
    commitWindowMs: v.COMMIT_WINDOW_MS,
    commitRetryMaxMs: v.COMMIT_RETRY_MAX_MS,
    projectionDelayMs: v.PROJECTION_DELAY_MS,
    maxMessageBytes: v.MAX_MESSAGE_BYTES,
    heartbeatIntervalMs: v.HEARTBEAT_INTERVAL_MS,
    signInLimit: { failures: v.SIGNIN_FAILURES_PER_ACCOUNT, windowMs: v.SIGNIN_FAILURE_WINDOW_MINUTES * 60_000 },
    tokenCacheTtlMs: v.TOKEN_CACHE_TTL_MS,
    tokenCacheMaxEntries: v.TOKEN_CACHE_MAX_ENTRIES,
    clockSkewMs: v.CLOCK_SKEW_S * 1000,
    compactMaxRows: v.COMPACT_MAX_ROWS,
    compactMaxAgeMs: v.COMPACT_MAX_AGE_DAYS * DAY_MS,
    compactIntervalMs: v.COMPACT_INTERVAL_MS,
    compactLiveIntervalMs: v.COMPACT_LIVE_INTERVAL_MS,
    history: {
      quietMs: v.HISTORY_QUIET_MS,
      maxIntervalMs: v.HISTORY_MAX_INTERVAL_MS,
      retention: { keepAllMs: v.HISTORY_KEEP_ALL_HOURS * HOUR_MS, hourlyMs: v.HISTORY_KEEP_HOURLY_DAYS * DAY_MS, dailyMs: v.HISTORY_KEEP_DAILY_DAYS * DAY_MS },
    },
    trustProxy,
    redisUrl: v.REDIS_URL,
    redisKeyPrefix: v.REDIS_KEY_PREFIX,
    limits: {
      signUps: { max: v.RATE_LIMIT_SIGNUPS_PER_HOUR, windowMs: HOUR_MS },
      signIns: { max: v.RATE_LIMIT_SIGNINS_PER_MINUTE, windowMs: MINUTE_MS },
      linkRedemptions: { max: v.RATE_LIMIT_LINK_REDEMPTIONS_PER_MINUTE, windowMs: MINUTE_MS },
      invitations: { max: v.RATE_LIMIT_INVITATIONS_PER_HOUR, windowMs: HOUR_MS },
      scriptCreations: { max: v.RATE_LIMIT_SCRIPTS_PER_HOUR, windowMs: HOUR_MS },
      exports: { max: v.RATE_LIMIT_EXPORTS_PER_MINUTE, windowMs: MINUTE_MS },
      imports: { max: v.RATE_LIMIT_IMPORTS_PER_MINUTE, windowMs: MINUTE_MS },
      socketAttemptsPerAddress: { max: v.RATE_LIMIT_SOCKET_ATTEMPTS_PER_MINUTE, windowMs: MINUTE_MS },
      socketAttemptsPerAccount: { max: v.RATE_LIMIT_SOCKET_ATTEMPTS_PER_ACCOUNT_PER_MINUTE, windowMs: MINUTE_MS },
      socketsPerAccount: v.MAX_SOCKETS_PER_ACCOUNT,
      updatesPerSecond: v.MAX_UPDATES_PER_SECOND,
      awarenessPerSecond: v.MAX_AWARENESS_PER_SECOND,
      maxAwarenessBytes: v.MAX_AWARENESS_BYTES,
      maxDocumentBytes: v.MAX_DOCUMENT_BYTES,
    },
  };
}

/**
 * TRUST_PROXY: `false` (forwarded headers ignored), `true` (every peer is a
 * proxy: only when nothing reaches the server but through one), a number of
 * proxy hops, or a comma-separated list of proxy addresses and CIDR ranges
 * (also `loopback`, `linklocal`, `uniquelocal`).
 */
function trustProxySetting(raw: string, problems: string[]): TrustProxySetting {
  if (raw === 'false') return { kind: 'none' };
  if (raw === 'true') return { kind: 'all' };
  if (/^\d+$/.test(raw)) return { kind: 'hops', hops: Number(raw) };
  const addresses = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  const problem = `TRUST_PROXY: must be true, false, a number of hops, or proxy addresses and CIDR ranges, got ${JSON.stringify(raw)}`;
  try {
    if (addresses.length === 0) problems.push(problem);
    else proxyAddr.compile(addresses);
  } catch (error) {
    problems.push(`${problem} (${(error as Error).message})`);
  }
  return { kind: 'addresses', addresses };
}

type Variables = z.infer<typeof schema>;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** The settings of the chosen AUTH_MODE; each mode's required variables are reported when missing. */
function authConfig(v: Variables, problems: string[]): AuthConfig {
  switch (v.AUTH_MODE) {
    case 'local':
      return { mode: 'local', sessionTtlMs: v.SESSION_TTL_HOURS * 3600 * 1000 };
    case 'firebase':
      if (!v.FIREBASE_PROJECT_ID) problems.push('FIREBASE_PROJECT_ID: required when AUTH_MODE=firebase');
      // Required, though only the browser uses it: without it the served sign-in page could sign nobody in.
      if (!v.FIREBASE_API_KEY) {
        problems.push('FIREBASE_API_KEY: required when AUTH_MODE=firebase (the web API key in the Firebase console, Project settings > General; the sign-in page needs it)');
      }
      return {
        mode: 'firebase',
        projectId: v.FIREBASE_PROJECT_ID ?? '',
        keysUrl: v.FIREBASE_KEYS_URL,
        apiKey: v.FIREBASE_API_KEY ?? '',
        authUrl: v.FIREBASE_AUTH_URL,
      };
    case 'oidc':
      for (const name of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const) {
        if (!v[name]) problems.push(`${name}: required when AUTH_MODE=oidc`);
      }
      return { mode: 'oidc', issuer: v.OIDC_ISSUER ?? '', audience: v.OIDC_AUDIENCE ?? '', jwksUrl: v.OIDC_JWKS_URL ?? '' };
    case 'dev':
      // Development tokens prove nothing; never let them face a network.
      if (!LOOPBACK.has(v.HOST)) problems.push('AUTH_MODE: dev is only allowed when HOST is a loopback address');
      return { mode: 'dev' };
  }
}

/** The origins a browser uses to reach a server listening on `host:port`. */
export function ownOrigins(host: string, port: number): string[] {
  const hosts = LOOPBACK.has(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  return hosts.map((name) => `http://${name}:${port}`);
}

function originList(raw: string, problems: string[]): string[] {
  const origins = raw.split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) problems.push(`ALLOWED_ORIGINS: ${origin} is not an origin like https://writersroom.example`);
  }
  return origins;
}
