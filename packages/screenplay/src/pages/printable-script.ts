import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from '../element-types.js';
import { screenplaySchema } from '../screenplay-schema.js';
import { readTitlePage, type TitlePage } from '../title-page.js';
import { readProsemirrorFromFragment } from '../y-document.js';
import { layoutBlocksOf, type LayoutBlock } from './layout-block.js';

/**
 * What printing or writing out a script needs from its document: the
 * elements as the pagination engine reads them, the document itself (for
 * writers of other formats), and the title page.
 */
export interface PrintableScript {
  blocks: LayoutBlock[];
  document: ProsemirrorNode;
  titlePage: TitlePage;
}

/**
 * Reads a script's Yjs document as the printer needs it, the same way for
 * the server (the live document) and the CLI (one rebuilt from stored rows),
 * so both print the same pages. Reads only; the blocks are fresh objects, so
 * the result outlives the document. An empty document prints as the empty
 * script (one empty action).
 *
 * @throws ContentFormatError when the document holds content the screenplay schema does not know.
 */
export function printableScriptOf(doc: Y.Doc): PrintableScript {
  const json = readProsemirrorFromFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT));
  // The JSON was validated against the schema just above: building the node needs no second check.
  const node = screenplaySchema.nodeFromJSON(json);
  return { blocks: layoutBlocksOf(node), document: node, titlePage: readTitlePage(doc) };
}
