import { isDeepStrictEqual } from 'node:util';
import type { ScriptRecord, Storage, StoredVersion } from '../storage/storage.js';
import { refusal } from './exit-codes.js';
import { inspectRows, projectionOf, storedContent, type StoredContent } from './inspect-document.js';

/** A script as the repair commands see it before they act. */
export interface ScriptState {
  script: ScriptRecord;
  rows: StoredVersion[];
  stored: StoredContent;
  /**
   * Whether the document the rows build shows exactly the stored
   * content_blocks; undefined when there are no rows or it cannot be read.
   * When false, replacing the log by content_blocks changes what editors see.
   */
  documentMatchesContent: boolean | undefined;
}

/** @throws CliError (exit 1) when there is no such script, deleted or not. */
export async function loadScriptState(storage: Pick<Storage, 'getScript' | 'loadVersions'>, scriptId: string): Promise<ScriptState> {
  const script = await storage.getScript(scriptId, { includeDeleted: true });
  if (script === undefined) throw refusal(`no script ${scriptId}`);
  const rows = await storage.loadVersions(scriptId);
  const stored = storedContent(script.contentBlocks);
  let documentMatchesContent: boolean | undefined;
  if (rows.length > 0) {
    const inspection = inspectRows(rows);
    const projection = inspection.pending || inspection.undecodable.length > 0 ? undefined : projectionOf(inspection.doc);
    inspection.doc.destroy();
    if (projection !== undefined && stored.kind !== 'invalid') {
      documentMatchesContent = isDeepStrictEqual(projection, stored.kind === 'valid' ? stored.blocks : []);
    }
  }
  return { script, rows, stored, documentMatchesContent };
}

export function totalBytes(rows: readonly StoredVersion[]): number {
  return rows.reduce((sum, row) => sum + row.update.byteLength, 0);
}

/** Rows written after content_blocks last changed: edits the projection may not hold yet. */
export function rowsAfterContent(state: ScriptState): number {
  return state.rows.filter((row) => row.createdAt > state.script.updatedAt).length;
}

/**
 * The line the repair commands print about the document generation (storage
 * [ST36]) once they acted: browsers keep copies of the document, and a copy
 * of a replaced generation is dropped by its browser, never merged back.
 */
export function generationLine(before: number, after: number): string {
  if (after === before) return `The document generation stays ${after}: browsers keep their copies.`;
  return `Document generation ${before} -> ${after}: browsers holding a copy of generation ${before} drop it when they next connect.`;
}
