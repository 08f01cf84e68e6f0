import {
  ContentFormatError,
  DOCUMENT_FRAGMENT,
  parseContentBlocks,
  readLegacyContent,
  type ContentBlock,
} from '@writersroom/screenplay';
import * as Y from 'yjs';
import { projectDocument } from '../maintenance/projection.js';
import type { StoredVersion } from '../storage/storage.js';

/** Origin of the inspection's own transactions (nothing here is ever stored). */
const INSPECT = Symbol('inspect');

export interface DocumentInspection {
  /** The document rebuilt from every row that decodes, in load order. The caller destroys it. */
  doc: Y.Doc;
  /** Rows that throw when applied, with the error; the document was rebuilt without them. */
  undecodable: Array<{ row: StoredVersion; error: string }>;
  /** Structs or deletions waiting for rows that are not there: the document is partial. */
  pending: boolean;
  /** Lowest missing clock per client id, for the report. */
  missing: Array<{ client: number; clock: number }>;
  /** The editor's fragment never had an element, not even a deleted one. */
  fragmentNeverWritten: boolean;
  /** Content in the old backend's `Y.Array('content')` while the fragment is empty. */
  legacy: { blocks: ContentBlock[] } | { error: string } | undefined;
}

/**
 * Rebuilds a script's document from its rows the way the server loads it
 * (every row in one transaction, in `loadVersions` order), but only reads:
 * nothing is quarantined, repaired or written. The checks are those of
 * `openScriptDocument`, which `diagnose` must not call because it repairs.
 */
export function inspectRows(rows: readonly StoredVersion[]): DocumentInspection {
  const undecodable: DocumentInspection['undecodable'] = [];
  const probe = new Y.Doc();
  probe.transact(() => {
    for (const row of rows) {
      try {
        Y.applyUpdate(probe, row.update, INSPECT);
      } catch (error) {
        undecodable.push({ row, error: error instanceof Error ? error.message || error.name : String(error) });
      }
    }
  }, INSPECT);
  // A row can throw half-way through being applied; rebuild without the bad rows, as the server does.
  let doc = probe;
  if (undecodable.length > 0) {
    probe.destroy();
    const bad = new Set(undecodable.map((entry) => entry.row));
    doc = new Y.Doc();
    doc.transact(() => {
      for (const row of rows) {
        if (bad.has(row)) continue;
        try {
          Y.applyUpdate(doc, row.update, INSPECT);
        } catch (error) {
          undecodable.push({ row, error: error instanceof Error ? error.message || error.name : String(error) });
        }
      }
    }, INSPECT);
  }
  const pending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  const missing = doc.store.pendingStructs
    ? Array.from(doc.store.pendingStructs.missing.entries(), ([client, clock]) => ({ client, clock }))
    : [];
  const fragmentNeverWritten = doc.getXmlFragment(DOCUMENT_FRAGMENT)._start === null;
  return { doc, undecodable, pending, missing, fragmentNeverWritten, legacy: legacyOf(doc) };
}

function legacyOf(doc: Y.Doc): DocumentInspection['legacy'] {
  try {
    const blocks = readLegacyContent(doc);
    return blocks ? { blocks } : undefined;
  } catch (error) {
    if (error instanceof ContentFormatError) return { error: error.message };
    throw error;
  }
}

/** What the editor shows, as content_blocks; undefined when the document cannot be read as a screenplay. */
export function projectionOf(doc: Y.Doc): ContentBlock[] | undefined {
  try {
    return projectDocument(doc);
  } catch {
    return undefined;
  }
}

/** A script's stored `content_blocks`, validated. */
export type StoredContent =
  | { kind: 'none' }
  | { kind: 'valid'; blocks: ContentBlock[] }
  | { kind: 'invalid'; error: string; count: number };

export function storedContent(contentBlocks: unknown[] | null): StoredContent {
  if (contentBlocks === null || contentBlocks.length === 0) return { kind: 'none' };
  try {
    const blocks = parseContentBlocks(contentBlocks);
    return blocks.length === 0 ? { kind: 'none' } : { kind: 'valid', blocks };
  } catch (error) {
    return { kind: 'invalid', error: error instanceof Error ? error.message : String(error), count: contentBlocks.length };
  }
}
