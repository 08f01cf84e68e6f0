import { sql, type Kysely, type Migration } from 'kysely';
import type { StorageDialect } from './column-types.js';

/**
 * `scripts.yjs_generation`: which document generation a script is at (SPEC
 * [ST36]). Browsers keep a copy of the document between sessions; when the
 * document is replaced as a whole (every row quarantined, a restore), the
 * generation moves on, so a copy of the old document can be told apart and
 * refused instead of merged back. Every existing script starts at 0.
 *
 * SQLite has no `add column if not exists` and Kysely runs SQLite migrations
 * outside a transaction, so the column is looked up first: a process killed
 * after the `alter table` can run this again. (PostgreSQL runs the check and
 * the change in the migration's transaction.)
 */
export function scriptGeneration(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (await hasGenerationColumn(db, dialect)) return;
      await db.schema
        .alterTable('scripts')
        .addColumn('yjs_generation', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      if (!(await hasGenerationColumn(db, dialect))) return;
      await db.schema.alterTable('scripts').dropColumn('yjs_generation').execute();
    },
  };
}

async function hasGenerationColumn(db: Kysely<unknown>, dialect: StorageDialect): Promise<boolean> {
  const query =
    dialect === 'postgres'
      ? sql<{ found: number }>`select 1 as found from information_schema.columns
          where table_schema = current_schema() and table_name = 'scripts' and column_name = 'yjs_generation'`
      : sql<{ found: number }>`select 1 as found from pragma_table_info('scripts') where name = 'yjs_generation'`;
  const { rows } = await query.execute(db);
  return rows.length > 0;
}
