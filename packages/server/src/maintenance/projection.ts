import { DOCUMENT_FRAGMENT, prosemirrorToContentBlocks, readProsemirrorFromFragment, type ContentBlock } from '@writersroom/screenplay';
import type * as Y from 'yjs';

/**
 * The REST projection of a script: its document as `content_blocks`. Derived
 * from the Yjs document, never written independently, so REST readers and
 * the diagnostic queries see what the editor shows. Text is projected as the
 * document holds it, even text that cannot be stored (a document written
 * before the schema guard refused it): REST readers still read the script,
 * and storing the projection is what refuses it (storage [ST39]).
 *
 * @throws ContentFormatError when the document holds content the schema does not know.
 */
export function projectDocument(doc: Y.Doc): ContentBlock[] {
  return prosemirrorToContentBlocks(readProsemirrorFromFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT)), { unstorableText: 'keep' });
}
