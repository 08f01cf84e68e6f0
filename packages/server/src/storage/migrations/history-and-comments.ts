import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes, type StorageDialect } from './column-types.js';

/**
 * A script's history and its comments: tables apart from `script_versions`,
 * so compaction, which rewrites that log, never touches them ([ST42]).
 *
 * - `script_checkpoints`: the script's whole content at a moment, compressed
 *   (history/checkpoint-content.ts), automatic, named by a writer, or taken
 *   right after a restore. Only automatic ones are ever thinned ([ST43]).
 * - `script_comment_threads` and `script_comments`: comments anchored to the
 *   text by two encoded Yjs relative positions, with their replies.
 *
 * All are deleted with their script (never hard-deleted by storage today).
 */
export function historyAndComments(dialect: StorageDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('script_checkpoints')
        .ifNotExists()
        .addColumn('checkpoint_id', t.id, (c) => c.primaryKey())
        .addColumn('script_id', t.id, (c) => c.notNull().references('scripts.script_id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('auto', 'named', 'restore')`))
        .addColumn('name', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addColumn('taken_by', t.id, (c) => c.references('users.user_id').onDelete('set null'))
        .addColumn('authors', t.json, (c) => c.notNull().check(sql`${t.isJsonArrayOrNull('authors')}`))
        .addColumn('page_count', 'integer', (c) => c.notNull().check(sql`page_count >= 0`))
        .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes >= 0`))
        .addColumn('content', t.bytes, (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        // Not a foreign key: the checkpoint restored may be thinned later; the restore stays in history.
        .addColumn('restored_from', t.id)
        .addCheckConstraint('script_checkpoints_named_has_name', sql`kind <> 'named' or name is not null`)
        .execute();
      await db.schema
        .createIndex('script_checkpoints_script_created_idx')
        .ifNotExists()
        .on('script_checkpoints')
        .columns(['script_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('script_comment_threads')
        .ifNotExists()
        .addColumn('thread_id', t.id, (c) => c.primaryKey())
        .addColumn('script_id', t.id, (c) => c.notNull().references('scripts.script_id').onDelete('cascade'))
        .addColumn('anchor_start', t.bytes, (c) => c.notNull())
        .addColumn('anchor_end', t.bytes, (c) => c.notNull())
        .addColumn('quote', 'text', (c) => c.notNull())
        .addColumn('created_by', t.id, (c) => c.notNull().references('users.user_id').onDelete('cascade'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addColumn('resolved_at', t.timestamp)
        .addColumn('resolved_by', t.id, (c) => c.references('users.user_id').onDelete('set null'))
        .execute();
      await db.schema
        .createIndex('script_comment_threads_script_idx')
        .ifNotExists()
        .on('script_comment_threads')
        .column('script_id')
        .execute();

      await db.schema
        .createTable('script_comments')
        .ifNotExists()
        .addColumn('comment_id', t.id, (c) => c.primaryKey())
        .addColumn('thread_id', t.id, (c) => c.notNull().references('script_comment_threads.thread_id').onDelete('cascade'))
        .addColumn('author_id', t.id, (c) => c.notNull().references('users.user_id').onDelete('cascade'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull().defaultTo(t.now))
        .addColumn('edited_at', t.timestamp)
        .addColumn('deleted_at', t.timestamp)
        .execute();
      await db.schema.createIndex('script_comments_thread_idx').ifNotExists().on('script_comments').column('thread_id').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['script_comments', 'script_comment_threads', 'script_checkpoints']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
