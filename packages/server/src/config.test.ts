import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, auth: { mode: 'local' }, allowedOrigins: undefined, commitWindowMs: 2 });
    expect(config.sqliteFile).toMatch(/data[/\\]writersroom\.sqlite$/);
  });

  it('resolves a relative DATA_DIR from where npm was run, so npm start and npx writersroom share one file', () => {
    // npm start runs the server from packages/server; INIT_CWD is the folder the operator typed it in.
    expect(loadConfig({ INIT_CWD: '/srv/writersroom' }).sqliteFile).toBe(path.join('/srv/writersroom', 'data', 'writersroom.sqlite'));
    expect(loadConfig({ INIT_CWD: '/srv/writersroom', DATA_DIR: '/var/lib/wr' }).sqliteFile).toBe(path.join('/var/lib/wr', 'writersroom.sqlite'));
    expect(loadConfig({}).sqliteFile).toBe(path.resolve('data', 'writersroom.sqlite'));
  });

  it('exports scripts deleted for good into DATA_DIR/deleted unless DELETED_SCRIPTS_DIR names another folder', () => {
    expect(loadConfig({ INIT_CWD: '/srv/wr', DATA_DIR: 'db' }).deletedScriptsDir).toBe(path.join('/srv/wr', 'db', 'deleted'));
    expect(loadConfig({ INIT_CWD: '/srv/wr', DELETED_SCRIPTS_DIR: '/backups/scripts' }).deletedScriptsDir).toBe('/backups/scripts');
  });

  it('selects PostgreSQL with DATABASE_URL and treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db.internal/wr' }).databaseUrl).toBe('postgres://db.internal/wr');
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://nope', UNLOAD_GRACE_MS: '-5', AUTH_MODE: 'none' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'UNLOAD_GRACE_MS', 'AUTH_MODE']) expect(message).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('requires the settings of the chosen sign-in method', () => {
    expect(() => loadConfig({ AUTH_MODE: 'firebase' })).toThrow(/FIREBASE_PROJECT_ID: required[\s\S]*FIREBASE_API_KEY: required/);
    expect(() => loadConfig({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example' })).toThrow(/OIDC_AUDIENCE[\s\S]*OIDC_JWKS_URL/);
    expect(loadConfig({ AUTH_MODE: 'firebase', FIREBASE_PROJECT_ID: 'writers-room-prod', FIREBASE_API_KEY: 'AIzaSyExample-Key_1' }).auth).toEqual({
      mode: 'firebase',
      projectId: 'writers-room-prod',
      keysUrl: undefined,
      apiKey: 'AIzaSyExample-Key_1',
      authUrl: undefined,
    });
  });

  it('explains that the browser needs FIREBASE_API_KEY, and checks it and FIREBASE_AUTH_URL', () => {
    expect(() => loadConfig({ AUTH_MODE: 'firebase', FIREBASE_PROJECT_ID: 'writers-room-prod' })).toThrow(
      /FIREBASE_API_KEY: required when AUTH_MODE=firebase \(.*sign-in page/,
    );
    let error: unknown;
    try {
      loadConfig({ AUTH_MODE: 'firebase', FIREBASE_PROJECT_ID: 'writers-room-prod', FIREBASE_API_KEY: 'a key?', FIREBASE_AUTH_URL: 'ftp://auth.example' });
    } catch (thrown) {
      error = thrown;
    }
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['FIREBASE_API_KEY', 'FIREBASE_AUTH_URL']);
  });

  it('reads FIREBASE_AUTH_URL as a base URL in the emulator layout, without its trailing slash', () => {
    const env = { AUTH_MODE: 'firebase', FIREBASE_PROJECT_ID: 'writers-room-dev', FIREBASE_API_KEY: 'fake-api-key' };
    expect(loadConfig({ ...env, FIREBASE_AUTH_URL: 'http://127.0.0.1:9099/' }).auth).toMatchObject({ authUrl: 'http://127.0.0.1:9099' });
    expect(() => loadConfig({ ...env, FIREBASE_AUTH_URL: 'http://127.0.0.1:9099?x=1' })).toThrow(/FIREBASE_AUTH_URL: must be an http/);
  });

  it('marks the session cookie Secure with COOKIE_SECURE=true, in every mode', () => {
    expect(loadConfig({}).cookieSecure).toBe(false);
    expect(loadConfig({ COOKIE_SECURE: 'true', AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example', OIDC_AUDIENCE: 'wr', OIDC_JWKS_URL: 'https://id.example/jwks' }).cookieSecure).toBe(true);
  });

  it('allows development tokens only on a loopback address', () => {
    expect(loadConfig({ AUTH_MODE: 'dev' }).auth).toEqual({ mode: 'dev' });
    expect(() => loadConfig({ AUTH_MODE: 'dev', HOST: '0.0.0.0' })).toThrow(/dev is only allowed/);
  });

  it('reads ALLOWED_ORIGINS as a list of exact origins', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://writersroom.example, http://localhost:5173' }).allowedOrigins).toEqual([
      'https://writersroom.example',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://writersroom.example/app' })).toThrow(/not an origin/);
  });

  it('compacts scripts over 50 rows or 7 days old every 10 minutes by default; an interval of 0 turns it off', () => {
    expect(loadConfig({})).toMatchObject({ compactMaxRows: 50, compactMaxAgeMs: 7 * 24 * 3600 * 1000, compactIntervalMs: 600_000 });
    expect(loadConfig({ COMPACT_MAX_ROWS: '200', COMPACT_MAX_AGE_DAYS: '1', COMPACT_INTERVAL_MS: '0' })).toMatchObject({
      compactMaxRows: 200,
      compactMaxAgeMs: 24 * 3600 * 1000,
      compactIntervalMs: 0,
    });
    let error: unknown;
    try {
      loadConfig({ COMPACT_MAX_ROWS: '0', COMPACT_MAX_AGE_DAYS: '-1', COMPACT_INTERVAL_MS: 'often' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['COMPACT_MAX_ROWS', 'COMPACT_MAX_AGE_DAYS', 'COMPACT_INTERVAL_MS']);
  });

  it('ignores forwarded headers by default, and reads TRUST_PROXY as true, false, a number of hops, or proxy addresses', () => {
    // Fails if the default trusted anyone: every client could choose the address its limits count against.
    expect(loadConfig({}).trustProxy).toEqual({ kind: 'none' });
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toEqual({ kind: 'none' });
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toEqual({ kind: 'all' });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'hops', hops: 2 });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,loopback' }).trustProxy).toEqual({ kind: 'addresses', addresses: ['10.0.0.0/8', 'loopback'] });
    expect(loadConfig({ TRUST_PROXY: ' 192.0.2.10 , fd00::/8 ' }).trustProxy).toEqual({ kind: 'addresses', addresses: ['192.0.2.10', 'fd00::/8'] });
  });

  it('lists a TRUST_PROXY that is no setting, address or range as a problem, with the other bad variables', () => {
    // Fails if an empty list (",") is accepted: the server would trust nobody while the operator meant to name a proxy.
    for (const bad of ['yes', 'TRUE', '10.0.0.0/33', ',', '-1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
    let error: unknown;
    try {
      loadConfig({ TRUST_PROXY: 'loopback,proxy.internal', ALLOWED_ORIGINS: 'writersroom.example' });
    } catch (thrown) {
      error = thrown;
    }
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['ALLOWED_ORIGINS', 'TRUST_PROXY']);
    expect(problems.find((p) => p.startsWith('TRUST_PROXY'))).toMatch(/must be true, false, a number of hops, or proxy addresses.*"loopback,proxy\.internal"/);
  });

  it('keeps shared limits in this process unless REDIS_URL names a Redis, under the key prefix writersroom:', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: undefined, redisKeyPrefix: 'writersroom:' });
    expect(loadConfig({ REDIS_URL: 'redis://cache.internal:6379/2', REDIS_KEY_PREFIX: 'wr-staging:' })).toMatchObject({
      redisUrl: 'redis://cache.internal:6379/2',
      redisKeyPrefix: 'wr-staging:',
    });
    expect(loadConfig({ REDIS_URL: 'rediss://user:secret@cache.example:6380' }).redisUrl).toBe('rediss://user:secret@cache.example:6380');
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: 'http://cache.internal:6379', REDIS_KEY_PREFIX: 'has space' });
    } catch (thrown) {
      error = thrown;
    }
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['REDIS_URL', 'REDIS_KEY_PREFIX']);
    expect(() => loadConfig({ REDIS_KEY_PREFIX: 'p'.repeat(65) })).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('limits each client address and account by default, each RATE_LIMIT_* in its own window', () => {
    const hour = 3600_000;
    const minute = 60_000;
    expect(loadConfig({}).limits).toMatchObject({
      signUps: { max: 20, windowMs: hour },
      signIns: { max: 30, windowMs: minute },
      linkRedemptions: { max: 30, windowMs: minute },
      invitations: { max: 200, windowMs: hour },
      scriptCreations: { max: 200, windowMs: hour },
      exports: { max: 20, windowMs: minute },
      imports: { max: 20, windowMs: minute },
      socketAttemptsPerAddress: { max: 300, windowMs: minute },
      socketAttemptsPerAccount: { max: 120, windowMs: minute },
      socketsPerAccount: 40,
    });
    const env = {
      RATE_LIMIT_SIGNUPS_PER_HOUR: '3',
      RATE_LIMIT_SIGNINS_PER_MINUTE: '4',
      RATE_LIMIT_LINK_REDEMPTIONS_PER_MINUTE: '5',
      RATE_LIMIT_INVITATIONS_PER_HOUR: '6',
      RATE_LIMIT_SCRIPTS_PER_HOUR: '7',
      RATE_LIMIT_EXPORTS_PER_MINUTE: '11',
      RATE_LIMIT_IMPORTS_PER_MINUTE: '12',
      RATE_LIMIT_SOCKET_ATTEMPTS_PER_MINUTE: '8',
      RATE_LIMIT_SOCKET_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '9',
      MAX_SOCKETS_PER_ACCOUNT: '10',
    };
    expect(loadConfig(env).limits).toMatchObject({
      signUps: { max: 3, windowMs: hour },
      signIns: { max: 4, windowMs: minute },
      linkRedemptions: { max: 5, windowMs: minute },
      invitations: { max: 6, windowMs: hour },
      scriptCreations: { max: 7, windowMs: hour },
      exports: { max: 11, windowMs: minute },
      imports: { max: 12, windowMs: minute },
      socketAttemptsPerAddress: { max: 8, windowMs: minute },
      socketAttemptsPerAccount: { max: 9, windowMs: minute },
      socketsPerAccount: 10,
    });
    let error: unknown;
    try {
      loadConfig(Object.fromEntries(Object.keys(env).map((name) => [name, '0'])));
    } catch (thrown) {
      error = thrown;
    }
    // A limit of 0 would refuse everyone; it is a mistake, not a way to turn a route off.
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(Object.keys(env));
  });
});
