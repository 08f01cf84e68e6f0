import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, authMode: 'dev', commitWindowMs: 2 });
    expect(config.sqliteFile).toMatch(/data[/\\]writersroom\.sqlite$/);
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
});
