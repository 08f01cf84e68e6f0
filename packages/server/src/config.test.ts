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
});
