import {
  ContentFormatError,
  DOCUMENT_FRAGMENT,
  buildRepairUpdate,
  buildSeedUpdate,
  parseContentBlocks,
  readLegacyContent,
  type ContentBlock,
} from '@writersroom/screenplay';
import type * as Y from 'yjs';
import { WritersRoomError } from '../errors.js';
import type { CorruptionReason } from '../metrics.js';
import type { AmendingRow, DocumentLog, LockedLog, ScriptId } from '../storage/storage.js';
import { LOAD_ORIGIN, REPAIR_ORIGIN, SEED_ORIGIN } from '../sync/origins.js';
import { rebuildDocument } from './rebuild-document.js';

/** Content to write back into a document whose editor fragment never had it, and why. */
export interface ContentRepair {
  reason: Extract<CorruptionReason, 'legacy_content_array' | 'empty_over_content'>;
  blocks: ContentBlock[];
}

/**
 * What a whole (not partial) document lacks that its log's owner stored
 * elsewhere: content left in the old backend's `Y.Array('content')`, or,
 * when the editor's fragment never had any element (not even a deleted one),
 * non-empty `content_blocks` (the blank-document bug). Undefined when the
 * document needs no repair. `content_blocks` that do not parse are no
 * content to repair from.
 *
 * @throws ContentFormatError when the legacy array holds entries that cannot be read.
 */
export function contentToRepair(doc: Y.Doc, contentBlocks: unknown[] | null): ContentRepair | undefined {
  const legacy = readLegacyContent(doc);
  if (legacy) return { reason: 'legacy_content_array', blocks: legacy };
  if (doc.getXmlFragment(DOCUMENT_FRAGMENT)._start !== null) return undefined;
  const blocks = validContent(contentBlocks);
  return blocks.length > 0 ? { reason: 'empty_over_content', blocks } : undefined;
}

/** Stored content_blocks when they parse; [] when absent or invalid. */
export function validContent(contentBlocks: unknown[] | null): ContentBlock[] {
  if (!contentBlocks || contentBlocks.length === 0) return [];
  try {
    return parseContentBlocks(contentBlocks);
  } catch {
    return [];
  }
}

/**
 * Seeds a script's document from its `content_blocks` when its log is empty:
 * server-side only, decided under the script's lock (storage [ST25]), with
 * the fixed seeding client id, and stored before anyone is served. Of several
 * processes opening a fresh import at once, one seeds and the others find its
 * row; even a seed written twice would be the same Yjs items. Clients never
 * seed. Returns whether this call stored the seed.
 *
 * @throws WR_ERR_SCRIPT_DAMAGED when the stored content_blocks are not valid screenplay content.
 */
export async function seedFromContentBlocks(log: Pick<DocumentLog, 'amendLog'>, scriptId: ScriptId): Promise<boolean> {
  try {
    return (await log.amendLog(scriptId, seedDecision)).amended;
  } catch (error) {
    if (error instanceof ContentFormatError) {
      throw new WritersRoomError('WR_ERR_SCRIPT_DAMAGED', `Script ${scriptId} has invalid content_blocks: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function seedDecision({ rows, contentBlocks }: LockedLog): AmendingRow | undefined {
  if (rows.length > 0 || !contentBlocks || contentBlocks.length === 0) return undefined;
  return { update: buildSeedUpdate(parseContentBlocks(contentBlocks), SEED_ORIGIN), kind: 'baseline' };
}

/**
 * Writes the content a document lacks (`contentToRepair`) into it as a
 * stored edit, deciding again under the script's lock from the log as it is
 * then: a process that found the damage at the same moment as another finds
 * the other's repair and writes nothing, and the repair itself is the
 * server's own, deterministic items (`buildRepairUpdate`), so even a repeated
 * one adds nothing. A log that is damaged under the lock (rows that do not
 * decode, missing predecessors) is left alone. Returns whether this call
 * stored a repair.
 */
export async function repairFromContent(log: Pick<DocumentLog, 'amendLog'>, scriptId: ScriptId): Promise<boolean> {
  return (await log.amendLog(scriptId, repairDecision)).amended;
}

function repairDecision({ rows, contentBlocks }: LockedLog): AmendingRow | undefined {
  const rebuilt = rebuildDocument(rows, LOAD_ORIGIN);
  try {
    if (rebuilt.pending || rebuilt.undecodable.length > 0) return undefined;
    const repair = contentToRepair(rebuilt.doc, contentBlocks);
    return repair && { update: buildRepairUpdate(rebuilt.doc, repair.blocks, REPAIR_ORIGIN), kind: 'update' };
  } finally {
    rebuilt.doc.destroy();
  }
}
