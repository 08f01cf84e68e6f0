/**
 * Kysely table types for both dialects. Table and column names are the plan's
 * (`seed/000_…` §1.1), so its diagnostic SQL runs unchanged on PostgreSQL.
 *
 * Where the dialects store a value differently, the select type is the union
 * of what the two drivers return and the insert type is the one form both
 * accept; a per-dialect `RowCodec` (row-codec.ts) turns selected values into
 * domain values. Keeping one `Database` type lets every query be written once.
 */
import type { ColumnType, Generated } from 'kysely';
import type { CheckpointKind, CollaboratorRole } from './storage.js';
import type { StoredVersionKind } from './version-kind.js';

/**
 * PostgreSQL `timestamptz` (pg returns a `Date`); SQLite ISO-8601 UTC text with
 * milliseconds (`2025-01-31T12:00:00.000Z`, lexically sortable). Written as
 * that ISO text, which PostgreSQL parses as an exact instant.
 */
export type Timestamp = ColumnType<Date | string, string, string>;
export type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;

/**
 * A JSON array: PostgreSQL `jsonb` (pg returns the parsed value), SQLite JSON
 * text. Written as JSON text: pg would turn a JS array into a PostgreSQL array
 * literal, not JSON.
 */
export type JsonArrayColumn = ColumnType<unknown, string | null, string | null>;

/** PostgreSQL `bytea`, SQLite `blob`; both drivers return a `Buffer`. */
export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface UsersTable {
  user_id: string;
  firebase_uid: string;
  email: string | null;
  display_name: string | null;
  created_at: Timestamp;
}

export interface ScriptsTable {
  script_id: string;
  owner_id: string;
  title: string;
  content_blocks: JsonArrayColumn;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Soft delete: set means hidden but recoverable. Not in the plan's schema. */
  deleted_at: NullableTimestamp;
  /**
   * The document generation (SPEC [ST36]): moves on only when the document is
   * replaced as a whole. Not in the plan's schema; defaults to 0.
   */
  yjs_generation: Generated<number>;
}

export interface ScriptCollaboratorsTable {
  script_id: string;
  user_id: string;
  role: CollaboratorRole;
}

export interface ScriptVersionsTable {
  /** bigint identity in PostgreSQL (parsed to number), AUTOINCREMENT in SQLite. */
  version_id: Generated<number>;
  script_id: string;
  update: Bytes;
  created_at: Timestamp;
  created_by: string | null;
  kind: StoredVersionKind;
}

/**
 * Rows moved out of `script_versions` because they failed validation: kept as
 * evidence (moved, never silently deleted), with the original id and the reason.
 */
export interface ScriptVersionsQuarantineTable {
  version_id: number;
  script_id: string;
  update: Bytes;
  created_at: Timestamp;
  created_by: string | null;
  kind: StoredVersionKind;
  reason: string;
  quarantined_at: Timestamp;
}

/** Email-and-password sign-in for a user; `email` is stored lower-cased and unique. */
export interface LocalAccountsTable {
  user_id: string;
  email: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface SessionsTable {
  session_id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

/** Pending access by email; primary key (script_id, email), email lower-cased. */
export interface ScriptInvitationsTable {
  script_id: string;
  email: string;
  role: CollaboratorRole;
  invited_by: string;
  created_at: Timestamp;
}

/** Capability links; only the token's hash is stored (unique). */
export interface ShareLinksTable {
  link_id: string;
  script_id: string;
  token_hash: string;
  role: CollaboratorRole;
  created_by: string;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** A script's whole content at a moment, compressed; apart from the update log ([ST41]). */
export interface ScriptCheckpointsTable {
  checkpoint_id: string;
  script_id: string;
  kind: CheckpointKind;
  name: string | null;
  created_at: Timestamp;
  taken_by: string | null;
  /** JSON array of the user ids who wrote since the previous checkpoint. */
  authors: JsonArrayColumn;
  page_count: number;
  size_bytes: number;
  content: Bytes;
  content_hash: string;
  restored_from: string | null;
}

/** A comment thread, anchored to the text by two encoded Yjs relative positions. */
export interface ScriptCommentThreadsTable {
  thread_id: string;
  script_id: string;
  anchor_start: Bytes;
  anchor_end: Bytes;
  quote: string;
  created_by: string;
  created_at: Timestamp;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
}

export interface ScriptCommentsTable {
  comment_id: string;
  thread_id: string;
  author_id: string;
  body: string;
  created_at: Timestamp;
  edited_at: NullableTimestamp;
  /** Set when a comment with replies after it is deleted: it stays as a placeholder, its body emptied. */
  deleted_at: NullableTimestamp;
}

export interface Database {
  users: UsersTable;
  scripts: ScriptsTable;
  script_collaborators: ScriptCollaboratorsTable;
  script_versions: ScriptVersionsTable;
  script_versions_quarantine: ScriptVersionsQuarantineTable;
  local_accounts: LocalAccountsTable;
  sessions: SessionsTable;
  server_secrets: ServerSecretsTable;
  script_invitations: ScriptInvitationsTable;
  share_links: ShareLinksTable;
  script_checkpoints: ScriptCheckpointsTable;
  script_comment_threads: ScriptCommentThreadsTable;
  script_comments: ScriptCommentsTable;
}
