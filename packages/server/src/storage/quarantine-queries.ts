import { sql, type Kysely } from 'kysely';
import { canonicalId } from './canonical-id.js';
import { toQuarantinedVersion, writeTime, type StorageContext } from './row-codec.js';
import { requireStorableText } from './storable-text.js';
import type { Database } from './schema.js';
import { incrementGeneration } from './script-queries.js';
import type { QuarantinedVersion, ScriptId } from './storage.js';

/**
 * Version ids per DELETE (one bound parameter each) and rows per INSERT into
 * the quarantine (eight each): well under SQLite's 32,766 and PostgreSQL's
 * 65,535 bound parameters per statement.
 */
export const MAX_ROWS_PER_QUARANTINE_STATEMENT = 1000;

/**
 * Moves rows of one script into `script_versions_quarantine`. In one
 * transaction holding the script's lock, per chunk of ids: `DELETE …
 * RETURNING` the rows, then insert exactly the returned rows (so only rows
 * really deleted are copied, each once). If any insert fails the transaction
 * rolls back and every deleted row is back: a row never leaves
 * `script_versions` without its copy arriving.
 *
 * A quarantine that leaves the script without rows replaces its document as
 * a whole, so it moves the generation on in the same transaction ([ST37]).
 * The emptiness check comes after the deletes and sees every append
 * committed before it: such a row stays (it was not named), and the
 * generation does not move, since the log still holds a document clients
 * build on. An append committing after the check lands on the new
 * generation; its row builds on quarantined rows, and the load path finds
 * its missing predecessors and repairs the script ([SY4]).
 *
 * @throws TypeError for an id that is not a positive safe integer, or an empty
 *   reason or one holding text that cannot be stored ([ST39]), before
 *   anything is touched.
 */
async function quarantineVersions(
  ctx: StorageContext,
  scriptId: ScriptId,
  versionIds: readonly number[],
  reason: string,
): Promise<number> {
  for (const versionId of versionIds) {
    if (!Number.isSafeInteger(versionId) || versionId <= 0) {
      throw new TypeError(`storage: version id is not a positive integer: ${String(versionId)}`);
    }
  }
  if (typeof reason !== 'string' || reason === '') throw new TypeError('storage: a quarantine reason is required');
  requireStorableText({ reason });
  const id = canonicalId(scriptId);
  const ids = [...new Set(versionIds)];
  if (id === undefined || ids.length === 0) return 0;

  const quarantinedAt = writeTime(new Date());
  return ctx.scriptTransaction(ctx.db, id, async (trx) => {
    let moved = 0;
    for (let start = 0; start < ids.length; start += MAX_ROWS_PER_QUARANTINE_STATEMENT) {
      const deleted = await trx
        .deleteFrom('script_versions')
        .where('script_id', '=', id)
        .where('version_id', 'in', ids.slice(start, start + MAX_ROWS_PER_QUARANTINE_STATEMENT))
        // created_at as text: SQLite's stored text as is; PostgreSQL's full-precision text form, which
        // parses back to the same instant (a Date would drop microseconds of rows stamped by SQL now()).
        .returning(['version_id', 'script_id', 'update', 'created_by', 'kind', sql<string>`cast(created_at as text)`.as('created_at')])
        .execute();
      if (deleted.length === 0) continue;
      await trx
        .insertInto('script_versions_quarantine')
        .values(
          deleted.map((row) => ({
            version_id: row.version_id,
            script_id: row.script_id,
            update: row.update,
            created_at: row.created_at,
            created_by: row.created_by,
            kind: row.kind,
            reason,
            quarantined_at: quarantinedAt,
          })),
        )
        .execute();
      moved += deleted.length;
    }
    if (moved > 0 && !(await hasRows(trx, id))) await incrementGeneration(trx, id);
    return moved;
  });
}

async function hasRows(db: Kysely<Database>, id: ScriptId): Promise<boolean> {
  const row = await db.selectFrom('script_versions').select('version_id').where('script_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Ordered by script id then version id in SQL: canonical ids are lowercase
 * hex, whose text order (SQLite) is the byte order of PostgreSQL's `uuid`.
 */
async function listQuarantined(ctx: StorageContext, scriptId?: ScriptId): Promise<QuarantinedVersion[]> {
  let query = ctx.db.selectFrom('script_versions_quarantine').selectAll();
  if (scriptId !== undefined) {
    const id = canonicalId(scriptId);
    if (id === undefined) return [];
    query = query.where('script_id', '=', id);
  }
  const rows = await query.orderBy('script_id').orderBy('version_id').execute();
  return rows.map((row) => toQuarantinedVersion(row, ctx.codec));
}

/** Quarantine of log rows ([ST27], [ST28], [ST37]). */
export const quarantineQueries = { quarantineVersions, listQuarantined };
