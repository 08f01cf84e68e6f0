import {
  ContentFormatError,
  DOCUMENT_FRAGMENT,
  findUnstorableJson,
  parseContentBlocks,
  readLegacyContent,
  type ContentBlock,
  type UnstorableTextAt,
} from '@writersroom/screenplay';
import type * as Y from 'yjs';
import { rebuildDocument, type RebuiltDocument } from '../maintenance/rebuild-document.js';
import { projectDocument } from '../maintenance/projection.js';
import type { StoredVersion } from '../storage/storage.js';
import { INSPECT_ORIGIN } from '../sync/origins.js';

export interface DocumentInspection extends RebuiltDocument {
  /** The editor's fragment never had an element, not even a deleted one. */
  fragmentNeverWritten: boolean;
  /** Content in the old backend's `Y.Array('content')` while the fragment is empty. */
  legacy: { blocks: ContentBlock[] } | { error: string } | undefined;
}

/**
 * Rebuilds a script's document from its rows the way the server loads it
 * (`rebuildDocument`), but only reads: nothing is quarantined, repaired or
 * written. The checks are those of `openScriptDocument`, which `diagnose`
 * must not call because it repairs. The caller destroys `doc`.
 */
export function inspectRows(rows: readonly StoredVersion[]): DocumentInspection {
  const rebuilt = rebuildDocument(rows, INSPECT_ORIGIN);
  const fragmentNeverWritten = rebuilt.doc.getXmlFragment(DOCUMENT_FRAGMENT)._start === null;
  return { ...rebuilt, fragmentNeverWritten, legacy: legacyOf(rebuilt.doc) };
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

/**
 * What the server's projector makes of a document: the blocks it stores, or
 * why it cannot store any. `unstorable`: the document holds text the storage
 * refuses (storage [ST39]), named by the path the storage's error names
 * (`contentBlocks[3].text`); only data written before the schema guard
 * refused such text can hold it. `unreadable`: the document holds content
 * the screenplay schema does not know.
 */
export type ProjectionInspection =
  | { kind: 'storable'; blocks: ContentBlock[] }
  | { kind: 'unstorable'; blocks: ContentBlock[]; found: UnstorableTextAt }
  | { kind: 'unreadable'; error: string };

export function inspectProjection(doc: Y.Doc): ProjectionInspection {
  let blocks: ContentBlock[];
  try {
    blocks = projectDocument(doc);
  } catch (error) {
    return { kind: 'unreadable', error: error instanceof Error ? error.message : String(error) };
  }
  const found = findUnstorableJson(blocks, 'contentBlocks');
  return found === undefined ? { kind: 'storable', blocks } : { kind: 'unstorable', blocks, found };
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
