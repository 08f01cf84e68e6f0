import { sql, type Insertable, type Kysely } from 'kysely';
import { canonicalId, requireId } from './canonical-id.js';
import { toStoredVersion, writeTime, type RowCodec, type StorageContext } from './row-codec.js';
import type { Database, ScriptVersionsTable } from './schema.js';
import { incrementGeneration, selectGeneration } from './script-queries.js';
import { ScriptsGoneError, type NewVersion, type RestoredVersion, type ScriptId, type StoredVersion } from './storage.js';
import { toStoredKind } from './version-kind.js';

/**
 * Rows per INSERT statement. Each row binds 5 parameters; SQLite allows 32,766
 * per statement and PostgreSQL 65,535, so a larger batch is split into several
 * inserts inside the same transaction (still all-or-nothing).
 */
export const MAX_ROWS_PER_INSERT = 1000;

/**
 * Every row of a script in one query: baselines first, then by version id.
 * A baseline written by compaction has a larger id than updates that were
 * written during the compaction and survived it, so id order alone would apply
 * those updates before the state they build on.
 */
async function loadVersions(ctx: StorageContext, scriptId: ScriptId): Promise<StoredVersion[]> {
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
    // Baselines first: stored as 'snapshot' (version-kind.ts).
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
 * @throws TypeError for a malformed id (before anything is written);
 *   ScriptsGoneError naming the rows' scripts no longer stored ([ST48]); the
 *   database's error for an unknown user or an invalid kind.
 */
async function appendVersions(ctx: StorageContext, rows: readonly NewVersion[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rowValues(rows);
  try {
    await ctx.db.transaction().execute((trx) => insertRows(trx, values));
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error;
    const gone = await scriptsNotStored(ctx.db, values.map((value) => value.script_id));
    throw gone.length > 0 ? new ScriptsGoneError(gone) : error;
  }
}

/** PostgreSQL's SQLSTATE 23503, SQLite's extended result code: a row named a script (or user) that is not there. */
function isForeignKeyViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

async function scriptsNotStored(db: Kysely<Database>, scriptIds: readonly ScriptId[]): Promise<ScriptId[]> {
  const wanted = [...new Set(scriptIds)];
  const stored = await db.selectFrom('scripts').select('script_id').where('script_id', 'in', wanted).execute();
  const found = new Set(stored.map((row) => row.script_id));
  return wanted.filter((id) => !found.has(id));
}

/**
 * `appendVersions` for one script, plus the move to a new document
 * generation, in one transaction holding the script's lock ([ST38]), so a
 * client can never see the restored rows under the old generation, nor the
 * new generation without them. The generation moves first: an unknown script
 * is refused before any insert.
 *
 * @throws TypeError for a malformed id (before the transaction); an Error for
 *   an unknown script; the database's error for an unknown author or an
 *   invalid kind. Nothing is written then.
 */
async function restoreVersions(ctx: StorageContext, scriptId: ScriptId, rows: readonly RestoredVersion[]): Promise<number> {
  const id = requireId(scriptId, 'scriptId');
  const values = rowValues(rows.map((row) => ({ ...row, scriptId: id })));
  return ctx.scriptTransaction(ctx.db, id, async (trx) => {
    const generation = values.length === 0 ? await selectGeneration(trx, id) : await incrementGeneration(trx, id);
    if (generation === undefined) throw new Error(`storage: cannot restore rows of unknown script ${id}`);
    await insertRows(trx, values);
    return generation;
  });
}

/** Insert values for rows written now; @throws TypeError for a malformed id. */
function rowValues(rows: readonly NewVersion[]): Array<Insertable<ScriptVersionsTable>> {
  const createdAt = writeTime(new Date());
  return rows.map((row) => ({
    script_id: requireId(row.scriptId, 'scriptId'),
    update: row.update,
    created_at: createdAt,
    created_by: row.createdBy === null ? null : requireId(row.createdBy, 'createdBy'),
    kind: toStoredKind(row.kind),
  }));
}

/** Multi-row inserts of at most MAX_ROWS_PER_INSERT rows each, on the caller's transaction. */
async function insertRows(trx: Kysely<Database>, values: ReadonlyArray<Insertable<ScriptVersionsTable>>): Promise<void> {
  for (let start = 0; start < values.length; start += MAX_ROWS_PER_INSERT) {
    await trx
      .insertInto('script_versions')
      .values(values.slice(start, start + MAX_ROWS_PER_INSERT))
      .execute();
  }
}

/**
 * The row with the largest version id (any kind) and its `created_at`, read
 * through the (script_id, version_id) index; undefined when there is none.
 */
async function latestVersion(
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
async function countVersions(ctx: StorageContext, scriptId: ScriptId): Promise<number> {
  const id = canonicalId(scriptId);
  if (id === undefined) return 0;
  const { count } = await ctx.db
    .selectFrom('script_versions')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('script_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The document log's reads and appends ([ST12]–[ST15], [ST29], [ST38]). */
export const versionQueries = { loadVersions, appendVersions, restoreVersions, latestVersion, countVersions };
