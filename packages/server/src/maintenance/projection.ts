import { DOCUMENT_FRAGMENT, prosemirrorToContentBlocks, readProsemirrorFromFragment, type ContentBlock } from '@writersroom/screenplay';
import type * as Y from 'yjs';

/**
 * The REST projection of a script: its document as `content_blocks`. Derived
 * from the Yjs document, never written independently, so REST readers and
 * the diagnostic queries see what the editor shows.
 */
export function projectDocument(doc: Y.Doc): ContentBlock[] {
  return prosemirrorToContentBlocks(readProsemirrorFromFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT)));
}
