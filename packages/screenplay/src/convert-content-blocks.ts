import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { ELEMENT_ATTRIBUTE_NAMES } from './element-attributes.js';
import { ELEMENT_TYPES } from './element-types.js';
import type { ElementType } from './element-types.js';
import { BLOCK_TYPE_TO_ELEMENT, ELEMENT_TO_BLOCK_TYPE, parseContentBlocks } from './content-blocks.js';
import type { ContentBlock, ContentBlockMetadata } from './content-blocks.js';
import { parseProsemirrorDocument } from './parse-prosemirror-document.js';
import type { ParseOptions, ProsemirrorJson, ProsemirrorNodeJson } from './parse-prosemirror-document.js';

/**
 * The empty script. `doc` is `block+`, so "no blocks" cannot be a document;
 * it is one empty `action` (the same block ProseMirror invents when it has to
 * fill an empty doc, see element-nodes.ts). Conversely a document that is
 * exactly one empty, attribute-free `action` projects to `[]`: `[]` and
 * `[{type:'action', text:''}]` denote the same script and `[]` is canonical.
 */
export function emptyScriptDocument(): ProsemirrorJson {
  return { type: 'doc', content: [{ type: 'action', attrs: { pageBreakBefore: null } }] };
}

/**
 * content_blocks -> ProseMirror JSON, in the canonical form `Node.toJSON()`
 * gives (every attribute present, null when unset): exactly what TipTap's
 * `editor.getJSON()` returns for the same script. The input is validated
 * (it may come straight from a request); `[]` becomes `emptyScriptDocument()`.
 *
 * @throws ContentFormatError as `parseContentBlocks` does.
 */
export function contentBlocksToProsemirror(blocks: readonly ContentBlock[]): ProsemirrorJson {
  const parsed = parseContentBlocks(blocks);
  const content: ProsemirrorNodeJson[] = parsed.map(blockToNode);
  const json: ProsemirrorJson = content.length === 0 ? emptyScriptDocument() : { type: 'doc', content };
  return parseProsemirrorDocument(json).toJSON() as ProsemirrorJson;
}

function blockToNode(block: ContentBlock): ProsemirrorNodeJson {
  const node: ProsemirrorNodeJson = { type: BLOCK_TYPE_TO_ELEMENT[block.type] };
  if (block.metadata !== undefined) node.attrs = { ...block.metadata };
  if (block.text !== '') node.content = [{ type: 'text', text: block.text }];
  return node;
}

/**
 * ProseMirror JSON -> content_blocks, the REST projection of a script. Each
 * element becomes one block with the element's text concatenated; marks
 * (bold, italic, underline) are NOT part of content_blocks and are dropped
 * here. Writing such a projection back with `replaceFragmentContent` would
 * strip the marks from the document: use `mergeContentBlocks` for REST writes.
 * Attributes become `metadata` (unset ones left out).
 *
 * `options` as `parseProsemirrorDocument`'s: the projection of a document
 * keeps its text as it is (`unstorableText: 'keep'`), and storing that
 * projection is where text that cannot be stored is refused.
 *
 * @throws ContentFormatError if `json` is not a valid screenplay document.
 */
export function prosemirrorToContentBlocks(json: unknown, options: ParseOptions = {}): ContentBlock[] {
  return documentToContentBlocks(parseProsemirrorDocument(json, options));
}

/** The projection of an already validated document node (see prosemirrorToContentBlocks). */
export function documentToContentBlocks(doc: ProsemirrorNode): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  doc.forEach((node) => blocks.push(nodeToContentBlock(node)));
  const only = blocks[0];
  if (blocks.length === 1 && only !== undefined && only.type === 'action' && only.text === '' && !only.metadata) {
    return [];
  }
  return blocks;
}

/** One element node as a block (the projection of `prosemirrorToContentBlocks`). */
export function nodeToContentBlock(node: ProsemirrorNode): ContentBlock {
  const element = node.type.name as ElementType;
  if (!(ELEMENT_TYPES as readonly string[]).includes(element)) {
    throw new Error(`BUG: schema node '${element}' has no block type`);
  }
  const block: ContentBlock = { type: ELEMENT_TO_BLOCK_TYPE[element], text: node.textContent };
  const metadata: Record<string, unknown> = {};
  for (const name of ELEMENT_ATTRIBUTE_NAMES[element]) {
    const value: unknown = node.attrs[name];
    if (value !== null && value !== undefined) metadata[name] = value;
  }
  if (Object.keys(metadata).length > 0) block.metadata = metadata as ContentBlockMetadata;
  return block;
}
