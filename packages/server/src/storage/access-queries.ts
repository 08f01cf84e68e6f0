import { canonicalId, requireId } from './canonical-id.js';
import type { StorageContext } from './row-codec.js';
import type { CollaboratorRole, Role, ScriptId, UserId } from './storage.js';

/**
 * The user's role in one query. The owner is 'owner' even if also stored as a
 * collaborator. Deletion is ignored on purpose: callers learn whether the
 * script is deleted from `getScript`, and recovery needs the owner's role.
 */
export async function getRole(ctx: StorageContext, scriptId: ScriptId, userId: UserId): Promise<Role | undefined> {
  const script = canonicalId(scriptId);
  const user = canonicalId(userId);
  if (script === undefined || user === undefined) return undefined;
  const row = await ctx.db
    .selectFrom('scripts as s')
    .leftJoin('script_collaborators as c', (join) =>
      join.onRef('c.script_id', '=', 's.script_id').on('c.user_id', '=', user),
    )
    .select(['s.owner_id', 'c.role'])
    .where('s.script_id', '=', script)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.owner_id === user) return 'owner';
  return row.role ?? undefined;
}

/**
 * Adds a collaborator or changes their role (an upsert, so concurrent grants
 * do not collide).
 *
 * @throws TypeError for a malformed id or role; the database's foreign-key
 *   error when the script or user does not exist. Nothing is written then.
 */
export async function setCollaborator(
  ctx: StorageContext,
  scriptId: ScriptId,
  userId: UserId,
  role: CollaboratorRole,
): Promise<void> {
  const script = requireId(scriptId, 'scriptId');
  const user = requireId(userId, 'userId');
  if (role !== 'editor' && role !== 'viewer') throw new TypeError(`storage: unknown collaborator role ${JSON.stringify(role)}`);
  await ctx.db
    .insertInto('script_collaborators')
    .values({ script_id: script, user_id: user, role })
    .onConflict((conflict) => conflict.columns(['script_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}
