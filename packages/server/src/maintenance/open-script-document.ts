import { DOCUMENT_FRAGMENT } from '@writersroom/screenplay';
import type * as Y from 'yjs';
import { WritersRoomError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CorruptionReason } from '../metrics.js';
import type { DocumentLog, ScriptCatalogue, ScriptId, ScriptRecord, StoredVersion } from '../storage/storage.js';
import { LOAD_ORIGIN } from '../sync/origins.js';
import { rebuildDocument } from './rebuild-document.js';
import { contentToRepair, repairFromContent, seedFromContentBlocks, validContent } from './seeding.js';

export interface OpenedDocument {
  doc: Y.Doc;
  /** Rows the document was built from, after any quarantine or repair. */
  rowCount: number;
  /**
   * The script's document generation (storage [ST36]) once the document is
   * ready: read after the rows and after any repair, which may have moved it
   * on ([ST37]), so a copy made before the repair is never taken for current.
   */
  generation: number;
  /**
   * When the document was read from a single row (a compaction's baseline,
   * an import, a seed): that row, which is already the whole state as one
   * update, so the first client is served it without encoding the document
   * again.
   */
  fullState?: Uint8Array;
}

export interface OpenDocumentHooks {
  /** Called once per problem found, with the metric label (yjs_corruption_detected_total{reason}). */
  corruption(reason: CorruptionReason): void;
  logger: Logger;
}

/** What opening a script reads and writes. */
export type OpeningStorage = Pick<DocumentLog, 'amendLog' | 'loadVersions' | 'getGeneration' | 'quarantineVersions'> &
  Pick<ScriptCatalogue, 'getScript'>;

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
 * Every write (seed, repair) is decided again under the script's lock, and
 * the log is read again after it, whoever wrote: with several processes
 * opening the same script at once, one writes and the others serve what it
 * wrote, never a second copy of the content. Every problem is logged with the
 * script id and reported to `hooks`.
 *
 * The generation is read last, after the rows (one primary-key read): if an
 * operator replaced the document between the two reads, the document is
 * stamped with the newer generation, so copies of the older one are still
 * refused; the reverse order could stamp a new document with the old one.
 */
export async function openScriptDocument(storage: OpeningStorage, scriptId: ScriptId, hooks: OpenDocumentHooks): Promise<OpenedDocument> {
  const built = await buildDocument(storage, scriptId, hooks);
  try {
    return { ...built, generation: await readGeneration(storage, scriptId) };
  } catch (error) {
    built.doc.destroy();
    throw error;
  }
}

async function buildDocument(storage: OpeningStorage, scriptId: ScriptId, hooks: OpenDocumentHooks): Promise<Omit<OpenedDocument, 'generation'>> {
  const report = (reason: CorruptionReason, details: Record<string, unknown>, message: string) => {
    hooks.corruption(reason);
    hooks.logger.error({ scriptId, reason, ...details }, message);
  };
  let rows = await loadRows(storage, scriptId);
  // Read once when needed: for the seeding check of a script without rows, and for a document without elements.
  let script: Promise<ScriptRecord | undefined> | undefined;
  const storedScript = () => (script ??= storage.getScript(scriptId, { includeDeleted: true }));
  // The seeding lock is taken only for a script without rows and with content to seed (an import's first open),
  // never on the common path nor for a new blank script. Whoever seeded, the rows are read again: a process that
  // lost the race serves the winner's seed.
  if (rows.length === 0 && ((await storedScript())?.contentBlocks?.length ?? 0) > 0) {
    await seedFromContentBlocks(storage, scriptId);
    rows = await loadRows(storage, scriptId);
  }
  const rebuilt = rebuildDocument(rows, LOAD_ORIGIN);
  if (rebuilt.undecodable.length > 0) {
    const versionIds = rebuilt.undecodable.map((entry) => entry.row.versionId);
    report('undecodable_row', { versionIds, errors: rebuilt.undecodable.map((entry) => entry.error) }, 'rows that do not decode were quarantined');
    await storage.quarantineVersions(scriptId, versionIds, 'does not decode as a Yjs update');
    rows = rows.filter((row) => !versionIds.includes(row.versionId));
  }

  if (rebuilt.pending) {
    report('missing_predecessor', { rows: rows.length, missing: rebuilt.missing }, 'rows with missing predecessors');
    rebuilt.doc.destroy();
    if (validContent((await storage.getScript(scriptId, { includeDeleted: true }))?.contentBlocks ?? null).length === 0) {
      throw new WritersRoomError('WR_ERR_SCRIPT_DAMAGED', `Script ${scriptId} is damaged (missing rows) and has no content to repair it from.`);
    }
    await storage.quarantineVersions(scriptId, rows.map((row) => row.versionId), 'missing predecessors; replaced by a reseed from content_blocks');
    await seedFromContentBlocks(storage, scriptId);
    hooks.logger.warn({ scriptId }, 'script repaired from its content_blocks; the damaged rows are in quarantine');
    return reload(storage, scriptId);
  }

  // Reading content_blocks costs a query; only a document without any element can need them.
  const contentBlocks = lacksElements(rebuilt.doc) ? ((await storedScript())?.contentBlocks ?? null) : null;
  const repair = contentToRepair(rebuilt.doc, contentBlocks);
  if (repair) {
    const message =
      repair.reason === 'legacy_content_array'
        ? "content found in the old backend's Y.Array('content'); moved into the editor's fragment"
        : 'empty document over non-empty content_blocks; reseeded';
    report(repair.reason, { blocks: repair.blocks.length }, message);
    rebuilt.doc.destroy();
    await repairFromContent(storage, scriptId);
    return reload(storage, scriptId);
  }
  return { doc: rebuilt.doc, rowCount: rows.length, ...(rows.length === 1 ? { fullState: rows[0]!.update } : {}) };
}

/** The fragment shows no element (the legacy array or content_blocks may hold the script). */
function lacksElements(doc: Y.Doc): boolean {
  return doc.getXmlFragment(DOCUMENT_FRAGMENT).length === 0;
}

/** The log as it is after a write (this process's or another's), rebuilt. */
async function reload(storage: OpeningStorage, scriptId: ScriptId): Promise<Omit<OpenedDocument, 'generation'>> {
  const rows = await loadRows(storage, scriptId);
  return { doc: rebuildDocument(rows, LOAD_ORIGIN).doc, rowCount: rows.length };
}

async function loadRows(storage: Pick<DocumentLog, 'loadVersions'>, scriptId: ScriptId): Promise<StoredVersion[]> {
  try {
    return await storage.loadVersions(scriptId);
  } catch (error) {
    throw new WritersRoomError('WR_ERR_STORAGE_UNAVAILABLE', undefined, { cause: error });
  }
}

async function readGeneration(storage: Pick<DocumentLog, 'getGeneration'>, scriptId: ScriptId): Promise<number> {
  let generation: number | undefined;
  try {
    generation = await storage.getGeneration(scriptId);
  } catch (error) {
    throw new WritersRoomError('WR_ERR_STORAGE_UNAVAILABLE', undefined, { cause: error });
  }
  if (generation === undefined) throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
  return generation;
}
