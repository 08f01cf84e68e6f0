import type { Kysely, Selectable } from 'kysely';
import { canonicalId, newId, requireId } from './canonical-id.js';
import { readBytes, writeTime, type RowCodec, type StorageContext } from './row-codec.js';
import type { Database, ScriptCheckpointsTable } from './schema.js';
import { requireStorableText } from './storable-text.js';
import type { CheckpointKind, CheckpointRecord, CheckpointThinning, NewCheckpoint, ScriptId, UserId } from './storage.js';

/** A draft's name is a label in a list, not a note. */
export const MAX_CHECKPOINT_NAME_LENGTH = 200;

const KINDS: readonly CheckpointKind[] = ['auto', 'named', 'restore'];

/** @throws TypeError for an empty, too long or unstorable name. */
export function requireCheckpointName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('storage: a checkpoint name must be a non-empty string');
  if (name.length > MAX_CHECKPOINT_NAME_LENGTH) throw new TypeError(`storage: a checkpoint name is at most ${MAX_CHECKPOINT_NAME_LENGTH} characters`);
  requireStorableText({ name });
  return name.trim();
}

function requireCount(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new TypeError(`storage: ${field} must be a non-negative integer`);
  return value as number;
}

function toCheckpointRecord(row: Omit<Selectable<ScriptCheckpointsTable>, 'content'>, codec: RowCodec): CheckpointRecord {
  return {
    checkpointId: row.checkpoint_id,
    scriptId: row.script_id,
    kind: row.kind,
    name: row.name,
    createdAt: codec.readTime(row.created_at),
    takenBy: row.taken_by,
    authors: (codec.readJson(row.authors) ?? []) as UserId[],
    pageCount: row.page_count,
    sizeBytes: row.size_bytes,
    contentHash: row.content_hash,
    restoredFrom: row.restored_from,
  };
}

const RECORD_COLUMNS = [
  'checkpoint_id',
  'script_id',
  'kind',
  'name',
  'created_at',
  'taken_by',
  'authors',
  'page_count',
  'size_bytes',
  'content_hash',
  'restored_from',
] as const;

/** Validated before any query, so a refused checkpoint writes nothing on either dialect. */
function checkpointValues(input: NewCheckpoint) {
  const scriptId = requireId(input.scriptId, 'scriptId');
  if (!KINDS.includes(input.kind)) throw new TypeError(`storage: unknown checkpoint kind ${JSON.stringify(input.kind)}`);
  const name = input.name === null ? null : requireCheckpointName(input.name);
  if (input.kind === 'named' && name === null) throw new TypeError('storage: a named checkpoint needs a name');
  if (!(input.content instanceof Uint8Array) || input.content.byteLength === 0) throw new TypeError('storage: checkpoint content must be non-empty bytes');
  if (typeof input.contentHash !== 'string' || input.contentHash === '') throw new TypeError('storage: contentHash must be a non-empty string');
  requireStorableText({ contentHash: input.contentHash });
  return {
    checkpoint_id: newId(),
    script_id: scriptId,
    kind: input.kind,
    name,
    created_at: writeTime(new Date()),
    taken_by: input.takenBy === null ? null : requireId(input.takenBy, 'takenBy'),
    authors: JSON.stringify(input.authors.map((author) => requireId(author, 'authors'))),
    page_count: requireCount(input.pageCount, 'pageCount'),
    size_bytes: input.content.byteLength,
    content: input.content,
    content_hash: input.contentHash,
    restored_from: input.restoredFrom === null ? null : requireId(input.restoredFrom, 'restoredFrom'),
  };
}

/**
 * With `onlyIfChanged`, the newest-hash check and the insert run under the
 * script's lock ([ST47]): two processes checkpointing the same content at
 * the same moment (writing went quiet on both) store it once, the second
 * finding the first's hash and adding its authors to the first's. On SQLite the lock is the write lock taken up
 * front, so the second cannot fail on upgrading a read to a write either.
 */
async function saveCheckpoint(ctx: StorageContext, input: NewCheckpoint, options: { onlyIfChanged?: boolean } = {}): Promise<CheckpointRecord | undefined> {
  const values = checkpointValues(input);
  const insert = async (trx: Kysely<Database>) => {
    const row = await trx.insertInto('script_checkpoints').values(values).returning(RECORD_COLUMNS).executeTakeFirstOrThrow();
    return toCheckpointRecord(row, ctx.codec);
  };
  if (!options.onlyIfChanged) return insert(ctx.db);
  return ctx.scriptTransaction(ctx.db, values.script_id, async (trx) => {
    const newest = await trx
      .selectFrom('script_checkpoints')
      .select(['checkpoint_id', 'content_hash', 'authors'])
      .where('script_id', '=', values.script_id)
      .orderBy('created_at', 'desc')
      .orderBy('checkpoint_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest?.content_hash !== values.content_hash) return insert(trx);
    // The same content stored by another process: its writers wrote this content too.
    const stored = (ctx.codec.readJson(newest.authors) ?? []) as UserId[];
    const authors = [...new Set([...stored, ...(JSON.parse(values.authors) as UserId[])])];
    if (authors.length > stored.length) {
      await trx.updateTable('script_checkpoints').set({ authors: JSON.stringify(authors) }).where('checkpoint_id', '=', newest.checkpoint_id).execute();
    }
    return undefined;
  });
}

async function listCheckpoints(ctx: StorageContext, scriptId: ScriptId): Promise<CheckpointRecord[]> {
  const id = canonicalId(scriptId);
  if (id === undefined) return [];
  const rows = await ctx.db
    .selectFrom('script_checkpoints')
    .select(RECORD_COLUMNS)
    .where('script_id', '=', id)
    .orderBy('created_at', 'desc')
    .orderBy('checkpoint_id', 'desc')
    .execute();
  return rows.map((row) => toCheckpointRecord(row, ctx.codec));
}

async function getCheckpoint(ctx: StorageContext, scriptId: ScriptId, checkpointId: string): Promise<{ checkpoint: CheckpointRecord; content: Uint8Array } | undefined> {
  const script = canonicalId(scriptId);
  const checkpoint = canonicalId(checkpointId);
  if (script === undefined || checkpoint === undefined) return undefined;
  const row = await ctx.db
    .selectFrom('script_checkpoints')
    .selectAll()
    .where('script_id', '=', script)
    .where('checkpoint_id', '=', checkpoint)
    .executeTakeFirst();
  return row === undefined ? undefined : { checkpoint: toCheckpointRecord(row, ctx.codec), content: readBytes(row.content) };
}

async function nameCheckpoint(ctx: StorageContext, scriptId: ScriptId, checkpointId: string, name: string, takenBy: UserId): Promise<CheckpointRecord | undefined> {
  const newName = requireCheckpointName(name);
  const user = requireId(takenBy, 'takenBy');
  const script = canonicalId(scriptId);
  const checkpoint = canonicalId(checkpointId);
  if (script === undefined || checkpoint === undefined) return undefined;
  return ctx.scriptTransaction(ctx.db, script, async (trx) => {
    const current = await trx
      .selectFrom('script_checkpoints')
      .select(['kind', 'taken_by'])
      .where('script_id', '=', script)
      .where('checkpoint_id', '=', checkpoint)
      .executeTakeFirst();
    if (current === undefined) return undefined;
    const row = await trx
      .updateTable('script_checkpoints')
      .set({
        name: newName,
        // Naming an automatic checkpoint is what keeps it: it becomes a draft, taken by whoever named it.
        kind: current.kind === 'auto' ? 'named' : current.kind,
        taken_by: current.kind === 'auto' ? user : current.taken_by,
      })
      .where('checkpoint_id', '=', checkpoint)
      .returning(RECORD_COLUMNS)
      .executeTakeFirstOrThrow();
    return toCheckpointRecord(row, ctx.codec);
  });
}

/**
 * `kind = 'auto'` is part of the delete itself, so whatever `thin` returns,
 * nothing else can go. Reads and deletes under the script's lock, as
 * `nameCheckpoint` reads and updates: on SQLite a plain transaction's read
 * would fail its write with SQLITE_BUSY once another process committed.
 */
async function thinCheckpoints(ctx: StorageContext, scriptId: ScriptId, thin: CheckpointThinning): Promise<number> {
  const script = canonicalId(scriptId);
  if (script === undefined) return 0;
  return ctx.scriptTransaction(ctx.db, script, async (trx) => {
    const rows = await trx
      .selectFrom('script_checkpoints')
      .select(['checkpoint_id', 'created_at'])
      .where('script_id', '=', script)
      .where('kind', '=', 'auto')
      .orderBy('created_at')
      .orderBy('checkpoint_id')
      .execute();
    const offered = new Set(rows.map((row) => row.checkpoint_id));
    const doomed = thin(rows.map((row) => ({ checkpointId: row.checkpoint_id, createdAt: ctx.codec.readTime(row.created_at) }))).filter((id) => offered.has(id));
    if (doomed.length === 0) return 0;
    const result = await trx
      .deleteFrom('script_checkpoints')
      .where('script_id', '=', script)
      .where('kind', '=', 'auto')
      .where('checkpoint_id', 'in', doomed)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}

export const checkpointQueries = { saveCheckpoint, listCheckpoints, getCheckpoint, nameCheckpoint, thinCheckpoints };
