import {
  DOCUMENT_FRAGMENT,
  contentBlocksToProsemirror,
  parseContentBlocks,
  readLegacyContent,
  writeProsemirrorToFragment,
  type ContentBlock,
} from '@writersroom/screenplay';
import * as Y from 'yjs';
import { WritersRoomError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CorruptionReason } from '../metrics.js';
import type { ScriptId, Storage, StoredVersion } from '../storage/storage.js';
import { seedFromContentBlocks } from './seeding.js';

export interface OpenedDocument {
  doc: Y.Doc;
  /** Rows the document was built from, after any quarantine. */
  rowCount: number;
  /**
   * The script's document generation (storage [ST36]) once the document is
   * ready: read after the rows and after any repair, which may have moved it
   * on ([ST37]), so a copy made before the repair is never taken for current.
   */
  generation: number;
}

export interface OpenDocumentHooks {
  /** Called once per problem found, with the metric label (yjs_corruption_detected_total{reason}). */
  corruption(reason: CorruptionReason): void;
  logger: Logger;
}

type Needed = Pick<Storage, 'seedIfEmpty' | 'loadVersions' | 'getScript' | 'getGeneration' | 'quarantineVersions' | 'appendVersions'>;

/** Transactions of the load itself: already stored, never stored again. */
const LOAD = Symbol('load');

/**
 * Opens a script's document the only safe way: seed it if it was never
 * seeded, rebuild it from its rows, and check it before anyone sees it.
 *
 * - A row that does not decode is moved to quarantine (never deleted) and the
 *   document is rebuilt from the others.
 * - Rows whose predecessors are missing leave pending structs: the document
 *   is partial. If the projection holds the content, every row is moved to
 *   quarantine and the script is seeded again from it; otherwise the script
 *   is refused (WR_ERR_SCRIPT_DAMAGED) rather than served partial or blank.
 * - A document that never had any element while its projection has content
 *   (the blank-document bug), or that holds the old backend's
 *   `Y.Array('content')` instead of the editor's fragment, is repaired by
 *   writing the content into the fragment as a new, stored update.
 *
 * Every problem is logged with the script id and reported to `hooks`.
 *
 * The generation is read last, after the rows (one primary-key read): if an
 * operator replaced the document between the two reads, the document is
 * stamped with the newer generation, so copies of the older one are still
 * refused; the reverse order could stamp a new document with the old one.
 */
export async function openScriptDocument(storage: Needed, scriptId: ScriptId, hooks: OpenDocumentHooks): Promise<OpenedDocument> {
  const { doc, rowCount } = await buildDocument(storage, scriptId, hooks);
  try {
    return { doc, rowCount, generation: await readGeneration(storage, scriptId) };
  } catch (error) {
    doc.destroy();
    throw error;
  }
}

async function buildDocument(storage: Needed, scriptId: ScriptId, hooks: OpenDocumentHooks): Promise<Omit<OpenedDocument, 'generation'>> {
  const report = (reason: CorruptionReason, details: Record<string, unknown>, message: string) => {
    hooks.corruption(reason);
    hooks.logger.error({ scriptId, reason, ...details }, message);
  };
  let rows = await loadRows(storage, scriptId);
  // The seeding lock is taken only for a script without rows, never on the common path.
  if (rows.length === 0 && (await seedFromContentBlocks(storage, scriptId))) rows = await loadRows(storage, scriptId);
  const first = rebuild(rows);
  let doc = first.doc;
  const undecodable = first.undecodable;
  if (undecodable.length > 0) {
    report('undecodable_row', { versionIds: undecodable.map((row) => row.versionId) }, 'rows that do not decode were quarantined');
    await storage.quarantineVersions(scriptId, undecodable.map((row) => row.versionId), 'does not decode as a Yjs update');
    rows = rows.filter((row) => !undecodable.includes(row));
    doc.destroy();
    ({ doc } = rebuild(rows));
  }

  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    report('missing_predecessor', { rows: rows.length, missing: missingClocks(doc) }, 'rows with missing predecessors');
    doc.destroy();
    if ((await storedProjection(storage, scriptId)).length === 0) {
      throw new WritersRoomError('WR_ERR_SCRIPT_DAMAGED', `Script ${scriptId} is damaged (missing rows) and has no content to repair it from.`);
    }
    await storage.quarantineVersions(scriptId, rows.map((row) => row.versionId), 'missing predecessors; replaced by a reseed from content_blocks');
    await seedFromContentBlocks(storage, scriptId);
    rows = await loadRows(storage, scriptId);
    ({ doc } = rebuild(rows));
    hooks.logger.warn({ scriptId }, 'script repaired from its content_blocks; the damaged rows are in quarantine');
    return { doc, rowCount: rows.length };
  }

  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const legacy = readLegacyContent(doc);
  if (legacy) {
    report('legacy_content_array', { blocks: legacy.length }, "content found in the old backend's Y.Array('content'); moved into the editor's fragment");
    await writeRepair(storage, scriptId, doc, legacy);
  } else if (fragment._start === null) {
    // Never any element (not even a deleted one) while the projection has content: the blank-document bug.
    const projection = await storedProjection(storage, scriptId);
    if (projection.length > 0) {
      report('empty_over_content', { blocks: projection.length }, 'empty document over non-empty content_blocks; reseeded');
      await writeRepair(storage, scriptId, doc, projection);
    }
  }
  return { doc, rowCount: rows.length };
}

async function loadRows(storage: Pick<Storage, 'loadVersions'>, scriptId: ScriptId): Promise<StoredVersion[]> {
  try {
    return await storage.loadVersions(scriptId);
  } catch (error) {
    throw new WritersRoomError('WR_ERR_STORAGE_UNAVAILABLE', undefined, { cause: error });
  }
}

async function readGeneration(storage: Pick<Storage, 'getGeneration'>, scriptId: ScriptId): Promise<number> {
  let generation: number | undefined;
  try {
    generation = await storage.getGeneration(scriptId);
  } catch (error) {
    throw new WritersRoomError('WR_ERR_STORAGE_UNAVAILABLE', undefined, { cause: error });
  }
  if (generation === undefined) throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
  return generation;
}

/** All rows in one transaction (one observer pass); a row that throws is set aside. */
function rebuild(rows: StoredVersion[]): { doc: Y.Doc; undecodable: StoredVersion[] } {
  const doc = new Y.Doc();
  const undecodable: StoredVersion[] = [];
  doc.transact(() => {
    for (const row of rows) {
      try {
        Y.applyUpdate(doc, row.update, LOAD);
      } catch {
        undecodable.push(row);
      }
    }
  }, LOAD);
  return { doc, undecodable };
}

async function storedProjection(storage: Pick<Storage, 'getScript'>, scriptId: ScriptId): Promise<ContentBlock[]> {
  const stored = (await storage.getScript(scriptId))?.contentBlocks;
  if (!stored || stored.length === 0) return [];
  try {
    return parseContentBlocks(stored);
  } catch {
    return [];
  }
}

/**
 * Writes content into the document's fragment with the document's own
 * (random) client id — not the seeding id, whose items an earlier seed may
 * already own — and stores the change before the document is served.
 */
async function writeRepair(storage: Pick<Storage, 'appendVersions'>, scriptId: ScriptId, doc: Y.Doc, blocks: ContentBlock[]): Promise<void> {
  let update: Uint8Array | undefined;
  const capture = (emitted: Uint8Array) => {
    update = emitted;
  };
  doc.on('update', capture);
  try {
    doc.transact(() => writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), contentBlocksToProsemirror(blocks)), LOAD);
  } finally {
    doc.off('update', capture);
  }
  if (update) await storage.appendVersions([{ scriptId, update, createdBy: null, kind: 'update' }]);
}

function missingClocks(doc: Y.Doc): Array<[number, number]> {
  return doc.store.pendingStructs ? Array.from(doc.store.pendingStructs.missing.entries()) : [];
}
