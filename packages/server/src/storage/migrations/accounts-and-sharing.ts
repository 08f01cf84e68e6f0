import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, type StorageDialect } from './column-types.js';

/**
 * Name of the unique constraint on `local_accounts.email`. PostgreSQL reports
 * it in a unique violation, which is how `createLocalAccount` tells a taken
 * email from any other failure. Never renamed.
 */
export const LOCAL_ACCOUNTS_EMAIL_KEY = 'local_accounts_email_key';

/**
 * Local accounts, sessions, server secrets, invitations by email and share
 * links; plus an index on `lower(users.email)` for `findUserByEmail`
 * (`users.email` stays as given).
 *
 * Like the initial schema, every statement is `if not exists` so an
 * interrupted SQLite run can be repeated. Rows hanging off a user or a script
 * are deleted with it (neither is ever hard-deleted by storage today).
 * Emails in `local_accounts` and `script_invitations` are lower-cased by the
 * code (JavaScript's full Unicode lower-casing, the same on both dialects),
 * not by the database.
 */
export function accountsAndSharing(dialect: StorageDialect): Migration {
  const t = columnTypes(dialect);
  const collaboratorRole = sql`role in ('editor', 'viewer')`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('users_lower_email_idx')
        .ifNotExists()
        .on('users')
        .expression(sql`lower(email)`)
        .execute();

      await db.schema
        .createTable('local_accounts')
        .ifNotExists()
        .addColumn('user_id', t.id, (c) => c.primaryKey().references('users.user_id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addUniqueConstraint(LOCAL_ACCOUNTS_EMAIL_KEY, ['email'])
        .execute();

      await db.schema
        .createTable('sessions')
        .ifNotExists()
        .addColumn('session_id', t.id, (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.user_id').onDelete('cascade'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', t.timestamp)
        .execute();
      await db.schema.createIndex('sessions_user_id_idx').ifNotExists().on('sessions').column('user_id').execute();

      await db.schema
        .createTable('server_secrets')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .execute();

      await db.schema
        .createTable('script_invitations')
        .ifNotExists()
        .addColumn('script_id', t.id, (c) => c.notNull().references('scripts.script_id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(collaboratorRole))
        .addColumn('invited_by', t.id, (c) => c.notNull().references('users.user_id').onDelete('cascade'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addPrimaryKeyConstraint('script_invitations_pkey', ['script_id', 'email'])
        .execute();
      // acceptInvitations looks invitations up by email alone.
      await db.schema
        .createIndex('script_invitations_email_idx')
        .ifNotExists()
        .on('script_invitations')
        .column('email')
        .execute();

      await db.schema
        .createTable('share_links')
        .ifNotExists()
        .addColumn('link_id', t.id, (c) => c.primaryKey())
        .addColumn('script_id', t.id, (c) => c.notNull().references('scripts.script_id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull().check(collaboratorRole))
        .addColumn('created_by', t.id, (c) => c.notNull().references('users.user_id').onDelete('cascade'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addColumn('expires_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .execute();
      await db.schema.createIndex('share_links_script_id_idx').ifNotExists().on('share_links').column('script_id').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['share_links', 'script_invitations', 'server_secrets', 'sessions', 'local_accounts']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
      await db.schema.dropIndex('users_lower_email_idx').ifExists().execute();
    },
  };
}
