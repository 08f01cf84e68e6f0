import { canonicalId } from './canonical-id.js';
import { writeTime, type StorageContext } from './row-codec.js';
import type { AmendingRow, LockedLog, ScriptId } from './storage.js';
import { toStoredKind, isVersionKind } from './version-kind.js';
import { selectVersions } from './version-queries.js';

/**
 * Appends the row `decide` asks for, deciding under the script's lock
 * ([ST25]). The script row and the log are read after the lock was granted,
 * so of concurrent callers, in this process or others, each decides on what
 * every earlier holder committed: the first to seed an empty log seeds it and
 * every later one sees the seed; a repair is written once, however many
 * processes found the damage at the same moment.
 *
 * @throws what `decide` throws; TypeError when it returns something that is
 *   not an `AmendingRow`; the lock's or the database's error. Nothing is
 *   written then.
 */
async function amendLog(
  ctx: StorageContext,
  scriptId: ScriptId,
  decide: (log: LockedLog) => AmendingRow | undefined,
): Promise<{ amended: boolean }> {
  const id = canonicalId(scriptId);
  if (id === undefined) return { amended: false };
  const amended = await ctx.scriptTransaction(ctx.db, id, async (trx) => {
    const script = await trx.selectFrom('scripts').select('content_blocks').where('script_id', '=', id).executeTakeFirst();
    if (script === undefined) return false;
    const rows = await selectVersions(trx, ctx.codec, id);
    const decided = decide({ rows, contentBlocks: ctx.codec.readJson(script.content_blocks) });
    if (decided === undefined) return false;
    if (!isAmendingRow(decided)) throw new TypeError('storage: an amendLog decision must be undefined or { update: Uint8Array, kind }');
    await trx
      .insertInto('script_versions')
      .values({ script_id: id, update: decided.update, created_at: writeTime(new Date()), created_by: null, kind: toStoredKind(decided.kind) })
      .execute();
    return true;
  });
  return { amended };
}

function isAmendingRow(value: unknown): value is AmendingRow {
  if (typeof value !== 'object' || value === null) return false;
  const { update, kind } = value as Partial<AmendingRow>;
  return update instanceof Uint8Array && isVersionKind(kind);
}

/** The amendment of a log under its lock ([ST25]). */
export const amendQueries = { amendLog };
