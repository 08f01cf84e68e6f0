import { DOCUMENT_FRAGMENT, replaceFragmentContent, TITLE_PAGE_FIELDS, writeTitlePageField, type ProsemirrorJson, type TitlePage } from '@writersroom/screenplay';
import * as Y from 'yjs';

/**
 * The smallest edit that makes `doc`'s content `document` (and its title
 * page `titlePage`, when given: fields it lacks are cleared), as one Yjs
 * update by `doc`'s client, computed on a copy: `doc` is left untouched, so
 * the caller can check the update before applying or storing it. Undefined
 * when the content is already that. Edits elsewhere that the copy does not
 * know of merge with it, as any writer's edit.
 *
 * @throws ContentFormatError when `document` is not screenplay content.
 */
export function contentChange(doc: Y.Doc, document: ProsemirrorJson, titlePage?: TitlePage): Uint8Array | undefined {
  const copy = new Y.Doc({ gc: doc.gc });
  copy.clientID = doc.clientID;
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    let change: Uint8Array | undefined;
    copy.on('update', (update: Uint8Array) => {
      change = update;
    });
    // One transaction, so one update: one stored row and one undo step.
    copy.transact(() => {
      replaceFragmentContent(copy, copy.getXmlFragment(DOCUMENT_FRAGMENT), document);
      if (titlePage) for (const field of TITLE_PAGE_FIELDS) writeTitlePageField(copy, field, titlePage[field] ?? '');
    });
    return change;
  } finally {
    copy.destroy();
  }
}
