import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_MESSAGE_BYTES } from '@writersroom/protocol';

/**
 * Every setting of the server, read once from the environment at start-up and
 * validated into one typed object. Units live in the names.
 */
export interface Config {
  host: string;
  port: number;
  /** PostgreSQL connection string; undefined selects the embedded SQLite file. */
  databaseUrl: string | undefined;
  /** SQLite file used when no DATABASE_URL is set. */
  sqliteFile: string;
  postgresPoolSize: number;
  authMode: 'dev';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a script stays in memory after its last connection leaves. */
  unloadGraceMs: number;
  /** How long the group commit waits to gather rows before one multi-row insert. */
  commitWindowMs: number;
  /** Upper bound of the back-off between retries while the database is unreachable. */
  commitRetryMaxMs: number;
  maxMessageBytes: number;
  /** Interval of WebSocket pings; a peer that missed one pong is terminated. */
  heartbeatIntervalMs: number;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PG_POOL_SIZE: integer(1, 500).default(10),
  AUTH_MODE: z.enum(['dev']).default('dev'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UNLOAD_GRACE_MS: integer(0, 24 * 3600 * 1000).default(30_000),
  COMMIT_WINDOW_MS: integer(0, 1000).default(2),
  COMMIT_RETRY_MAX_MS: integer(10, 600_000).default(5_000),
  MAX_MESSAGE_BYTES: integer(1024, 1024 * 1024 * 1024).default(DEFAULT_MAX_MESSAGE_BYTES),
  HEARTBEAT_INTERVAL_MS: integer(100, 3600 * 1000).default(30_000),
});

/** Names and defaults of every variable, for the README and `--help`. */
export const configVariables = Object.keys(schema.shape);

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
  return {
    host: v.HOST,
    port: v.PORT,
    databaseUrl: v.DATABASE_URL,
    sqliteFile: path.resolve(v.DATA_DIR, 'writersroom.sqlite'),
    postgresPoolSize: v.PG_POOL_SIZE,
    authMode: v.AUTH_MODE,
    logLevel: v.LOG_LEVEL,
    unloadGraceMs: v.UNLOAD_GRACE_MS,
    commitWindowMs: v.COMMIT_WINDOW_MS,
    commitRetryMaxMs: v.COMMIT_RETRY_MAX_MS,
    maxMessageBytes: v.MAX_MESSAGE_BYTES,
    heartbeatIntervalMs: v.HEARTBEAT_INTERVAL_MS,
  };
}
