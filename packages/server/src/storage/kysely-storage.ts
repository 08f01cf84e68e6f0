import { sql, type Kysely } from 'kysely';
import { getRole, setCollaborator } from './access-queries.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import type { RowCodec, StorageContext } from './row-codec.js';
import type { Database } from './schema.js';
import {
  createScript,
  getScript,
  listScriptsForUser,
  renameScript,
  setScriptDeleted,
  updateContentBlocks,
} from './script-queries.js';
import type {
  CollaboratorRole,
  NewVersion,
  Role,
  ScriptId,
  ScriptListing,
  ScriptRecord,
  Storage,
  StoredVersion,
  UserId,
  UserRecord,
} from './storage.js';
import { getUser, provisionUser, type ProvisionUserInput } from './user-queries.js';
import { appendVersions, countVersions, loadVersions } from './version-queries.js';

/**
 * `Storage` over any Kysely dialect whose queries are written once in the
 * `*-queries.ts` modules. Subclasses only choose the dialect, the driver
 * settings and the `RowCodec`; see SPEC.md for the rules all of them keep.
 */
export abstract class KyselyStorage implements Storage {
  abstract readonly dialect: Storage['dialect'];
  protected readonly ctx: StorageContext;
  #closing: Promise<void> | undefined;

  protected constructor(db: Kysely<Database>, codec: RowCodec) {
    this.ctx = { db, codec };
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

  updateContentBlocks(scriptId: ScriptId, contentBlocks: unknown[]): Promise<void> {
    return updateContentBlocks(this.ctx, scriptId, contentBlocks);
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

  countVersions(scriptId: ScriptId): Promise<number> {
    return countVersions(this.ctx, scriptId);
  }

  /** Releases the connection(s). Idempotent: later calls wait for the first. */
  close(): Promise<void> {
    this.#closing ??= this.ctx.db.destroy();
    return this.#closing;
  }
}
