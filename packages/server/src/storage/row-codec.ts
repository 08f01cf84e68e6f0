import type { Kysely, Selectable } from 'kysely';
import type { ScriptTransaction, TryScriptTransaction } from './script-lock.js';
import type {
  Database,
  ScriptInvitationsTable,
  ScriptVersionsQuarantineTable,
  ScriptVersionsTable,
  ScriptsTable,
  SessionsTable,
  ShareLinksTable,
  UsersTable,
} from './schema.js';
import type {
  InvitationRecord,
  QuarantinedVersion,
  ScriptRecord,
  SessionRecord,
  ShareLinkRecord,
  StoredVersion,
  UserRecord,
} from './storage.js';
import { fromStoredKind } from './version-kind.js';

/**
 * The only dialect-specific part of reading a row: the drivers hand back
 * timestamps and JSON in different forms (see schema.ts). Each implementation
 * supplies one; the row mappers below are shared.
 */
export interface RowCodec {
  /** @throws when the stored value is not a valid timestamp of this dialect's form. */
  readTime(value: Date | string): Date;
  /** @throws when the stored value is neither null nor a JSON array. */
  readJson(value: unknown): unknown[] | null;
}

/**
 * What every shared query function needs: the database, how to read its rows,
 * and how this dialect runs a transaction holding one script's lock.
 */
export interface StorageContext {
  readonly db: Kysely<Database>;
  readonly codec: RowCodec;
  readonly scriptTransaction: ScriptTransaction;
  /** The same lock, taken only if free (compaction's `lock: 'try'`). */
  readonly tryScriptTransaction: TryScriptTransaction;
}

/** Timestamps are written as ISO-8601 UTC text with milliseconds; both dialects parse it exactly. */
export function writeTime(date: Date): string {
  return date.toISOString();
}

/** @throws TypeError when the value is not an array: the column holds arrays only (the plan's JSONB_ARRAY_LENGTH). */
export function writeJsonArray(value: unknown[] | null): string | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw new TypeError('storage: contentBlocks must be an array or null');
  return JSON.stringify(value);
}

/**
 * Both drivers return `Buffer`s; callers get a plain `Uint8Array` view of the
 * same memory (no copy) so records look the same whatever the dialect.
 * A Buffer may share a pooled ArrayBuffer: use `byteOffset`/`byteLength`, not `.buffer` alone.
 */
export function readBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function readNullableTime(value: Date | string | null, codec: RowCodec): Date | null {
  return value === null ? null : codec.readTime(value);
}

export function toUserRecord(row: Selectable<UsersTable>, codec: RowCodec): UserRecord {
  return {
    userId: row.user_id,
    firebaseUid: row.firebase_uid,
    email: row.email,
    displayName: row.display_name,
    createdAt: codec.readTime(row.created_at),
  };
}

export function toScriptRecord(row: Selectable<ScriptsTable>, codec: RowCodec): ScriptRecord {
  return {
    scriptId: row.script_id,
    ownerId: row.owner_id,
    title: row.title,
    contentBlocks: codec.readJson(row.content_blocks),
    createdAt: codec.readTime(row.created_at),
    updatedAt: codec.readTime(row.updated_at),
    deletedAt: readNullableTime(row.deleted_at, codec),
    generation: row.yjs_generation,
  };
}

export function toStoredVersion(row: Selectable<ScriptVersionsTable>, codec: RowCodec): StoredVersion {
  return {
    versionId: row.version_id,
    scriptId: row.script_id,
    update: readBytes(row.update),
    createdBy: row.created_by,
    kind: fromStoredKind(row.kind),
    createdAt: codec.readTime(row.created_at),
  };
}

export function toQuarantinedVersion(row: Selectable<ScriptVersionsQuarantineTable>, codec: RowCodec): QuarantinedVersion {
  return {
    ...toStoredVersion(row, codec),
    reason: row.reason,
    quarantinedAt: codec.readTime(row.quarantined_at),
  };
}

export function toSessionRecord(row: Selectable<SessionsTable>, codec: RowCodec): SessionRecord {
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    createdAt: codec.readTime(row.created_at),
    expiresAt: codec.readTime(row.expires_at),
    revokedAt: readNullableTime(row.revoked_at, codec),
  };
}

export function toInvitationRecord(row: Selectable<ScriptInvitationsTable>, codec: RowCodec): InvitationRecord {
  return {
    scriptId: row.script_id,
    email: row.email,
    role: row.role,
    invitedBy: row.invited_by,
    createdAt: codec.readTime(row.created_at),
  };
}

/** The token hash stays in the database: a record is shown to owners, the hash is only ever looked up. */
export function toShareLinkRecord(row: Selectable<ShareLinksTable>, codec: RowCodec): ShareLinkRecord {
  return {
    linkId: row.link_id,
    scriptId: row.script_id,
    role: row.role,
    createdBy: row.created_by,
    createdAt: codec.readTime(row.created_at),
    expiresAt: readNullableTime(row.expires_at, codec),
    revokedAt: readNullableTime(row.revoked_at, codec),
  };
}
