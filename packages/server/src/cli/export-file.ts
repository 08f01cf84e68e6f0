import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalId } from '../storage/canonical-id.js';
import type { StoredVersion, VersionKind } from '../storage/storage.js';
import { fromStoredKind, toStoredKind } from '../storage/version-kind.js';

/**
 * The file `clear-yjs` writes before it takes a script's rows out of the log,
 * and `restore-yjs` reads: every row's bytes, not just metadata (the plan's
 * §1.2 tool exported only ids, times and sizes, so nothing could be restored).
 *
 * JSON, format version 1:
 *
 *   { "format": "writersroom-yjs-export", "formatVersion": 1,
 *     "scriptId", "title", "exportedAt", "source": { "dialect" },
 *     "rowCount", "totalBytes",
 *     "rows": [ { "versionId", "kind" (as stored: update or snapshot), "createdAt", "createdBy", "byteLength",
 *                 "update": <base64 of the exact stored bytes> }, … ],
 *     "checksum": { "algorithm": "sha256", "value": <hex> } }
 *
 * Rows are in `loadVersions` order (baselines first, then updates, each by
 * version id): appended back in that order they load in that order again.
 * The checksum is SHA-256 over a canonical encoding of the script id and of
 * every row's id, kind, created_at, created_by and bytes (`checksumOf`), so it
 * does not depend on JSON formatting; title and export time are not covered.
 */
export const EXPORT_FORMAT = 'writersroom-yjs-export';
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportedRow {
  versionId: number;
  kind: VersionKind;
  createdAt: Date;
  createdBy: string | null;
  update: Uint8Array;
}

export interface YjsExport {
  scriptId: string;
  title: string;
  exportedAt: Date;
  dialect: string;
  rows: ExportedRow[];
}

/** The file is not a valid export: unreadable, another format, or damaged (checksum). */
export class ExportFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file} is not a valid ${EXPORT_FORMAT} file: ${problem}`);
    this.name = 'ExportFileError';
  }
}

export function exportOf(script: { scriptId: string; title: string }, dialect: string, rows: readonly StoredVersion[]): YjsExport {
  return {
    scriptId: script.scriptId,
    title: script.title,
    exportedAt: new Date(),
    dialect,
    rows: rows.map(({ versionId, kind, createdAt, createdBy, update }) => ({ versionId, kind, createdAt, createdBy, update })),
  };
}

/** SHA-256 (hex) over the script id and each row as `id \t kind \t created_at \t created_by \t length \n` + bytes. */
export function checksumOf(data: Pick<YjsExport, 'scriptId' | 'rows'>): string {
  const hash = createHash('sha256');
  hash.update(`${EXPORT_FORMAT}/${EXPORT_FORMAT_VERSION}\n${data.scriptId}\n${data.rows.length}\n`);
  for (const row of data.rows) {
    hash.update(`${row.versionId}\t${toStoredKind(row.kind)}\t${row.createdAt.toISOString()}\t${row.createdBy ?? ''}\t${row.update.byteLength}\n`);
    hash.update(row.update);
  }
  return hash.digest('hex');
}

export function encodeExport(data: YjsExport): string {
  const document = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    scriptId: data.scriptId,
    title: data.title,
    exportedAt: data.exportedAt.toISOString(),
    source: { dialect: data.dialect },
    rowCount: data.rows.length,
    totalBytes: data.rows.reduce((sum, row) => sum + row.update.byteLength, 0),
    rows: data.rows.map((row) => ({
      versionId: row.versionId,
      kind: toStoredKind(row.kind),
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
      byteLength: row.update.byteLength,
      update: Buffer.from(row.update.buffer, row.update.byteOffset, row.update.byteLength).toString('base64'),
    })),
    checksum: { algorithm: 'sha256', value: checksumOf(data) },
  };
  return `${JSON.stringify(document, null, 1)}\n`;
}

/**
 * Parses and checks an export: format and version, every field's type, base64
 * that round-trips, byte lengths, load order, and the checksum.
 *
 * @throws ExportFileError naming the first problem.
 */
export function decodeExport(text: string, file: string): YjsExport {
  const fail = (problem: string): never => {
    throw new ExportFileError(file, problem);
  };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    fail(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(document)) return fail('not a JSON object');
  if (document['format'] !== EXPORT_FORMAT) fail(`format is ${JSON.stringify(document['format'])}`);
  if (document['formatVersion'] !== EXPORT_FORMAT_VERSION) fail(`unsupported formatVersion ${JSON.stringify(document['formatVersion'])}`);
  const scriptId = canonicalId(document['scriptId']) ?? fail('scriptId is not a UUID');
  const title = typeof document['title'] === 'string' ? document['title'] : fail('title is not a string');
  const exportedAt = dateOf(document['exportedAt']) ?? fail('exportedAt is not a timestamp');
  const source = document['source'];
  const dialect = isRecord(source) && typeof source['dialect'] === 'string' ? source['dialect'] : fail('source.dialect is missing');
  if (!Array.isArray(document['rows'])) return fail('rows is not an array');
  const rows = document['rows'].map((row: unknown, index) => rowOf(row, `rows[${index}]`, fail));
  if (document['rowCount'] !== rows.length) fail(`rowCount ${JSON.stringify(document['rowCount'])} but ${rows.length} rows`);
  checkLoadOrder(rows, fail);
  const checksum = document['checksum'];
  if (!isRecord(checksum) || checksum['algorithm'] !== 'sha256' || typeof checksum['value'] !== 'string') fail('checksum is missing');
  const data: YjsExport = { scriptId, title, exportedAt, dialect, rows };
  if ((checksum as Record<string, unknown>)['value'] !== checksumOf(data)) fail('checksum mismatch: the file was changed or damaged');
  return data;
}

function rowOf(value: unknown, at: string, fail: (problem: string) => never): ExportedRow {
  if (!isRecord(value)) return fail(`${at} is not an object`);
  const versionId = value['versionId'];
  if (typeof versionId !== 'number' || !Number.isSafeInteger(versionId) || versionId <= 0) fail(`${at}.versionId is not a positive integer`);
  const kind = value['kind'];
  // The file holds the stored value: 'snapshot' for a baseline (version-kind.ts), so older files still read.
  if (kind !== 'update' && kind !== 'snapshot') return fail(`${at}.kind is neither 'update' nor 'snapshot'`);
  const createdAt = dateOf(value['createdAt']) ?? fail(`${at}.createdAt is not a timestamp`);
  const rawCreatedBy = value['createdBy'];
  const createdBy = rawCreatedBy === null ? null : (canonicalId(rawCreatedBy) ?? fail(`${at}.createdBy is neither null nor a UUID`));
  const encoded = value['update'];
  if (typeof encoded !== 'string') return fail(`${at}.update is not a string`);
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.toString('base64') !== encoded) fail(`${at}.update is not canonical base64`);
  if (value['byteLength'] !== bytes.byteLength) fail(`${at}.byteLength does not match its bytes`);
  return { versionId: versionId as number, kind: fromStoredKind(kind), createdAt, createdBy, update: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Baselines first, then updates, each by ascending version id: the order `loadVersions` returns. */
function checkLoadOrder(rows: readonly ExportedRow[], fail: (problem: string) => never): void {
  for (let i = 1; i < rows.length; i += 1) {
    const [before, row] = [rows[i - 1]!, rows[i]!];
    const sameKind = before.kind === row.kind;
    if ((sameKind && before.versionId >= row.versionId) || (!sameKind && before.kind === 'update')) {
      fail(`rows[${i}] is out of load order (baselines first, then updates, each by version id)`);
    }
  }
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Writes an export durably and checks it by reading it back: created
 * exclusively (an existing file is never overwritten), fsynced with its
 * directory, then decoded and compared. Only after this resolves may the rows
 * be taken out of the database.
 *
 * @throws the file system's error (EEXIST for an existing file); ExportFileError when the read-back differs.
 */
export async function writeExportFile(file: string, data: YjsExport): Promise<void> {
  const text = encodeExport(data);
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(path.dirname(file));
  const back = await readExportFile(file);
  if (back.rows.length !== data.rows.length || checksumOf(back) !== checksumOf(data)) {
    throw new ExportFileError(file, 'what was read back differs from what was written');
  }
}

export async function readExportFile(file: string): Promise<YjsExport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ExportFileError(file, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return decodeExport(text, file);
}

/** Makes the new file's directory entry durable; not every platform can open a directory, hence best effort. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a directory; the file itself is synced.
  }
}

/** `writersroom-yjs-<scriptId>-<UTC time>.json` in `directory`. */
export function defaultExportPath(directory: string, scriptId: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return path.resolve(directory, `writersroom-yjs-${scriptId}-${stamp}.json`);
}
