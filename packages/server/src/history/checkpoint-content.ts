import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT, paginate, printableScriptOf, readProsemirrorFromFragment, readTitlePage, type ProsemirrorJson, type TitlePage } from '@writersroom/screenplay';

const brotliCompress = promisify(zlib.brotliCompress);
const brotliDecompress = promisify(zlib.brotliDecompress);

/**
 * Brotli quality 5: on a 120-page script it compresses the document's state
 * to about 16% of its compacted snapshot in 2–4 ms, where 11 takes hundreds
 * of milliseconds for a few points less.
 */
const QUALITY = 5;

/** The whole document (elements, marks, title page) as one Yjs update: all a checkpoint reads of the live document. */
export function captureState(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

/** What is stored of a captured state. */
export interface PackedContent {
  /** The state, compressed. */
  content: Uint8Array;
  /** sha256 of the state: the same document state encodes to the same bytes. */
  contentHash: string;
  /** Printed pages, as the PDF and the editor count them (US Letter). */
  pageCount: number;
}

/**
 * Everything a checkpoint derives from its state, on a document of its own:
 * the server runs it on a worker thread (checkpoint-packer.ts), off the
 * event loop, since paginating a 120-page script takes tens of milliseconds.
 */
export async function packState(state: Uint8Array): Promise<PackedContent> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const pageCount = pageCountOf(doc);
    const content = await brotliCompress(state, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: state.byteLength },
    });
    return { content, contentHash: createHash('sha256').update(state).digest('hex'), pageCount };
  } finally {
    doc.destroy();
  }
}

function pageCountOf(doc: Y.Doc): number {
  return paginate(printableScriptOf(doc).blocks).pages.length;
}

/**
 * A stored checkpoint opened as a document of its own. The caller destroys it.
 * @throws when the bytes are not a checkpoint's (corrupt or foreign content).
 */
export async function openContent(content: Uint8Array): Promise<Y.Doc> {
  const state = await brotliDecompress(content);
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return doc;
}

/** What a history view shows of a checkpoint: the elements as the editor's JSON, and the title page. */
export interface CheckpointDocument {
  document: ProsemirrorJson;
  titlePage: TitlePage;
}

export async function readContent(content: Uint8Array): Promise<CheckpointDocument> {
  const doc = await openContent(content);
  try {
    return readDocument(doc);
  } finally {
    doc.destroy();
  }
}

export function readDocument(doc: Y.Doc): CheckpointDocument {
  return { document: readProsemirrorFromFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT)), titlePage: readTitlePage(doc) };
}
