import { prosemirrorToYXmlFragment, updateYFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { asContentFormatError, ContentFormatError } from './content-format-error.js';
import type { ContentBlock } from './content-blocks.js';
import { contentBlocksToProsemirror, emptyScriptDocument } from './convert-content-blocks.js';
import { DOCUMENT_FRAGMENT } from './element-types.js';
import { describeType } from './item-place.js';
import { parseProsemirrorDocument } from './parse-prosemirror-document.js';
import type { ProsemirrorJson } from './parse-prosemirror-document.js';
import { TITLE_PAGE_FIELDS, titlePageFieldProblem, writeTitlePageField, type TitlePage } from './title-page.js';

/**
 * The clientID every seed is written with. Two seeds of the same blocks are
 * then the same Yjs items (same ids, same content): applying both leaves the
 * content once. A real client drawing 0 as its random id is a 1 in 2^32 event.
 */
export const SEED_CLIENT_ID = 0;

/**
 * Writes a ProseMirror document into an EMPTY fragment through y-tiptap, the
 * mapping TipTap's Collaboration extension uses, so the result is exactly what
 * an editor typing the same script would have produced. `origin` tags the Yjs
 * transaction (ignored for a fragment not yet in a doc).
 *
 * @throws ContentFormatError if `json` is not a valid screenplay document.
 * @throws Error if the fragment already has content (use replaceFragmentContent).
 */
export function writeProsemirrorToFragment(fragment: Y.XmlFragment, json: unknown, origin?: unknown): void {
  const node = parseProsemirrorDocument(json);
  if (fragment.length > 0) {
    throw new Error(`fragment already has ${fragment.length} element(s): use replaceFragmentContent`);
  }
  const doc = fragment.doc;
  if (doc === null) prosemirrorToYXmlFragment(node, fragment);
  else doc.transact(() => prosemirrorToYXmlFragment(node, fragment), origin);
}

/**
 * Reads a fragment as canonical ProseMirror JSON (what TipTap's `getJSON()`
 * would return for it). Unlike y-tiptap's editor binding, which deletes Yjs
 * content its schema rejects, this never changes the document: content the
 * schema does not know is an error, but text is read as it is, even text
 * that cannot be stored (written before that was refused): storing it is
 * refused where it is stored. An empty fragment (never seeded, never typed
 * in) reads as the empty script, `emptyScriptDocument()`.
 *
 * @throws ContentFormatError naming the first invalid element (`content[3]`).
 */
export function readProsemirrorFromFragment(fragment: Y.XmlFragment): ProsemirrorJson {
  if (fragment.length === 0) return emptyScriptDocument();
  fragment.toArray().forEach((child, index) => {
    if (!(child instanceof Y.XmlElement)) {
      throw new ContentFormatError(`a ${describeType(child)} stands where an element belongs`, `content[${index}]`);
    }
  });
  let json: unknown;
  try {
    json = yXmlFragmentToProsemirrorJSON(fragment);
  } catch (error) {
    throw asContentFormatError(error, 'the Yjs document holds content that is not a screenplay element');
  }
  // What the document holds is read as it is, even text that could not be stored (ParseOptions).
  return parseProsemirrorDocument(json, { unstorableText: 'keep' }).toJSON() as ProsemirrorJson;
}

/**
 * Makes the fragment's content `json` with the smallest Yjs change y-tiptap's
 * diff finds (`updateYFragment`, what the editor runs on every keystroke):
 * unchanged elements keep their Yjs items, so a REST write does not clobber
 * what collaborators typed meanwhile in other elements, and appending one
 * element costs about one element's bytes. One transaction, tagged `origin`.
 *
 * @throws ContentFormatError if `json` is not a valid screenplay document
 *   (the document is then unchanged).
 * @throws Error if `fragment` is not part of `doc`.
 */
export function replaceFragmentContent(doc: Y.Doc, fragment: Y.XmlFragment, json: unknown, origin?: unknown): void {
  if (fragment.doc !== doc) throw new Error('replaceFragmentContent: the fragment is not part of this doc');
  const node = parseProsemirrorDocument(json);
  doc.transact(() => {
    updateYFragment(doc, fragment, node, { mapping: new Map(), isOMark: new Map() });
  }, origin);
}

/**
 * The whole document of an imported script as one Yjs update: the elements
 * (marks included) in the `default` fragment and the title page beside them,
 * written by SEED_CLIENT_ID as a seed is. Stored as the script's first row
 * when it is created (storage [ST40]), so it is never seeded again and
 * never meets another update of the same ids.
 *
 * `document` is a validated node (parseProsemirrorDocument): the server
 * projects the same node to content_blocks, so it is validated once.
 *
 * @throws ContentFormatError when a title page field is not valid (title-page.ts).
 */
export function buildDocumentUpdate(document: ProsemirrorNode, titlePage: TitlePage): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  try {
    doc.transact(() => {
      writeElements(doc.getXmlFragment(DOCUMENT_FRAGMENT), document);
      for (const field of TITLE_PAGE_FIELDS) {
        const value = titlePage[field];
        if (value === undefined || value === '') continue;
        const problem = titlePageFieldProblem(field, value);
        if (problem) throw new ContentFormatError(problem, `titlePage.${field}`);
        writeTitlePageField(doc, field, value);
      }
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Writes `document`'s elements into an empty fragment of a doc, in the
 * mapping y-tiptap uses (an element per node, its non-null attributes, one
 * text holding the runs with each mark as a format attribute), straight
 * into the doc: y-tiptap's prosemirrorToYXmlFragment builds every type
 * detached first and copies it on insertion, which takes twice as long on
 * a feature (`npm run bench -- formats`). Seeds keep y-tiptap's writer: a
 * seed must be the same items, byte for byte, whichever version of the
 * server wrote it.
 */
function writeElements(fragment: Y.XmlFragment, document: ProsemirrorNode): void {
  const elements: Y.XmlElement[] = [];
  document.forEach((node) => elements.push(new Y.XmlElement(node.type.name)));
  fragment.insert(0, elements);
  document.forEach((node, _offset, index) => {
    const element = elements[index]!;
    for (const [name, value] of Object.entries(node.attrs)) if (value !== null) element.setAttribute(name, value as string);
    if (node.childCount === 0) return;
    const text = new Y.XmlText();
    element.insert(0, [text]);
    let at = 0;
    node.forEach((run) => {
      const marks: Record<string, unknown> = {};
      for (const mark of run.marks) marks[mark.type.name] = mark.attrs;
      text.insert(at, run.text!, marks);
      at += run.text!.length;
    });
  });
}

/**
 * The Yjs update that seeds a script with `blocks`: a fresh doc with clientID
 * SEED_CLIENT_ID, the content written to the `default` fragment the editor
 * reads. Deterministic: the same blocks give the same bytes, so a seed applied
 * twice (two servers, a retried request) yields the content once.
 *
 * `origin` tags the private document's transaction.
 *
 * Seed only an empty document: a seed of DIFFERENT blocks reuses the same ids,
 * and Yjs ignores items whose ids it already has, so a second, different seed
 * into an already seeded doc is partly dropped.
 *
 * @throws ContentFormatError if `blocks` is not valid content_blocks.
 */
export function buildSeedUpdate(blocks: readonly ContentBlock[], origin?: unknown): Uint8Array {
  const json = contentBlocksToProsemirror(blocks);
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  try {
    writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), json, origin);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The update that writes `blocks` into the fragment of `state`, a document
 * whose fragment never had an element (a repair of the blank-document bug, or
 * of content left in the old backend's `Y.Array('content')`). It is written
 * as the server's own items (clientID SEED_CLIENT_ID, clocks continuing from
 * `state`'s), so the same repair of the same log is the same Yjs items,
 * however many processes write it: a repeated repair adds nothing. `state`
 * is not changed; `origin` tags the private document's transactions.
 *
 * @throws ContentFormatError if `blocks` is not valid content_blocks.
 * @throws Error if the fragment of `state` already has content.
 */
export function buildRepairUpdate(state: Y.Doc, blocks: readonly ContentBlock[], origin?: unknown): Uint8Array {
  const json = contentBlocksToProsemirror(blocks);
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  try {
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(state), origin);
    const before = Y.encodeStateVector(doc);
    writeProsemirrorToFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT), json, origin);
    return Y.encodeStateAsUpdate(doc, before);
  } finally {
    doc.destroy();
  }
}
