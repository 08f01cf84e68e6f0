import { requireRole } from './access-queries.js';
import { canonicalId, requireId } from './canonical-id.js';
import { emailKey, requireEmailKey } from './email-key.js';
import { groupByScript } from './group-by-script.js';
import { toInvitationRecord, writeTime, type StorageContext } from './row-codec.js';
import { COLLABORATOR_ROLES, type CollaboratorRole, type InvitationRecord, type ScriptId, type UserId } from './storage.js';

export interface SaveInvitationInput {
  scriptId: ScriptId;
  email: string;
  role: CollaboratorRole;
  invitedBy: UserId;
}

/**
 * Creates the invitation of an email (stored lower-cased) to a script, or
 * replaces it: role, inviter and time become the new ones. An upsert on the
 * primary key, so concurrent invitations of one address leave one row.
 *
 * @throws TypeError for a malformed id, role or email; the database's
 *   foreign-key error for an unknown script or inviter.
 */
async function saveInvitation(ctx: StorageContext, input: SaveInvitationInput): Promise<InvitationRecord> {
  const scriptId = requireId(input.scriptId, 'scriptId');
  const invitedBy = requireId(input.invitedBy, 'invitedBy');
  const role = requireRole(input.role);
  const email = requireEmailKey(input.email);
  const createdAt = writeTime(new Date());
  const row = await ctx.db
    .insertInto('script_invitations')
    .values({ script_id: scriptId, email, role, invited_by: invitedBy, created_at: createdAt })
    .onConflict((conflict) =>
      conflict.columns(['script_id', 'email']).doUpdateSet({ role, invited_by: invitedBy, created_at: createdAt }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toInvitationRecord(row, ctx.codec);
}

/** Pending invitations of a script by email (code-unit order, the same whatever the collation); [] for a malformed id. */
async function listInvitations(ctx: StorageContext, scriptId: ScriptId): Promise<InvitationRecord[]> {
  const id = canonicalId(scriptId);
  if (id === undefined) return [];
  const rows = await ctx.db.selectFrom('script_invitations').selectAll().where('script_id', '=', id).execute();
  return rows.map((row) => toInvitationRecord(row, ctx.codec)).sort(byEmail);
}

/**
 * Pending invitations to every script `ownerId` owns (soft-deleted ones
 * included) in one query: by script id, each list in the order of
 * `listInvitations`. Scripts without invitations are absent; a malformed id
 * owns nothing.
 */
async function listInvitationsByOwner(ctx: StorageContext, ownerId: UserId): Promise<Map<ScriptId, InvitationRecord[]>> {
  const owner = canonicalId(ownerId);
  if (owner === undefined) return new Map();
  const rows = await ctx.db
    .selectFrom('script_invitations as i')
    .innerJoin('scripts as s', 's.script_id', 'i.script_id')
    .selectAll('i')
    .where('s.owner_id', '=', owner)
    .execute();
  return groupByScript(rows, (row) => toInvitationRecord(row, ctx.codec), byEmail);
}

function byEmail(a: InvitationRecord, b: InvitationRecord): number {
  return a.email < b.email ? -1 : a.email > b.email ? 1 : 0;
}

/** Case-insensitive on the email; returns whether an invitation was removed. */
async function deleteInvitation(ctx: StorageContext, scriptId: ScriptId, email: string): Promise<boolean> {
  const id = canonicalId(scriptId);
  const key = emailKey(email);
  if (id === undefined || key === undefined) return false;
  const { numDeletedRows } = await ctx.db
    .deleteFrom('script_invitations')
    .where('script_id', '=', id)
    .where('email', '=', key)
    .executeTakeFirst();
  return numDeletedRows > 0n;
}

/**
 * One transaction: claims (deletes, returning them) every invitation for the
 * email, then grants each script the user does not own. Deleting first means
 * two concurrent accepts cannot both claim a row (PostgreSQL makes the second
 * wait for the first and then find nothing), and an invitation saved again
 * meanwhile is not lost unseen: it either was claimed or survives. Roles only
 * go up: an invitation raises a lower existing role (editor beats commenter
 * beats viewer) and leaves an equal or higher one alone. Invitations to the
 * user's own scripts are deleted without a grant and not returned.
 *
 * @returns the ids of the scripts joined (or already shared with the user), sorted; [] for a malformed id or empty email.
 * @throws the database's foreign-key error for an unknown user; nothing changes then.
 */
async function acceptInvitations(ctx: StorageContext, userId: UserId, email: string): Promise<ScriptId[]> {
  const user = canonicalId(userId);
  const key = emailKey(email);
  if (user === undefined || key === undefined) return [];
  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx.deleteFrom('script_invitations').where('email', '=', key).returning(['script_id', 'role']).execute();
    if (claimed.length === 0) return [];
    const owned = await trx
      .selectFrom('scripts')
      .select('script_id')
      .where('owner_id', '=', user)
      .where('script_id', 'in', claimed.map((invitation) => invitation.script_id))
      .execute();
    const ownedIds = new Set(owned.map((script) => script.script_id));
    const joined = claimed.filter((invitation) => !ownedIds.has(invitation.script_id));
    // One insert per role, so the conflict clause can name the roles it may raise.
    for (const [rank, role] of COLLABORATOR_ROLES.entries()) {
      const rows = joined.filter((invitation) => invitation.role === role).map(({ script_id }) => ({ script_id, user_id: user, role }));
      if (rows.length === 0) continue;
      const lower = COLLABORATOR_ROLES.slice(0, rank);
      await trx
        .insertInto('script_collaborators')
        .values(rows)
        .onConflict((conflict) => {
          const target = conflict.columns(['script_id', 'user_id']);
          return lower.length === 0 ? target.doNothing() : target.doUpdateSet({ role }).where('script_collaborators.role', 'in', lower);
        })
        .execute();
    }
    return joined.map((invitation) => invitation.script_id).sort();
  });
}

/** Invitations by email ([ST22], [ST23]). */
export const invitationQueries = { saveInvitation, listInvitations, listInvitationsByOwner, deleteInvitation, acceptInvitations };
