import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, type StorageDialect } from './column-types.js';

/**
 * The plan's four tables plus `deleted_at` and the quarantine table.
 *
 * Every statement is `if not exists`: Kysely runs SQLite migrations outside a
 * transaction, so a process killed halfway must be able to run this again.
 * `script_versions` rows have no cascading delete: history goes away only
 * by a deliberate delete, never as a side effect of removing a script.
 */
export function initialSchema(dialect: StorageDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .ifNotExists()
        .addColumn('user_id', t.id, (c) => c.primaryKey())
        .addColumn('firebase_uid', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text')
        .addColumn('display_name', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .execute();

      await db.schema
        .createTable('scripts')
        .ifNotExists()
        .addColumn('script_id', t.id, (c) => c.primaryKey())
        .addColumn('owner_id', t.id, (c) => c.notNull().references('users.user_id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('content_blocks', t.json, (c) => c.check(t.isJsonArrayOrNull('content_blocks')))
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addColumn('updated_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addColumn('deleted_at', t.timestamp)
        .execute();
      await db.schema.createIndex('scripts_owner_id_idx').ifNotExists().on('scripts').column('owner_id').execute();

      await db.schema
        .createTable('script_collaborators')
        .ifNotExists()
        .addColumn('script_id', t.id, (c) => c.notNull().references('scripts.script_id').onDelete('cascade'))
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.user_id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('editor', 'viewer')`))
        .addPrimaryKeyConstraint('script_collaborators_pkey', ['script_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('script_collaborators_user_id_idx')
        .ifNotExists()
        .on('script_collaborators')
        .column('user_id')
        .execute();

      await db.schema
        .createTable('script_versions')
        .ifNotExists()
        .addColumn('version_id', t.bigInteger, (c) =>
          // AUTOINCREMENT (SQLite) and an identity sequence (PostgreSQL) never hand out an id twice, even after deletes.
          dialect === 'postgres' ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('script_id', t.id, (c) => c.notNull().references('scripts.script_id'))
        .addColumn('update', t.bytes, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addColumn('created_by', t.id, (c) => c.references('users.user_id').onDelete('set null'))
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('update').check(sql`kind in ('update', 'snapshot')`))
        .execute();
      await db.schema
        .createIndex('script_versions_script_id_version_id_idx')
        .ifNotExists()
        .on('script_versions')
        .columns(['script_id', 'version_id'])
        .execute();

      // No foreign keys: quarantined rows are evidence and must outlive whatever they pointed at.
      await db.schema
        .createTable('script_versions_quarantine')
        .ifNotExists()
        .addColumn('version_id', t.bigInteger, (c) => c.primaryKey())
        .addColumn('script_id', t.id, (c) => c.notNull())
        .addColumn('update', t.bytes, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('created_by', t.id)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('quarantined_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .execute();
      await db.schema
        .createIndex('script_versions_quarantine_script_id_idx')
        .ifNotExists()
        .on('script_versions_quarantine')
        .column('script_id')
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['script_versions_quarantine', 'script_versions', 'script_collaborators', 'scripts', 'users']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
