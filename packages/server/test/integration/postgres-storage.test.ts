import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { seedWhenEmpty } from '../../src/storage/contract/contract-fixture.js';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationsFor } from '../../src/storage/migrations/migrate-to-latest.js';
import { scriptGeneration } from '../../src/storage/migrations/script-generation.js';
import { createPostgresStorage } from '../../src/storage/postgres-storage.js';
import { postgresScriptLockKey } from '../../src/storage/script-lock.js';
import { describeStorageContract } from '../../src/storage/storage-contract.js';
import { EmailTakenError, type Storage } from '../../src/storage/storage.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';
import { expectCommenterUpgrade, expectGenerationUpgrade, expectUpgradeKeepsData } from '../../src/storage/contract/upgrade-check.js';

describe.skipIf(!postgresAvailable)('PostgreSQL', () => {
  describeStorageContract('PostgresStorage', async () => {
    const database = await createTestDatabase();
    const storage = createPostgresStorage({ connectionString: database.url, maxConnections: 4 });
    return {
      storage,
      async countRows(table) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          // The table name is a key of the Database type, not user input.
          const { rows } = await client.query<{ count: string }>(`select count(*) from ${table}`);
          return Number(rows[0]?.count);
        } finally {
          await client.end();
        }
      },
      async insertRow(table, row) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          // Table and column names come from the test, not from user input.
          const columns = Object.keys(row);
          await client.query(`insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
        } finally {
          await client.end();
        }
      },
      async holdScriptLock(scriptId) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        await client.query('begin');
        await client.query('select pg_advisory_xact_lock($1::bigint)', [postgresScriptLockKey(scriptId)]);
        return async () => {
          await client.query('rollback');
          await client.end();
        };
      },
      async cleanup() {
        await storage.close();
        await database.drop();
      },
    };
  });

  describe('PostgresStorage schema', () => {
    let database: TestDatabase;
    let storage: Storage;
    let client: pg.Client;

    beforeEach(async () => {
      database = await createTestDatabase();
      storage = createPostgresStorage({ connectionString: database.url });
      await storage.migrate();
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
    });

    afterEach(async () => {
      await client.end();
      await storage.close();
      await database.drop();
    });

    it('[ST3] uses uuid ids, jsonb content, bytea updates, timestamptz times and a bigint identity version id', async () => {
      const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string; is_identity: string }>(
        `select table_name, column_name, data_type, is_identity from information_schema.columns
         where table_schema = 'public' and table_name in ('users', 'scripts', 'script_collaborators', 'script_versions', 'script_versions_quarantine')`,
      );
      const type = (table: string, column: string) => rows.find((r) => r.table_name === table && r.column_name === column);
      expect(type('users', 'user_id')?.data_type).toBe('uuid');
      expect(type('scripts', 'content_blocks')?.data_type).toBe('jsonb');
      expect(type('scripts', 'updated_at')?.data_type).toBe('timestamp with time zone');
      expect(type('script_versions', 'update')?.data_type).toBe('bytea');
      expect(type('script_versions', 'version_id')).toMatchObject({ data_type: 'bigint', is_identity: 'YES' });
      expect(type('script_versions_quarantine', 'reason')?.data_type).toBe('text');
      expect(type('script_versions_quarantine', 'quarantined_at')?.data_type).toBe('timestamp with time zone');
    });

    it('[ST3] refuses content_blocks that are not a JSON array, so JSONB_ARRAY_LENGTH never fails', async () => {
      const owner = await storage.provisionUser({ firebaseUid: 'ann' });
      const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
      await expect(
        client.query(`update scripts set content_blocks = '{"type": "action"}'::jsonb where script_id = $1`, [script.scriptId]),
      ).rejects.toThrow(/check constraint/);
    });

    it('[ST14] version ids are never reused after the newest rows are deleted', async () => {
      const owner = await storage.provisionUser({ firebaseUid: 'ann' });
      const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
      const row = { scriptId: script.scriptId, update: Uint8Array.of(1), createdBy: null, kind: 'update' as const };
      await storage.appendVersions([row, row]);
      const highest = Math.max(...(await storage.loadVersions(script.scriptId)).map((v) => v.versionId));
      await client.query('delete from script_versions');
      await storage.appendVersions([row]);
      const [next] = await storage.loadVersions(script.scriptId);
      expect(next!.versionId).toBeGreaterThan(highest);
    });

    it('[ST16] account and sharing tables use uuid ids and timestamptz times; users have a lower(email) index', async () => {
      const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
        `select table_name, column_name, data_type from information_schema.columns
         where table_schema = 'public' and table_name in ('local_accounts', 'sessions', 'server_secrets', 'script_invitations', 'share_links')`,
      );
      const types = Object.fromEntries(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
      expect(types).toMatchObject({
        'local_accounts.user_id': 'uuid',
        'local_accounts.created_at': 'timestamp with time zone',
        'sessions.session_id': 'uuid',
        'sessions.expires_at': 'timestamp with time zone',
        'sessions.revoked_at': 'timestamp with time zone',
        'server_secrets.value': 'text',
        'script_invitations.invited_by': 'uuid',
        'share_links.link_id': 'uuid',
        'share_links.token_hash': 'text',
        'share_links.expires_at': 'timestamp with time zone',
      });
      const { rows: indexes } = await client.query<{ indexdef: string }>(
        `select indexdef from pg_indexes where tablename = 'users' and indexname = 'users_lower_email_idx'`,
      );
      expect(indexes[0]?.indexdef).toMatch(/lower\(email\)/);
      await expect(
        client.query(`insert into script_invitations (script_id, email, role, invited_by) values (gen_random_uuid(), 'x', 'owner', gen_random_uuid())`),
      ).rejects.toThrow(/check constraint/);
    });

    it('[ST16] upgrades a database at the first migration in place, keeping its data', async () => {
      const old = await createTestDatabase();
      const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: old.url }) }) });
      const upgraded = createPostgresStorage({ connectionString: old.url });
      try {
        const provider = { getMigrations: async () => migrationsFor('postgres') };
        expect((await new Migrator({ db: kysely, provider }).migrateTo('0001_initial_schema')).error).toBeUndefined();
        await expectUpgradeKeepsData(upgraded);
      } finally {
        await kysely.destroy();
        await upgraded.close();
        await old.drop();
      }
    });

    it('[ST36] upgrades a database at the second migration in place, also after an interrupted run', async () => {
      const old = await createTestDatabase();
      const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: old.url }) }) });
      const upgraded = createPostgresStorage({ connectionString: old.url });
      try {
        const provider = { getMigrations: async () => migrationsFor('postgres') };
        expect((await new Migrator({ db: kysely, provider }).migrateTo('0002_accounts_and_sharing')).error).toBeUndefined();
        await expectGenerationUpgrade(upgraded, () => scriptGeneration('postgres').up(kysely));
        const { rows } = await sql<{ data_type: string; is_nullable: string; column_default: string }>`
          select data_type, is_nullable, column_default from information_schema.columns
          where table_name = 'scripts' and column_name = 'yjs_generation'`.execute(kysely);
        expect(rows).toEqual([{ data_type: 'integer', is_nullable: 'NO', column_default: '0' }]);
      } finally {
        await kysely.destroy();
        await upgraded.close();
        await old.drop();
      }
    });

    it('[ST41] upgrades a database at the third migration in place: rows, constraints and indexes kept, only the role CHECKs widened', async () => {
      // Breakage tried: dropping the old CHECK without adding the new one (the schema lost three constraints).
      const old = await createTestDatabase();
      const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: old.url }) }) });
      const upgraded = createPostgresStorage({ connectionString: old.url });
      const schema = async () => {
        const tables = sql`('script_collaborators', 'script_invitations', 'share_links')`;
        const constraints = await sql<{ name: string; definition: string }>`
          select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
          where conrelid::regclass::text in ${tables} order by conname`.execute(kysely);
        const indexes = await sql<{ name: string; definition: string }>`
          select indexname as name, indexdef as definition from pg_indexes where tablename in ${tables} order by indexname`.execute(kysely);
        return [...constraints.rows, ...indexes.rows];
      };
      try {
        const provider = { getMigrations: async () => migrationsFor('postgres') };
        expect((await new Migrator({ db: kysely, provider }).migrateTo('0003_script_generation')).error).toBeUndefined();
        const before = await schema();
        // Nothing to interrupt: PostgreSQL runs the migration in one transaction with its record.
        await expectCommenterUpgrade(upgraded, async () => {});
        const widened = `CHECK ((role = ANY (ARRAY['editor'::text, 'commenter'::text, 'viewer'::text])))`;
        expect(await schema()).toEqual(
          before.map((entry) => (entry.name.endsWith('_role_check') ? { ...entry, definition: widened } : entry)),
        );
        expect(before.filter((entry) => entry.name.endsWith('_role_check'))).toHaveLength(3);
      } finally {
        await kysely.destroy();
        await upgraded.close();
        await old.drop();
      }
    });

    it('[ST17] [ST19] processes sharing the database agree on one secret and one account per email', async () => {
      const others = Array.from({ length: 3 }, () => createPostgresStorage({ connectionString: database.url, maxConnections: 4 }));
      try {
        const all = [storage, ...others];
        const secrets = await Promise.all(
          all.flatMap((s, i) => Array.from({ length: 4 }, (_, j) => s.getOrCreateSecret('signing-key', () => `p${i}-${j}`))),
        );
        expect(new Set(secrets).size).toBe(1);

        const signUps = await Promise.allSettled(
          all.map((s, i) => s.createLocalAccount({ email: i % 2 === 0 ? 'race@example.com' : 'RACE@example.com', passwordHash: 'h', displayName: null })),
        );
        expect(signUps.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of signUps) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(EmailTakenError);
        expect((await client.query('select count(*)::int as n from users')).rows[0]).toEqual({ n: 1 });
      } finally {
        await Promise.all(others.map((s) => s.close()));
      }
    });

    it('[ST26] seeds racing from two processes store one row and build runs once', async () => {
      const other = createPostgresStorage({ connectionString: database.url, maxConnections: 4 });
      try {
        const owner = await storage.provisionUser({ firebaseUid: 'ann' });
        const script = await storage.createScript({ ownerId: owner.userId, title: 't', contentBlocks: [{ type: 'action' }] });
        let builds = 0;
        const build = () => {
          builds += 1;
          return Uint8Array.of(builds);
        };
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? storage : other).amendLog(script.scriptId, seedWhenEmpty(build))),
        );
        expect(results.filter((r) => r.amended)).toHaveLength(1);
        expect(builds).toBe(1);
        expect((await client.query('select count(*)::int as n from script_versions')).rows[0]).toEqual({ n: 1 });
      } finally {
        await other.close();
      }
    });

    it('[ST26] a seed waits for the advisory lock keyed by the script id, then sees what its holder committed', async () => {
      const owner = await storage.provisionUser({ firebaseUid: 'ann' });
      const script = await storage.createScript({ ownerId: owner.userId, title: 't', contentBlocks: [{ type: 'action' }] });
      let builds = 0;
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1::bigint)', [postgresScriptLockKey(script.scriptId)]);
      const seed = storage.amendLog(script.scriptId, seedWhenEmpty(() => {
        builds += 1;
        return Uint8Array.of(1);
      }));
      let settled = false;
      void seed.finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      // The holder seeds and commits, which releases the lock.
      await client.query(`insert into script_versions (script_id, update, kind) values ($1, '\\x02', 'snapshot')`, [script.scriptId]);
      await client.query('commit');
      expect(await seed).toEqual({ amended: false });
      expect(builds).toBe(0);
      expect(await storage.countVersions(script.scriptId)).toBe(1);
    });

    it('[ST27] [ST37] a quarantine whose copy fails puts back every row it deleted, and the generation stays', async () => {
      const owner = await storage.provisionUser({ firebaseUid: 'ann' });
      const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
      const row = { scriptId: script.scriptId, update: Uint8Array.of(1), createdBy: null, kind: 'update' as const };
      await storage.appendVersions([row, row]);
      const before = await storage.loadVersions(script.scriptId);
      const [first, second] = before.map((v) => v.versionId);
      await client.query(
        `insert into script_versions_quarantine (version_id, script_id, update, created_at, kind, reason) values ($1, $2, '\\x00', now(), 'update', 'planted')`,
        [second, script.scriptId],
      );
      await expect(storage.quarantineVersions(script.scriptId, [first!, second!], 'x')).rejects.toThrow();
      expect(await storage.loadVersions(script.scriptId)).toEqual(before);
      expect((await storage.listQuarantined()).map((q) => q.reason)).toEqual(['planted']);
      expect(await storage.getGeneration(script.scriptId)).toBe(0);
    });

    it('[ST27] a quarantined row keeps created_at to the microsecond, also when SQL stamped it', async () => {
      const owner = await storage.provisionUser({ firebaseUid: 'ann' });
      const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
      const { rows } = await client.query<{ version_id: string; created_at: string }>(
        `insert into script_versions (script_id, update, created_at) values ($1, '\\x01', '2025-01-31 12:34:56.123456+00')
         returning version_id, created_at::text`,
        [script.scriptId],
      );
      expect(await storage.quarantineVersions(script.scriptId, [Number(rows[0]!.version_id)], 'x')).toBe(1);
      const { rows: moved } = await client.query<{ same: boolean }>(
        `select created_at = '2025-01-31 12:34:56.123456+00'::timestamptz as same from script_versions_quarantine`,
      );
      expect(moved).toEqual([{ same: true }]);
    });

    it('[ST31] [ST14] a row whose id was taken before the compaction read it, and committed after, survives', async () => {
      const owner = await storage.provisionUser({ firebaseUid: 'ann' });
      const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
      const row = (marker: number) => ({ scriptId: script.scriptId, update: Uint8Array.of(marker), createdBy: null, kind: 'update' as const });
      await storage.appendVersions([row(1)]);
      // Another process's append: its id is taken now, its commit comes later.
      await client.query('begin');
      const { rows } = await client.query<{ version_id: string }>(
        `insert into script_versions (script_id, update, kind) values ($1, '\\x07', 'update') returning version_id`,
        [script.scriptId],
      );
      const lateId = Number(rows[0]!.version_id);
      await storage.appendVersions([row(2)]);

      const outcome = await storage.compactVersions(script.scriptId, (read) => Uint8Array.from(read.map((v) => v.update[0]!)), {
        // Between the read and the delete: the late row becomes visible with an id below the largest id read.
        afterInsert: async () => {
          await client.query('commit');
        },
      });
      expect(outcome).toMatchObject({ status: 'compacted', rowsRemoved: 2 });
      expect(outcome.status === 'compacted' && outcome.upToVersionId).toBeGreaterThan(lateId);
      const after = await storage.loadVersions(script.scriptId);
      expect(after.map((v) => [v.kind, Array.from(v.update)])).toEqual([
        ['baseline', [1, 2]],
        ['update', [7]],
      ]);
      expect(after[1]!.versionId).toBe(lateId);
    });

    it("[ST33] with lock 'wait' a compaction waits for the advisory lock, then merges what its holder committed", async () => {
      const owner = await storage.provisionUser({ firebaseUid: 'ann' });
      const script = await storage.createScript({ ownerId: owner.userId, title: 't' });
      await storage.appendVersions([1, 2].map((m) => ({ scriptId: script.scriptId, update: Uint8Array.of(m), createdBy: null, kind: 'update' as const })));
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1::bigint)', [postgresScriptLockKey(script.scriptId)]);
      let merged: number[] | undefined;
      const compaction = storage.compactVersions(script.scriptId, (read) => {
        merged = read.map((v) => v.update[0]!);
        return Uint8Array.from(merged);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(merged).toBeUndefined();
      await client.query(`insert into script_versions (script_id, update, kind) values ($1, '\\x03', 'update')`, [script.scriptId]);
      await client.query('commit');
      expect(await compaction).toMatchObject({ status: 'compacted', rowsRemoved: 3 });
      expect(merged).toEqual([1, 2, 3]);
    });

    it('[ST2] ping rejects when the database is unreachable instead of hanging', async () => {
      const unreachable = createPostgresStorage({ connectionString: 'postgres://root@127.0.0.1:1/nothing' });
      try {
        await expect(unreachable.ping()).rejects.toThrow();
      } finally {
        await unreachable.close();
      }
    });
  });
});
