import { sql, type Kysely, type Migration } from 'kysely';
import type { StorageDialect } from './column-types.js';

/** The tables whose `role` column holds a collaborator role, each with a CHECK on it. */
const ROLE_TABLES = ['script_collaborators', 'script_invitations', 'share_links'] as const;

// Written out rather than taken from COLLABORATOR_ROLES: a released migration
// must build the same schema whatever roles the code knows later.
const NARROW_CHECK = `role in ('editor', 'viewer')`;
const WIDE_CHECK = `role in ('editor', 'commenter', 'viewer')`;

/**
 * Lets the three role columns hold `commenter` (between viewer and editor;
 * SPEC [ST41]). Every row, key, index and foreign key stays as it was.
 *
 * PostgreSQL replaces each column's CHECK (named `<table>_role_check` by
 * PostgreSQL when the table was made) inside the migration's transaction.
 * SQLite cannot alter a CHECK, so each table is rebuilt from its own stored
 * `create` statement with only the CHECK changed: copy the rows, drop the old
 * table, rename the new one, replay the old table's indexes. No other table
 * references these three, so dropping them needs no foreign-key dance. Kysely
 * runs SQLite migrations outside a transaction, so the rebuild takes its own:
 * a process killed halfway leaves the old table, and a table already widened
 * is left alone, so the migration can run again.
 */
export function commenterRole(dialect: StorageDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        for (const table of ROLE_TABLES) await replacePostgresCheck(db, table, WIDE_CHECK);
        return;
      }
      await db.transaction().execute(async (trx) => {
        for (const table of ROLE_TABLES) await rebuildSqliteTable(trx, table, NARROW_CHECK, WIDE_CHECK);
      });
    },

    async down(db: Kysely<unknown>): Promise<void> {
      // Narrowing fails on the database's CHECK while any commenter is left: removing someone's access is not the migration's call.
      if (dialect === 'postgres') {
        for (const table of ROLE_TABLES) await replacePostgresCheck(db, table, NARROW_CHECK);
        return;
      }
      await db.transaction().execute(async (trx) => {
        for (const table of ROLE_TABLES) await rebuildSqliteTable(trx, table, WIDE_CHECK, NARROW_CHECK);
      });
    },
  };
}

async function replacePostgresCheck(db: Kysely<unknown>, table: string, check: string): Promise<void> {
  const constraint = sql.id(`${table}_role_check`);
  await sql`alter table ${sql.table(table)} drop constraint ${constraint}, add constraint ${constraint} check (${sql.raw(check)})`.execute(db);
}

/**
 * @throws when the table's stored definition holds `from` other than once
 *   (and not `to`): a schema this migration does not know is not guessed at.
 */
async function rebuildSqliteTable(trx: Kysely<unknown>, table: string, from: string, to: string): Promise<void> {
  const { rows } = await sql<{ type: string; sql: string }>`
    select type, sql from sqlite_schema where tbl_name = ${table} and sql is not null order by type desc`.execute(trx);
  const create = rows.find((row) => row.type === 'table')?.sql;
  if (create === undefined) throw new Error(`commenter role: no table ${table}`);
  if (create.includes(to)) return;
  const [before, ...after] = create.split(from);
  const quoted = `"${table}"`;
  if (after.length !== 1 || !before!.includes(quoted)) throw new Error(`commenter role: unexpected definition of ${table}: ${create}`);
  const rebuilt = `${table}_rebuilt`;
  await sql.raw(`${before!.replace(quoted, `"${rebuilt}"`)}${to}${after[0]}`).execute(trx);
  await sql`insert into ${sql.table(rebuilt)} select * from ${sql.table(table)}`.execute(trx);
  await sql`drop table ${sql.table(table)}`.execute(trx);
  await sql`alter table ${sql.table(rebuilt)} rename to ${sql.table(table)}`.execute(trx);
  // Dropping the table dropped its indexes; their statements name the table, which has its old name again.
  for (const index of rows.filter((row) => row.type === 'index')) await sql.raw(index.sql).execute(trx);
}
