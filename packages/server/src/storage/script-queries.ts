import { sql, type Kysely } from 'kysely';
import { canonicalId, newId, requireId } from './canonical-id.js';
import { toScriptRecord, writeJsonArray, writeTime, type StorageContext } from './row-codec.js';
import { requireStorableText } from './storable-text.js';
import type { Database } from './schema.js';
import { toStoredKind } from './version-kind.js';
import type { Role, ScriptId, ScriptListing, ScriptRecord, UserId } from './storage.js';

export interface CreateScriptInput {
  ownerId: UserId;
  title: string;
  contentBlocks?: unknown[] | null;
  /**
   * The script's document, as one Yjs update (an imported file: marks and
   * title page included, which `contentBlocks` cannot carry). Stored as the
   * first baseline row in the same transaction as the script ([ST40]).
   */
  document?: Uint8Array;
}

/**
 * Inserts a script owned by `ownerId`; `updatedAt` starts equal to `createdAt`.
 * With `document`, its first row goes in with it, in one transaction: nobody
 * can open the script in between and seed it from `contentBlocks` under the
 * same seeding client id ([ST40]).
 *
 * @throws TypeError for a malformed owner id, non-array content, or a title
 *   or content holding text that cannot be stored ([ST39]); the database's
 *   foreign-key error for an owner that does not exist. Nothing is written then.
 */
async function createScript(ctx: StorageContext, input: CreateScriptInput): Promise<ScriptRecord> {
  const ownerId = requireId(input.ownerId, 'ownerId');
  requireStorableText({ title: input.title, contentBlocks: input.contentBlocks });
  const now = writeTime(new Date());
  const insert = (db: Kysely<Database>) =>
    db
      .insertInto('scripts')
      .values({
        script_id: newId(),
        owner_id: ownerId,
        title: input.title,
        content_blocks: writeJsonArray(input.contentBlocks ?? null),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  const { document } = input;
  if (document === undefined) return toScriptRecord(await insert(ctx.db), ctx.codec);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const script = await insert(trx);
    await trx
      .insertInto('script_versions')
      .values({ script_id: script.script_id, update: document, created_at: now, created_by: ownerId, kind: toStoredKind('baseline') })
      .execute();
    return script;
  });
  return toScriptRecord(row, ctx.codec);
}

async function getScript(
  ctx: StorageContext,
  scriptId: ScriptId,
  options: { includeDeleted?: boolean } = {},
): Promise<ScriptRecord | undefined> {
  const id = canonicalId(scriptId);
  if (id === undefined) return undefined;
  let query = ctx.db.selectFrom('scripts').selectAll().where('script_id', '=', id);
  if (options.includeDeleted !== true) query = query.where('deleted_at', 'is', null);
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : toScriptRecord(row, ctx.codec);
}

/**
 * Owned and collaborated scripts in one query, with the caller's role. The
 * left join matches at most one collaborator row per script (primary key
 * script_id + user_id), so no script is listed twice, even for an owner who
 * was also added as a collaborator. The page count is a correlated subquery
 * on the newest checkpoint ([ST46]), served by the (script_id, created_at)
 * index: one query for the whole list.
 */
async function listScriptsForUser(
  ctx: StorageContext,
  userId: UserId,
  options: { deleted?: boolean } = {},
): Promise<ScriptListing[]> {
  const id = canonicalId(userId);
  if (id === undefined) return [];
  const rows = await ctx.db
    .selectFrom('scripts as s')
    .leftJoin('script_collaborators as c', (join) =>
      join.onRef('c.script_id', '=', 's.script_id').on('c.user_id', '=', id),
    )
    .selectAll('s')
    .select('c.role')
    .select((eb) =>
      eb
        .selectFrom('script_checkpoints as k')
        .select('k.page_count')
        .whereRef('k.script_id', '=', 's.script_id')
        .orderBy('k.created_at', 'desc')
        .orderBy('k.checkpoint_id', 'desc')
        .limit(1)
        .as('page_count'),
    )
    .where((eb) => eb.or([eb('s.owner_id', '=', id), eb('c.user_id', 'is not', null)]))
    .where('s.deleted_at', options.deleted === true ? 'is not' : 'is', null)
    // Ties on updated_at are broken so that the order is the same in both dialects and across calls.
    .orderBy('s.updated_at', 'desc')
    .orderBy('s.created_at', 'desc')
    .orderBy('s.script_id')
    .execute();
  return rows.map(({ role, page_count: pageCount, ...script }) => {
    const callerRole: Role | null = script.owner_id === id ? 'owner' : role;
    if (callerRole === null) throw new Error('storage: listed a script without access (query bug)');
    return { ...toScriptRecord(script, ctx.codec), role: callerRole, pageCount: pageCount ?? null };
  });
}

/**
 * Bumps `updated_at`. A deleted script is not renamed (undefined, nothing changes).
 *
 * @throws TypeError for a title holding text that cannot be stored ([ST39]), whatever the id.
 */
async function renameScript(ctx: StorageContext, scriptId: ScriptId, title: string): Promise<ScriptRecord | undefined> {
  requireStorableText({ title });
  const id = canonicalId(scriptId);
  if (id === undefined) return undefined;
  const row = await ctx.db
    .updateTable('scripts')
    .set({ title, updated_at: writeTime(new Date()) })
    .where('script_id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toScriptRecord(row, ctx.codec);
}

/**
 * Soft delete or recovery; `updated_at` is left alone so a recovered script
 * returns to its place in the list. Deleting again keeps the first
 * `deleted_at` (the trash shows when it was really deleted).
 */
async function setScriptDeleted(
  ctx: StorageContext,
  scriptId: ScriptId,
  deleted: boolean,
): Promise<ScriptRecord | undefined> {
  const id = canonicalId(scriptId);
  if (id === undefined) return undefined;
  const deletedAt = deleted ? sql<string>`coalesce(deleted_at, ${writeTime(new Date())})` : null;
  const row = await ctx.db
    .updateTable('scripts')
    .set({ deleted_at: deletedAt })
    .where('script_id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toScriptRecord(row, ctx.codec);
}

/**
 * Writes the REST projection and sets `updated_at` to `updatedAt` as given
 * (the `created_at` of the newest version row the projection reflects, so
 * `updated_at` never runs ahead of the Yjs log), whether or not the script is
 * soft-deleted (a projection finishing after a delete must not be lost on
 * recovery). An unknown or malformed id changes nothing.
 *
 * @throws TypeError when `contentBlocks` is not an array or holds text that
 *   cannot be stored ([ST39]: the projection of a document holding such text
 *   is refused alike on both dialects), or `updatedAt` is not a valid Date.
 */
async function updateContentBlocks(
  ctx: StorageContext,
  scriptId: ScriptId,
  contentBlocks: unknown[],
  updatedAt: Date,
): Promise<void> {
  const json = writeJsonArray(contentBlocks);
  requireStorableText({ contentBlocks });
  if (!(updatedAt instanceof Date) || Number.isNaN(updatedAt.getTime())) {
    throw new TypeError('storage: updatedAt must be a valid Date');
  }
  const id = canonicalId(scriptId);
  if (id === undefined) return;
  await ctx.db
    .updateTable('scripts')
    .set({ content_blocks: json, updated_at: writeTime(updatedAt) })
    .where('script_id', '=', id)
    .execute();
}

async function listScriptIds(ctx: StorageContext): Promise<ScriptId[]> {
  const rows = await ctx.db.selectFrom('scripts').select('script_id').orderBy('script_id').execute();
  return rows.map((row) => row.script_id);
}

/** The document generation alone ([ST36]), deleted scripts included; undefined for an unknown or malformed id. */
async function getGeneration(ctx: StorageContext, scriptId: ScriptId): Promise<number | undefined> {
  const id = canonicalId(scriptId);
  return id === undefined ? undefined : selectGeneration(ctx.db, id);
}

/** `getGeneration` on any executor (a transaction too); `id` must be canonical. */
export async function selectGeneration(db: Kysely<Database>, id: ScriptId): Promise<number | undefined> {
  const row = await db.selectFrom('scripts').select('yjs_generation').where('script_id', '=', id).executeTakeFirst();
  return row?.yjs_generation;
}

/**
 * Moves a script's document generation on by one and returns the new value;
 * undefined when no script has the (canonical) id. Callers run it inside the
 * transaction that replaces the document ([ST37], [ST38]), so the two commit
 * together or not at all.
 */
export async function incrementGeneration(db: Kysely<Database>, id: ScriptId): Promise<number | undefined> {
  const row = await db
    .updateTable('scripts')
    .set((eb) => ({ yjs_generation: eb('yjs_generation', '+', 1) }))
    .where('script_id', '=', id)
    .returning('yjs_generation')
    .executeTakeFirst();
  return row?.yjs_generation;
}

/** The script catalogue ([ST8]–[ST10], [ST35]) and the generation read ([ST36]). */
export const scriptQueries = { createScript, getScript, listScriptsForUser, renameScript, setScriptDeleted, updateContentBlocks, listScriptIds, getGeneration };
