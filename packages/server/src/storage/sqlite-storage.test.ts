import { spawn } from 'node:child_process';
import { seedWhenEmpty } from './contract/contract-fixture.js';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationsFor } from './migrations/migrate-to-latest.js';
import { commenterRole } from './migrations/commenter-role.js';
import { scriptGeneration } from './migrations/script-generation.js';
import { openSqliteDatabase, SQLITE_BUSY_TIMEOUT_MS } from './open-sqlite-database.js';
import { createSqliteStorage } from './sqlite-storage.js';
import type { Storage } from './storage.js';
import { describeStorageContract } from './storage-contract.js';
import { expectCommenterUpgrade, expectGenerationUpgrade, expectUpgradeKeepsData } from './contract/upgrade-check.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'wr-sqlite-'));
}

describeStorageContract('SqliteStorage', async () => {
  const dir = await tempDir();
  // A missing parent directory is created on open.
  const file = join(dir, 'nested', 'writersroom.sqlite');
  const storage = createSqliteStorage({ file });
  return {
    storage,
    async countRows(table) {
      const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      try {
        // The table name is a key of the Database type, not user input.
        return db.prepare(`select count(*) from ${table}`).pluck().get() as number;
      } finally {
        db.close();
      }
    },
    async insertRow(table, row) {
      const db = new BetterSqlite3(file, { fileMustExist: true });
      try {
        // Table and column names come from the test, not from user input.
        const columns = Object.keys(row);
        db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`).run(...Object.values(row));
      } finally {
        db.close();
      }
    },
    async holdScriptLock() {
      // A script's lock on SQLite is the database's write lock ([ST26]).
      const db = new BetterSqlite3(file, { fileMustExist: true });
      db.exec('begin immediate');
      return async () => {
        db.exec('rollback');
        db.close();
      };
    },
    async cleanup() {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStorage on disk', () => {
  let dir: string;
  let file: string;
  let storage: Storage;

  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir, 'data', 'writersroom.sqlite');
    storage = createSqliteStorage({ file });
    await storage.migrate();
  });

  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A second, independent connection, as another process would have. */
  function rawConnection(): BetterSqlite3.Database {
    return new BetterSqlite3(file);
  }

  it('opens with WAL, synchronous=NORMAL (the dialect syncs the log after each commit), foreign keys on and a busy timeout', async () => {
    const db = await openSqliteDatabase(join(dir, 'other', 'pragmas.sqlite'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(SQLITE_BUSY_TIMEOUT_MS);
    } finally {
      db.close();
    }
  });

  it('[ST3] creates the plan’s tables and columns, plus deleted_at and the quarantine table', () => {
    const db = rawConnection();
    try {
      const columns = (table: string) =>
        (db.prepare(`select name from pragma_table_info(?) order by cid`).all(table) as { name: string }[]).map((c) => c.name);
      expect(columns('users')).toEqual(['user_id', 'firebase_uid', 'email', 'display_name', 'created_at']);
      expect(columns('scripts')).toEqual(['script_id', 'owner_id', 'title', 'content_blocks', 'created_at', 'updated_at', 'deleted_at', 'yjs_generation']);
      expect(columns('script_collaborators')).toEqual(['script_id', 'user_id', 'role']);
      expect(columns('script_versions')).toEqual(['version_id', 'script_id', 'update', 'created_at', 'created_by', 'kind']);
      expect(columns('script_versions_quarantine')).toEqual([
        'version_id', 'script_id', 'update', 'created_at', 'created_by', 'kind', 'reason', 'quarantined_at',
      ]);
      const indexes = db.prepare(`select name from pragma_index_list('script_versions')`).all() as { name: string }[];
      expect(indexes.map((i) => i.name)).toContain('script_versions_script_id_version_id_idx');
    } finally {
      db.close();
    }
  });

  it('[ST16] adds the account and sharing tables and an index on lower(users.email)', () => {
    const db = rawConnection();
    try {
      const columns = (table: string) =>
        (db.prepare(`select name from pragma_table_info(?) order by cid`).all(table) as { name: string }[]).map((c) => c.name);
      expect(columns('local_accounts')).toEqual(['user_id', 'email', 'password_hash', 'created_at']);
      expect(columns('sessions')).toEqual(['session_id', 'user_id', 'created_at', 'expires_at', 'revoked_at']);
      expect(columns('server_secrets')).toEqual(['name', 'value', 'created_at']);
      expect(columns('script_invitations')).toEqual(['script_id', 'email', 'role', 'invited_by', 'created_at']);
      expect(columns('share_links')).toEqual([
        'link_id', 'script_id', 'token_hash', 'role', 'created_by', 'created_at', 'expires_at', 'revoked_at',
      ]);
      const plan = db.prepare(`explain query plan select * from users where lower(email) = lower(?)`).all('a') as { detail: string }[];
      expect(plan.map((step) => step.detail).join(' ')).toContain('users_lower_email_idx');
    } finally {
      db.close();
    }
  });

  it('[ST16] upgrades a database at the first migration in place, keeping its data', async () => {
    const oldFile = join(dir, 'old.sqlite');
    const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(oldFile) }) });
    const provider = { getMigrations: async () => migrationsFor('sqlite') };
    expect((await new Migrator({ db: kysely, provider }).migrateTo('0001_initial_schema')).error).toBeUndefined();
    await kysely.destroy();

    const upgraded = createSqliteStorage({ file: oldFile });
    try {
      await expectUpgradeKeepsData(upgraded);
    } finally {
      await upgraded.close();
    }
  });

  it('[ST36] upgrades a database at the second migration in place, also after an interrupted run', async () => {
    const oldFile = join(dir, 'old.sqlite');
    const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(oldFile) }) });
    const provider = { getMigrations: async () => migrationsFor('sqlite') };
    const upgraded = createSqliteStorage({ file: oldFile });
    try {
      expect((await new Migrator({ db: kysely, provider }).migrateTo('0002_accounts_and_sharing')).error).toBeUndefined();
      await expectGenerationUpgrade(upgraded, () => scriptGeneration('sqlite').up(kysely));
    } finally {
      await kysely.destroy();
      await upgraded.close();
    }
  });

  it('[ST41] upgrades a database at the third migration in place: rows, keys and indexes kept, only the role CHECKs widened, also after an interrupted run', async () => {
    // Breakages tried: not replaying the indexes after the rebuild (the schema lost three of them), and
    // copying no rows into the rebuilt tables (the collaborators were gone).
    const oldFile = join(dir, 'old.sqlite');
    const raw = new BetterSqlite3(oldFile);
    const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const provider = { getMigrations: async () => migrationsFor('sqlite') };
    const upgraded = createSqliteStorage({ file: oldFile });
    const schema = () =>
      raw
        .prepare(`select type, name, sql from sqlite_schema where tbl_name in ('script_collaborators', 'script_invitations', 'share_links') order by name`)
        .all() as { type: string; name: string; sql: string | null }[];
    try {
      expect((await new Migrator({ db: kysely, provider }).migrateTo('0003_script_generation')).error).toBeUndefined();
      const before = schema();
      await expectCommenterUpgrade(upgraded, () => commenterRole('sqlite').up(kysely));
      expect(schema()).toEqual(
        before.map((entry) => ({ ...entry, sql: entry.sql?.replace(`role in ('editor', 'viewer')`, `role in ('editor', 'commenter', 'viewer')`) ?? null })),
      );
      expect(before.filter((entry) => entry.type === 'index').length).toBeGreaterThanOrEqual(5);
      expect(raw.pragma('foreign_key_check')).toEqual([]);
    } finally {
      await kysely.destroy();
      await upgraded.close();
    }
  });

  it('[ST5] stores timestamps as sortable ISO-8601 UTC text with milliseconds, also when defaulted by SQL', async () => {
    const owner = await storage.provisionUser({ firebaseUid: 'ann' });
    const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
    const db = rawConnection();
    try {
      db.prepare(`insert into script_versions (script_id, "update") values (?, x'00')`).run(script.scriptId);
      const stamps = db.prepare(`select created_at from scripts union all select created_at from script_versions`).pluck().all();
      expect(stamps).toHaveLength(2);
      for (const stamp of stamps) expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      db.close();
    }
    expect((await storage.loadVersions(script.scriptId))[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('[ST14] version ids are never reused after the newest rows are deleted', async () => {
    const owner = await storage.provisionUser({ firebaseUid: 'ann' });
    const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
    const row = { scriptId: script.scriptId, update: Uint8Array.of(1), createdBy: null, kind: 'update' as const };
    await storage.appendVersions([row, row]);
    const highest = Math.max(...(await storage.loadVersions(script.scriptId)).map((v) => v.versionId));
    const db = rawConnection();
    try {
      db.prepare('delete from script_versions').run();
    } finally {
      db.close();
    }
    await storage.appendVersions([row]);
    const [next] = await storage.loadVersions(script.scriptId);
    expect(next!.versionId).toBeGreaterThan(highest);
  });

  it('[ST13] every acknowledged append survives the writing process being killed with SIGKILL', async () => {
    const owner = await storage.provisionUser({ firebaseUid: 'ann' });
    const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../../test/support/sqlite-append-child.ts', import.meta.url)), file, script.scriptId],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let acked = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/ack (\d+)/g)) acked = Number(match[1]);
        if (acked >= 50 && child.kill('SIGKILL')) resolve();
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`child exited early (code ${code}): ${stderr}`));
      });
    });
    await new Promise((resolve) => child.once('close', resolve));
    expect(acked).toBeGreaterThanOrEqual(50);
    expect(await storage.countVersions(script.scriptId)).toBeGreaterThanOrEqual(acked);
  }, 30_000);

  it('[ST26] a seed takes the write lock before it reads: while another connection holds it, the seed fails busy without calling build', async () => {
    const owner = await storage.provisionUser({ firebaseUid: 'ann' });
    const script = await storage.createScript({ ownerId: owner.userId, title: 't', contentBlocks: [{ type: 'action' }] });
    let builds = 0;
    const build = () => {
      builds += 1;
      return Uint8Array.of(1);
    };
    const other = rawConnection();
    try {
      other.exec('begin immediate');
      await expect(storage.amendLog(script.scriptId, seedWhenEmpty(build))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      expect(builds).toBe(0);
      // The other process seeds meanwhile; once it commits, our seed finds its row.
      other.prepare(`insert into script_versions (script_id, "update", kind) values (?, x'02', 'snapshot')`).run(script.scriptId);
      other.exec('commit');
    } finally {
      other.close();
    }
    expect(await storage.amendLog(script.scriptId, seedWhenEmpty(build))).toEqual({ amended: false });
    expect(builds).toBe(0);
    // The failed BEGIN left no transaction open on the storage's connection.
    await storage.appendVersions([{ scriptId: script.scriptId, update: Uint8Array.of(3), createdBy: null, kind: 'update' }]);
    expect(await storage.countVersions(script.scriptId)).toBe(2);
  });

  it('[ST27] [ST37] a quarantine whose copy fails puts back every row it deleted, and the generation stays', async () => {
    const owner = await storage.provisionUser({ firebaseUid: 'ann' });
    const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
    const row = { scriptId: script.scriptId, update: Uint8Array.of(1), createdBy: null, kind: 'update' as const };
    await storage.appendVersions([row, row]);
    const before = await storage.loadVersions(script.scriptId);
    const [first, second] = before.map((v) => v.versionId);
    const db = rawConnection();
    try {
      // A quarantine row that already has the second id makes the copy fail after the delete.
      db.prepare(
        `insert into script_versions_quarantine (version_id, script_id, "update", created_at, kind, reason) values (?, ?, x'00', '2025-01-31T12:00:00.000Z', 'update', 'planted')`,
      ).run(second, script.scriptId);
    } finally {
      db.close();
    }
    await expect(storage.quarantineVersions(script.scriptId, [first!, second!], 'x')).rejects.toThrow();
    expect(await storage.loadVersions(script.scriptId)).toEqual(before);
    expect((await storage.listQuarantined()).map((q) => q.reason)).toEqual(['planted']);
    expect(await storage.getGeneration(script.scriptId)).toBe(0);
  });

  it("[ST33] with lock 'wait' a compaction blocked by another process's write lock fails busy without calling merge", async () => {
    const owner = await storage.provisionUser({ firebaseUid: 'ann' });
    const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
    const row = { scriptId: script.scriptId, update: Uint8Array.of(1), createdBy: null, kind: 'update' as const };
    await storage.appendVersions([row, row]);
    const before = await storage.loadVersions(script.scriptId);
    let merges = 0;
    const merge = () => {
      merges += 1;
      return Uint8Array.of(9);
    };
    const other = rawConnection();
    try {
      other.exec('begin immediate');
      await expect(storage.compactVersions(script.scriptId, merge)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      expect(await storage.compactVersions(script.scriptId, merge, { lock: 'try' })).toEqual({ status: 'skipped', reason: 'locked' });
      other.exec('rollback');
    } finally {
      other.close();
    }
    expect(merges).toBe(0);
    expect(await storage.loadVersions(script.scriptId)).toEqual(before);
  });

  it("[ST33] a 'try' that found the write lock taken restores the busy timeout: the next write waits for the other process again", async () => {
    const owner = await storage.provisionUser({ firebaseUid: 'ann' });
    const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
    const row = { scriptId: script.scriptId, update: Uint8Array.of(1), createdBy: null, kind: 'update' as const };
    await storage.appendVersions([row, row]);
    // Another process holds the write lock for 100 ms (within the 250 ms busy timeout).
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('begin immediate'); console.log('locked');
         setTimeout(() => { db.exec('commit'); db.close(); }, 100);`,
        file,
      ],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    expect(await storage.compactVersions(script.scriptId, () => Uint8Array.of(9), { lock: 'try' })).toEqual({ status: 'skipped', reason: 'locked' });
    await storage.appendVersions([row]);
    await exited;
    expect(await storage.countVersions(script.scriptId)).toBe(3);
  });

  it('creates no file until first used, and then its missing parent directory', async () => {
    const lazyFile = join(dir, 'lazy', 'deeper', 'db.sqlite');
    const lazy = createSqliteStorage({ file: lazyFile });
    expect(existsSync(lazyFile)).toBe(false);
    await lazy.migrate();
    await lazy.close();
    expect(existsSync(lazyFile)).toBe(true);
  });
});
