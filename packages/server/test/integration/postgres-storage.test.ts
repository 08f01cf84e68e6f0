import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../src/storage/postgres-storage.js';
import { describeStorageContract } from '../../src/storage/storage-contract.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';

describe.skipIf(!postgresAvailable)('PostgreSQL', () => {
  describeStorageContract('PostgresStorage', async () => {
    const database = await createTestDatabase();
    const storage = new PostgresStorage({ connectionString: database.url, maxConnections: 4 });
    return {
      storage,
      async cleanup() {
        await storage.close();
        await database.drop();
      },
    };
  });

  describe('PostgresStorage schema', () => {
    let database: TestDatabase;
    let storage: PostgresStorage;
    let client: pg.Client;

    beforeEach(async () => {
      database = await createTestDatabase();
      storage = new PostgresStorage({ connectionString: database.url });
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

    it('[ST2] ping rejects when the database is unreachable instead of hanging', async () => {
      const unreachable = new PostgresStorage({ connectionString: 'postgres://root@127.0.0.1:1/nothing' });
      try {
        await expect(unreachable.ping()).rejects.toThrow();
      } finally {
        await unreachable.close();
      }
    });
  });
});
