import { sql } from 'kysely';
import { canonicalId } from './canonical-id.js';
import { writeTime, type StorageContext } from './row-codec.js';
import type { CompactionOptions, CompactionOutcome, CompactionPolicy, ScriptId, StoredVersion } from './storage.js';
import { toStoredKind } from './version-kind.js';
import { selectVersions } from './version-queries.js';

/** Version ids per DELETE (one bound parameter each): well under both databases' limits. */
export const MAX_IDS_PER_COMPACTION_DELETE = 1000;

/** A script with fewer rows has nothing to merge. */
const MIN_ROWS = 2;

/**
 * Merges a script's rows into one baseline row (SPEC [ST30]–[ST33]). One
 * transaction holding the script's lock, so compactors, seeds and quarantines
 * of the script are serialised; appends do not take the lock and go on.
 *
 * Ordering inside the transaction: read → merge → insert the baseline →
 * delete the ids read → commit. The delete names the ids it read rather than
 * "every row ≤ S": on PostgreSQL an append whose id was taken before our read
 * can commit after it (ids are taken at insert, [ST14]); such a row is not in
 * the baseline and must survive, and it does, because we never name it. The
 * delete must find every row it names: fewer means someone removed rows of
 * this script without the lock, and a baseline holding their content would
 * bring them back, so the transaction is rolled back instead.
 */
async function compactVersions(
  ctx: StorageContext,
  scriptId: ScriptId,
  merge: (rows: StoredVersion[]) => Uint8Array,
  options: CompactionOptions = {},
): Promise<CompactionOutcome> {
  const id = canonicalId(scriptId);
  if (id === undefined) return { status: 'skipped', reason: 'too-few-rows' };

  const work = async (trx: StorageContext['db']): Promise<CompactionOutcome> => {
    const rows = await selectVersions(trx, ctx.codec, id);
    if (rows.length < MIN_ROWS) return { status: 'skipped', reason: 'too-few-rows' };
    const baseline = merge(rows);
    if (!(baseline instanceof Uint8Array)) throw new TypeError('storage: a compaction merge must return a Uint8Array');

    await trx
      .insertInto('script_versions')
      .values({ script_id: id, update: baseline, created_at: writeTime(new Date()), created_by: null, kind: toStoredKind('baseline') })
      .execute();
    await options.afterInsert?.();

    const ids = rows.map((row) => row.versionId);
    let deleted = 0;
    for (let start = 0; start < ids.length; start += MAX_IDS_PER_COMPACTION_DELETE) {
      const result = await trx
        .deleteFrom('script_versions')
        .where('script_id', '=', id)
        .where('version_id', 'in', ids.slice(start, start + MAX_IDS_PER_COMPACTION_DELETE))
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    if (deleted !== ids.length) {
      throw new Error(`storage: compaction of ${id} read ${ids.length} rows but could delete only ${deleted}; rolled back`);
    }
    await options.beforeCommit?.();
    return {
      status: 'compacted',
      rowsRemoved: deleted,
      bytesBefore: rows.reduce((sum, row) => sum + row.update.byteLength, 0),
      bytesAfter: baseline.byteLength,
      upToVersionId: Math.max(...ids),
    };
  };

  if (options.lock === 'try') {
    const attempt = await ctx.tryScriptTransaction(ctx.db, id, work);
    return attempt.acquired ? attempt.value : { status: 'skipped', reason: 'locked' };
  }
  return ctx.scriptTransaction(ctx.db, id, work);
}

/**
 * One grouped scan of `script_versions` (through its (script_id, version_id)
 * index). Timestamps compare as instants on PostgreSQL and as ISO-8601 UTC
 * text on SQLite, whose order is the same ([ST5]).
 *
 * @throws TypeError for a policy that is not non-negative integers and a valid Date.
 */
async function compactionCandidates(ctx: StorageContext, policy: CompactionPolicy): Promise<ScriptId[]> {
  const { maxRows, maxAgeMs, now } = policy;
  if (!Number.isSafeInteger(maxRows) || maxRows < 0) throw new TypeError(`storage: maxRows must be a non-negative integer, got ${String(maxRows)}`);
  if (!Number.isSafeInteger(maxAgeMs) || maxAgeMs < 0) throw new TypeError(`storage: maxAgeMs must be a non-negative integer, got ${String(maxAgeMs)}`);
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('storage: now must be a valid Date');
  const cutoff = writeTime(new Date(now.getTime() - maxAgeMs));
  const rows = await ctx.db
    .selectFrom('script_versions')
    .select('script_id')
    .groupBy('script_id')
    .having((eb) =>
      eb.and([
        eb(eb.fn.countAll(), '>=', MIN_ROWS),
        eb.or([eb(eb.fn.countAll(), '>', maxRows), eb(eb.fn.min('created_at'), '<', cutoff)]),
      ]),
    )
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('script_id')
    .execute();
  return rows.map((row) => row.script_id);
}

/** The compaction of logs ([ST30]–[ST34]). */
export const compactionQueries = { compactVersions, compactionCandidates };
