import { sql, type Kysely } from 'kysely';
import { getRole, listCollaborators, listCollaboratorsByOwner, removeCollaborator, setCollaborator } from './access-queries.js';
import { createLocalAccount, findLocalAccount, type CreateLocalAccountInput } from './account-queries.js';
import {
  acceptInvitations,
  deleteInvitation,
  listInvitations,
  listInvitationsByOwner,
  saveInvitation,
  type SaveInvitationInput,
} from './invitation-queries.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import { listQuarantined, quarantineVersions } from './quarantine-queries.js';
import type { RowCodec, StorageContext } from './row-codec.js';
import type { Database } from './schema.js';
import type { ScriptLocks } from './script-lock.js';
import {
  createScript,
  getGeneration,
  getScript,
  listScriptIds,
  listScriptsForUser,
  renameScript,
  setScriptDeleted,
  updateContentBlocks,
} from './script-queries.js';
import { seedIfEmpty, type SeedBuilder } from './seed-queries.js';
import { getOrCreateSecret } from './secret-queries.js';
import { createSession, getSession, revokeSession } from './session-queries.js';
import {
  createShareLink,
  findShareLink,
  listShareLinks,
  revokeShareLink,
  type CreateShareLinkInput,
} from './share-link-queries.js';
import { compactionCandidates, compactVersions } from './compaction-queries.js';
import type {
  CollaboratorRecord,
  CompactionOptions,
  CompactionOutcome,
  CompactionPolicy,
  CollaboratorRole,
  InvitationRecord,
  LocalAccountRecord,
  NewVersion,
  QuarantinedVersion,
  RestoredVersion,
  Role,
  ScriptId,
  ScriptListing,
  ScriptRecord,
  SessionRecord,
  ShareLinkRecord,
  Storage,
  StoredVersion,
  UserId,
  UserRecord,
} from './storage.js';
import { findUserByEmail, getUser, provisionUser, type ProvisionUserInput } from './user-queries.js';
import { appendVersions, countVersions, latestVersion, loadVersions, restoreVersions } from './version-queries.js';

/**
 * `Storage` over any Kysely dialect whose queries are written once in the
 * `*-queries.ts` modules. Subclasses only choose the dialect, the driver
 * settings, the `RowCodec` and how a script's lock is taken
 * (`ScriptLocks`); see SPEC.md for the rules all of them keep.
 */
export abstract class KyselyStorage implements Storage {
  abstract readonly dialect: Storage['dialect'];
  protected readonly ctx: StorageContext;
  #closing: Promise<void> | undefined;

  protected constructor(db: Kysely<Database>, codec: RowCodec, locks: ScriptLocks) {
    this.ctx = { db, codec, scriptTransaction: locks.wait, tryScriptTransaction: locks.try };
  }

  migrate(): Promise<void> {
    return migrateToLatest(this.ctx.db as Kysely<unknown>, this.dialect);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.ctx.db);
  }

  provisionUser(input: ProvisionUserInput): Promise<UserRecord> {
    return provisionUser(this.ctx, input);
  }

  getUser(userId: UserId): Promise<UserRecord | undefined> {
    return getUser(this.ctx, userId);
  }

  createScript(input: { ownerId: UserId; title: string; contentBlocks?: unknown[] | null }): Promise<ScriptRecord> {
    return createScript(this.ctx, input);
  }

  getScript(scriptId: ScriptId, options?: { includeDeleted?: boolean }): Promise<ScriptRecord | undefined> {
    return getScript(this.ctx, scriptId, options);
  }

  listScriptsForUser(userId: UserId, options?: { deleted?: boolean }): Promise<ScriptListing[]> {
    return listScriptsForUser(this.ctx, userId, options);
  }

  renameScript(scriptId: ScriptId, title: string): Promise<ScriptRecord | undefined> {
    return renameScript(this.ctx, scriptId, title);
  }

  setScriptDeleted(scriptId: ScriptId, deleted: boolean): Promise<ScriptRecord | undefined> {
    return setScriptDeleted(this.ctx, scriptId, deleted);
  }

  updateContentBlocks(scriptId: ScriptId, contentBlocks: unknown[], updatedAt: Date): Promise<void> {
    return updateContentBlocks(this.ctx, scriptId, contentBlocks, updatedAt);
  }

  getRole(scriptId: ScriptId, userId: UserId): Promise<Role | undefined> {
    return getRole(this.ctx, scriptId, userId);
  }

  setCollaborator(scriptId: ScriptId, userId: UserId, role: CollaboratorRole): Promise<void> {
    return setCollaborator(this.ctx, scriptId, userId, role);
  }

  loadVersions(scriptId: ScriptId): Promise<StoredVersion[]> {
    return loadVersions(this.ctx, scriptId);
  }

  appendVersions(rows: readonly NewVersion[]): Promise<void> {
    return appendVersions(this.ctx, rows);
  }

  restoreVersions(scriptId: ScriptId, rows: readonly RestoredVersion[]): Promise<number> {
    return restoreVersions(this.ctx, scriptId, rows);
  }

  getGeneration(scriptId: ScriptId): Promise<number | undefined> {
    return getGeneration(this.ctx, scriptId);
  }

  listScriptIds(): Promise<ScriptId[]> {
    return listScriptIds(this.ctx);
  }

  countVersions(scriptId: ScriptId): Promise<number> {
    return countVersions(this.ctx, scriptId);
  }

  latestVersion(scriptId: ScriptId): Promise<{ versionId: number; createdAt: Date } | undefined> {
    return latestVersion(this.ctx, scriptId);
  }

  compactVersions(scriptId: ScriptId, merge: (rows: StoredVersion[]) => Uint8Array, options?: CompactionOptions): Promise<CompactionOutcome> {
    return compactVersions(this.ctx, scriptId, merge, options);
  }

  compactionCandidates(policy: CompactionPolicy): Promise<ScriptId[]> {
    return compactionCandidates(this.ctx, policy);
  }

  seedIfEmpty(scriptId: ScriptId, build: SeedBuilder): Promise<{ seeded: boolean }> {
    return seedIfEmpty(this.ctx, scriptId, build);
  }

  quarantineVersions(scriptId: ScriptId, versionIds: readonly number[], reason: string): Promise<number> {
    return quarantineVersions(this.ctx, scriptId, versionIds, reason);
  }

  listQuarantined(scriptId?: ScriptId): Promise<QuarantinedVersion[]> {
    return listQuarantined(this.ctx, scriptId);
  }

  createLocalAccount(input: CreateLocalAccountInput): Promise<UserRecord> {
    return createLocalAccount(this.ctx, input);
  }

  findLocalAccount(email: string): Promise<LocalAccountRecord | undefined> {
    return findLocalAccount(this.ctx, email);
  }

  createSession(input: { userId: UserId; expiresAt: Date }): Promise<SessionRecord> {
    return createSession(this.ctx, input);
  }

  getSession(sessionId: string): Promise<SessionRecord | undefined> {
    return getSession(this.ctx, sessionId);
  }

  revokeSession(sessionId: string): Promise<void> {
    return revokeSession(this.ctx, sessionId);
  }

  getOrCreateSecret(name: string, generate: () => string): Promise<string> {
    return getOrCreateSecret(this.ctx, name, generate);
  }

  findUserByEmail(email: string): Promise<UserRecord | undefined> {
    return findUserByEmail(this.ctx, email);
  }

  listCollaborators(scriptId: ScriptId): Promise<CollaboratorRecord[]> {
    return listCollaborators(this.ctx, scriptId);
  }

  removeCollaborator(scriptId: ScriptId, userId: UserId): Promise<boolean> {
    return removeCollaborator(this.ctx, scriptId, userId);
  }

  saveInvitation(input: SaveInvitationInput): Promise<InvitationRecord> {
    return saveInvitation(this.ctx, input);
  }

  listInvitations(scriptId: ScriptId): Promise<InvitationRecord[]> {
    return listInvitations(this.ctx, scriptId);
  }

  listCollaboratorsByOwner(ownerId: UserId): Promise<Map<ScriptId, CollaboratorRecord[]>> {
    return listCollaboratorsByOwner(this.ctx, ownerId);
  }

  listInvitationsByOwner(ownerId: UserId): Promise<Map<ScriptId, InvitationRecord[]>> {
    return listInvitationsByOwner(this.ctx, ownerId);
  }

  deleteInvitation(scriptId: ScriptId, email: string): Promise<boolean> {
    return deleteInvitation(this.ctx, scriptId, email);
  }

  acceptInvitations(userId: UserId, email: string): Promise<ScriptId[]> {
    return acceptInvitations(this.ctx, userId, email);
  }

  createShareLink(input: CreateShareLinkInput): Promise<ShareLinkRecord> {
    return createShareLink(this.ctx, input);
  }

  listShareLinks(scriptId: ScriptId): Promise<ShareLinkRecord[]> {
    return listShareLinks(this.ctx, scriptId);
  }

  findShareLink(tokenHash: string): Promise<ShareLinkRecord | undefined> {
    return findShareLink(this.ctx, tokenHash);
  }

  revokeShareLink(scriptId: ScriptId, linkId: string): Promise<boolean> {
    return revokeShareLink(this.ctx, scriptId, linkId);
  }

  /** Releases the connection(s). Idempotent: later calls wait for the first. */
  close(): Promise<void> {
    this.#closing ??= this.ctx.db.destroy();
    return this.#closing;
  }
}
