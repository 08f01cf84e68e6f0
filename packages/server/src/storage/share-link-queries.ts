import { requireRole } from './access-queries.js';
import { canonicalId, newId, requireId } from './canonical-id.js';
import { isStorableText } from '@writersroom/screenplay';
import { toShareLinkRecord, writeTime, type StorageContext } from './row-codec.js';
import { requireStorableText } from './storable-text.js';
import type { CollaboratorRole, ScriptId, ShareLinkRecord, UserId } from './storage.js';

export interface CreateShareLinkInput {
  scriptId: ScriptId;
  tokenHash: string;
  role: CollaboratorRole;
  createdBy: UserId;
  expiresAt: Date | null;
}

/**
 * Stores a link by its token's hash (the token itself never reaches storage)
 * under a new random link id.
 *
 * @throws TypeError for a malformed id, role, empty or unstorable ([ST39])
 *   hash or invalid date; the
 *   database's error for an unknown script or user, or a hash already stored.
 */
async function createShareLink(ctx: StorageContext, input: CreateShareLinkInput): Promise<ShareLinkRecord> {
  const scriptId = requireId(input.scriptId, 'scriptId');
  const createdBy = requireId(input.createdBy, 'createdBy');
  const role = requireRole(input.role);
  if (typeof input.tokenHash !== 'string' || input.tokenHash === '') throw new TypeError('storage: tokenHash must be a non-empty string');
  requireStorableText({ tokenHash: input.tokenHash });
  if (input.expiresAt !== null && (!(input.expiresAt instanceof Date) || Number.isNaN(input.expiresAt.getTime()))) {
    throw new TypeError('storage: expiresAt must be a valid Date or null');
  }
  const row = await ctx.db
    .insertInto('share_links')
    .values({
      link_id: newId(),
      script_id: scriptId,
      token_hash: input.tokenHash,
      role,
      created_by: createdBy,
      created_at: writeTime(new Date()),
      expires_at: input.expiresAt === null ? null : writeTime(input.expiresAt),
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toShareLinkRecord(row, ctx.codec);
}

/** Every link of the script, revoked and expired included, newest first (ties by link id, so the order is stable). */
async function listShareLinks(ctx: StorageContext, scriptId: ScriptId): Promise<ShareLinkRecord[]> {
  const id = canonicalId(scriptId);
  if (id === undefined) return [];
  const rows = await ctx.db
    .selectFrom('share_links')
    .selectAll()
    .where('script_id', '=', id)
    .orderBy('created_at', 'desc')
    .orderBy('link_id', 'desc')
    .execute();
  return rows.map((row) => toShareLinkRecord(row, ctx.codec));
}

/** Exact match on the hash, whatever the link's state: expiry and revocation are the caller's to check. */
async function findShareLink(ctx: StorageContext, tokenHash: string): Promise<ShareLinkRecord | undefined> {
  if (typeof tokenHash !== 'string' || tokenHash === '' || !isStorableText(tokenHash)) return undefined;
  const row = await ctx.db.selectFrom('share_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row === undefined ? undefined : toShareLinkRecord(row, ctx.codec);
}

/**
 * Sets `revoked_at` on a link of that script that is not revoked yet. The
 * script id is part of the condition, so an owner can revoke only their own
 * script's links. False for a second revocation, another script's link, or an
 * unknown or malformed id.
 */
async function revokeShareLink(ctx: StorageContext, scriptId: ScriptId, linkId: string): Promise<boolean> {
  const script = canonicalId(scriptId);
  const link = canonicalId(linkId);
  if (script === undefined || link === undefined) return false;
  const { numUpdatedRows } = await ctx.db
    .updateTable('share_links')
    .set({ revoked_at: writeTime(new Date()) })
    .where('link_id', '=', link)
    .where('script_id', '=', script)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** Share links ([ST24]). */
export const shareLinkQueries = { createShareLink, listShareLinks, findShareLink, revokeShareLink };
