import { sql, type Kysely } from 'kysely';
import { canonicalId, requireId } from './canonical-id.js';
import { toStoredVersion, writeTime, type RowCodec, type StorageContext } from './row-codec.js';
import type { Database } from './schema.js';
import type { NewVersion, ScriptId, StoredVersion } from './storage.js';

/**
 * Rows per INSERT statement. Each row binds 5 parameters; SQLite allows 32,766
 * per statement and PostgreSQL 65,535, so a larger batch is split into several
 * inserts inside the same transaction (still all-or-nothing).
 */
export const MAX_ROWS_PER_INSERT = 1000;

/**
 * Every row of a script in one query: snapshots first, then by version id.
 * A snapshot written by compaction has a larger id than updates that were
 * written during the compaction and survived it, so id order alone would apply
 * those updates before the state they build on.
 */
export async function loadVersions(ctx: StorageContext, scriptId: ScriptId): Promise<StoredVersion[]> {
  const id = canonicalId(scriptId);
  if (id === undefined) return [];
  return selectVersions(ctx.db, ctx.codec, id);
}

/** The load query itself, on any executor (a transaction too); `id` must be canonical. */
export async function selectVersions(db: Kysely<Database>, codec: RowCodec, id: ScriptId): Promise<StoredVersion[]> {
  const rows = await db
    .selectFrom('script_versions')
    .selectAll()
    .where('script_id', '=', id)
    .orderBy(sql`case when kind = 'snapshot' then 0 else 1 end`)
    .orderBy('version_id')
    .execute();
  return rows.map((row) => toStoredVersion(row, codec));
}

/**
 * One transaction, one multi-row insert (per MAX_ROWS_PER_INSERT rows): when
 * the promise resolves every row is committed, with ids ascending in input
 * order; when it rejects none is. All rows of a call share one `created_at`.
 * An empty array resolves without touching the database.
 *
 * @throws TypeError for a malformed id (before anything is written); the
 *   database's error for an unknown script or user or an invalid kind.
 */
export async function appendVersions(ctx: StorageContext, rows: readonly NewVersion[]): Promise<void> {
  if (rows.length === 0) return;
  const createdAt = writeTime(new Date());
  const values = rows.map((row) => ({
    script_id: requireId(row.scriptId, 'scriptId'),
    update: row.update,
    created_at: createdAt,
    created_by: row.createdBy === null ? null : requireId(row.createdBy, 'createdBy'),
    kind: row.kind,
  }));
  await ctx.db.transaction().execute(async (trx) => {
    for (let start = 0; start < values.length; start += MAX_ROWS_PER_INSERT) {
      await trx
        .insertInto('script_versions')
        .values(values.slice(start, start + MAX_ROWS_PER_INSERT))
        .execute();
    }
  });
}

/**
 * The row with the largest version id (any kind) and its `created_at`, read
 * through the (script_id, version_id) index; undefined when there is none.
 */
export async function latestVersion(
  ctx: StorageContext,
  scriptId: ScriptId,
): Promise<{ versionId: number; createdAt: Date } | undefined> {
  const id = canonicalId(scriptId);
  if (id === undefined) return undefined;
  const row = await ctx.db
    .selectFrom('script_versions')
    .select(['version_id', 'created_at'])
    .where('script_id', '=', id)
    .orderBy('version_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { versionId: row.version_id, createdAt: ctx.codec.readTime(row.created_at) };
}

/** All kinds; 0 for an unknown or malformed id. */
export async function countVersions(ctx: StorageContext, scriptId: ScriptId): Promise<number> {
  const id = canonicalId(scriptId);
  if (id === undefined) return 0;
  const { count } = await ctx.db
    .selectFrom('script_versions')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('script_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(count);
}
