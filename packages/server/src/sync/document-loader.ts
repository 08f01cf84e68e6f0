import * as Y from 'yjs';
import { WritersRoomError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CorruptionReason, Metrics } from '../metrics.js';
import type { ScriptId, Storage } from '../storage/storage.js';
import { loadOrigin } from './origins.js';

export interface LoadedDocument {
  doc: Y.Doc;
  rowCount: number;
}

/**
 * Rebuilds a script's document from its stored rows: one ordered query, every
 * row applied inside one transaction (one observer pass; `Y.mergeUpdates` is
 * superlinear and is kept off this path).
 *
 * A row whose predecessors are missing does not fail in Yjs: it waits in
 * `doc.store.pendingStructs`/`pendingDs`, and the document decodes to less
 * than was stored, often to nothing. That is how documents went blank, so it
 * is treated as damage: logged with the script id, counted in
 * `yjs_corruption_detected_total`, and refused with WR_ERR_SCRIPT_DAMAGED
 * rather than served.
 */
export async function loadDocument(
  storage: Pick<Storage, 'loadVersions'>,
  scriptId: ScriptId,
  metrics: Metrics,
  logger: Logger,
): Promise<LoadedDocument> {
  let rows;
  try {
    rows = await storage.loadVersions(scriptId);
  } catch (error) {
    throw new WritersRoomError('WR_ERR_STORAGE_UNAVAILABLE', undefined, { cause: error });
  }
  const doc = new Y.Doc();
  const undecodable: number[] = [];
  doc.transact(() => {
    for (const row of rows) {
      try {
        Y.applyUpdate(doc, row.update, loadOrigin);
      } catch {
        undecodable.push(row.versionId);
      }
    }
  }, loadOrigin);

  const damage: CorruptionReason[] = [];
  if (undecodable.length > 0) damage.push('undecodable_row');
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) damage.push('missing_predecessor');
  if (damage.length > 0) {
    for (const reason of damage) metrics.corruptLoads.inc({ reason });
    logger.error(
      {
        scriptId,
        reasons: damage,
        rows: rows.length,
        undecodableVersionIds: undecodable,
        missingStructs: doc.store.pendingStructs ? Array.from(doc.store.pendingStructs.missing.entries()) : [],
      },
      'stored script is damaged; refusing to serve it',
    );
    doc.destroy();
    throw new WritersRoomError('WR_ERR_SCRIPT_DAMAGED', `Script ${scriptId} is damaged (${damage.join(', ')}).`);
  }
  return { doc, rowCount: rows.length };
}
