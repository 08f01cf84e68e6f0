import { canonicalId } from './canonical-id.js';
import type { StorageContext } from './row-codec.js';
import type { ForeverDeletion, ScriptId } from './storage.js';

/** Thrown inside the transaction to roll it back with the reason it was refused. */
class Refused extends Error {
  constructor(readonly outcome: Exclude<ForeverDeletion, 'deleted'>) {
    super(outcome);
  }
}

/**
 * [ST45]. The log rows are deleted with RETURNING and compared with the
 * exported ids, rather than read first and deleted after: under PostgreSQL's
 * read committed, a row committed between a read and a delete would go
 * unexported. `script_versions` has no cascade, so a row appended after the
 * delete makes the script's own delete fail and the whole transaction roll
 * back. Everything else of the script cascades from `scripts`.
 *
 * It runs under the script's lock: on SQLite that is the write lock taken
 * before the first read, without which another process's write between the
 * read and the delete (a restore from the trash, any commit) would fail the
 * delete with SQLITE_BUSY instead of letting it wait its turn.
 */
async function deleteScriptForever(ctx: StorageContext, scriptId: ScriptId, exportedVersionIds: readonly number[]): Promise<ForeverDeletion> {
  const id = canonicalId(scriptId);
  if (id === undefined) return 'not-found';
  try {
    await ctx.scriptTransaction(ctx.db, id, async (trx) => {
      const script = await trx.selectFrom('scripts').select('deleted_at').where('script_id', '=', id).executeTakeFirst();
      if (script === undefined) throw new Refused('not-found');
      if (script.deleted_at === null) throw new Refused('not-in-trash');
      const removed = await trx.deleteFrom('script_versions').where('script_id', '=', id).returning('version_id').execute();
      const exported = new Set(exportedVersionIds);
      if (removed.length !== exported.size || removed.some((row) => !exported.has(Number(row.version_id)))) throw new Refused('log-changed');
      // A restore that committed since the check leaves the script out of the trash: refused, rows kept.
      const gone = await trx.deleteFrom('scripts').where('script_id', '=', id).where('deleted_at', 'is not', null).executeTakeFirst();
      if (gone.numDeletedRows === 0n) throw new Refused('not-in-trash');
    });
    return 'deleted';
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

/** Deleting a script for good ([ST45]). */
export const trashQueries = { deleteScriptForever };
