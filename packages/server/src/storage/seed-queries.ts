import { canonicalId } from './canonical-id.js';
import { writeTime, type StorageContext } from './row-codec.js';
import type { ScriptId } from './storage.js';

/** Builds a script's first document state from its REST content; undefined: nothing to seed. */
export type SeedBuilder = (contentBlocks: unknown[] | null) => Uint8Array | undefined;

/**
 * Seeds an empty version log exactly once. Everything happens in one
 * transaction holding the script's lock (`ctx.scriptTransaction`), so of
 * concurrent callers, in this process or others, the first to get the lock
 * seeds and every later one finds its committed row. The script row is read
 * first so that `build` is never called for an unknown script.
 *
 * @throws what `build` throws; TypeError when it returns a non-Uint8Array;
 *   the lock's or the database's error. Nothing is written then.
 */
export async function seedIfEmpty(ctx: StorageContext, scriptId: ScriptId, build: SeedBuilder): Promise<{ seeded: boolean }> {
  const id = canonicalId(scriptId);
  if (id === undefined) return { seeded: false };
  const seeded = await ctx.scriptTransaction(ctx.db, id, async (trx) => {
    const script = await trx.selectFrom('scripts').select('content_blocks').where('script_id', '=', id).executeTakeFirst();
    if (script === undefined) return false;
    const existing = await trx.selectFrom('script_versions').select('version_id').where('script_id', '=', id).limit(1).executeTakeFirst();
    if (existing !== undefined) return false;

    const update = build(ctx.codec.readJson(script.content_blocks));
    if (update === undefined) return false;
    if (!(update instanceof Uint8Array)) throw new TypeError('storage: seed builder must return a Uint8Array or undefined');
    await trx
      .insertInto('script_versions')
      .values({ script_id: id, update, created_at: writeTime(new Date()), created_by: null, kind: 'snapshot' })
      .execute();
    return true;
  });
  return { seeded };
}
