import { canonicalId, requireId } from './canonical-id.js';
import { groupByScript } from './group-by-script.js';
import { toUserRecord, type RowCodec, type StorageContext } from './row-codec.js';
import { COLLABORATOR_ROLES, type CollaboratorRecord, type CollaboratorRole, type Role, type ScriptId, type UserId } from './storage.js';

/**
 * @throws TypeError when the value is not a collaborator role (the CHECK
 *   constraints would refuse it too, but with a dialect-specific error).
 */
export function requireRole(role: unknown): CollaboratorRole {
  const known = COLLABORATOR_ROLES.find((name) => name === role);
  if (known === undefined) throw new TypeError(`storage: unknown collaborator role ${JSON.stringify(role)}`);
  return known;
}

/**
 * The user's role in one query. The owner is 'owner' even if also stored as a
 * collaborator. Deletion is ignored on purpose: callers learn whether the
 * script is deleted from `getScript`, and recovery needs the owner's role.
 */
async function getRole(ctx: StorageContext, scriptId: ScriptId, userId: UserId): Promise<Role | undefined> {
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
async function setCollaborator(
  ctx: StorageContext,
  scriptId: ScriptId,
  userId: UserId,
  role: CollaboratorRole,
): Promise<void> {
  const script = requireId(scriptId, 'scriptId');
  const user = requireId(userId, 'userId');
  requireRole(role);
  await ctx.db
    .insertInto('script_collaborators')
    .values({ script_id: script, user_id: user, role })
    .onConflict((conflict) => conflict.columns(['script_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

/**
 * Collaborator rows with their users and script ids, never the owner: an
 * owner also stored as a collaborator is left out, as `getRole` calls them
 * owner. Callers narrow it to one script or to one owner's scripts.
 */
function selectCollaborators(ctx: StorageContext) {
  return ctx.db
    .selectFrom('script_collaborators as c')
    .innerJoin('scripts as s', 's.script_id', 'c.script_id')
    .innerJoin('users as u', 'u.user_id', 'c.user_id')
    .selectAll('u')
    .select(['c.role', 'c.script_id'])
    .whereRef('c.user_id', '<>', 's.owner_id');
}

type CollaboratorRow = Awaited<ReturnType<ReturnType<typeof selectCollaborators>['execute']>>[number];

function toCollaboratorRecord({ role, script_id: _script, ...user }: CollaboratorRow, codec: RowCodec): CollaboratorRecord {
  return { user: toUserRecord(user, codec), role };
}

/**
 * Collaborators of one script with their users. Sorted here, not in SQL, so
 * the order is the same whatever the database's collation: by lower-cased
 * email (users without one last), then user id.
 */
async function listCollaborators(ctx: StorageContext, scriptId: ScriptId): Promise<CollaboratorRecord[]> {
  const script = canonicalId(scriptId);
  if (script === undefined) return [];
  const rows = await selectCollaborators(ctx).where('c.script_id', '=', script).execute();
  return rows.map((row) => toCollaboratorRecord(row, ctx.codec)).sort(byEmailThenId);
}

/**
 * Collaborators of every script `ownerId` owns (soft-deleted ones included)
 * in one query, whatever the number of scripts: by script id, each list in
 * the order of `listCollaborators`. Scripts shared with nobody are absent; a
 * malformed id owns nothing.
 */
async function listCollaboratorsByOwner(ctx: StorageContext, ownerId: UserId): Promise<Map<ScriptId, CollaboratorRecord[]>> {
  const owner = canonicalId(ownerId);
  if (owner === undefined) return new Map();
  const rows = await selectCollaborators(ctx).where('s.owner_id', '=', owner).execute();
  return groupByScript(rows, (row) => toCollaboratorRecord(row, ctx.codec), byEmailThenId);
}

function byEmailThenId(a: CollaboratorRecord, b: CollaboratorRecord): number {
  const emailA = a.user.email?.toLowerCase();
  const emailB = b.user.email?.toLowerCase();
  if (emailA !== emailB) {
    if (emailA === undefined) return 1;
    if (emailB === undefined) return -1;
    return emailA < emailB ? -1 : 1;
  }
  return a.user.userId < b.user.userId ? -1 : a.user.userId > b.user.userId ? 1 : 0;
}

/** Returns whether a row was removed; false for an unknown or malformed id. The script's `updated_at` is left alone. */
async function removeCollaborator(ctx: StorageContext, scriptId: ScriptId, userId: UserId): Promise<boolean> {
  const script = canonicalId(scriptId);
  const user = canonicalId(userId);
  if (script === undefined || user === undefined) return false;
  const { numDeletedRows } = await ctx.db
    .deleteFrom('script_collaborators')
    .where('script_id', '=', script)
    .where('user_id', '=', user)
    .executeTakeFirst();
  return numDeletedRows > 0n;
}

/** Owners and collaborators ([ST11], [ST21]). */
export const accessQueries = { getRole, setCollaborator, listCollaborators, listCollaboratorsByOwner, removeCollaborator };
