import * as Y from 'yjs';
import { ContentFormatError, describeKind, isPlainObject } from './content-format-error.js';
import { parseContentBlock } from './content-blocks.js';
import type { ContentBlock } from './content-blocks.js';
import { nodeToContentBlock } from './convert-content-blocks.js';
import { DOCUMENT_FRAGMENT, ELEMENT_TYPES } from './element-types.js';
import { describeType } from './item-place.js';
import { parseProsemirrorNode } from './parse-prosemirror-document.js';

/**
 * Name of the shared root the plan's backend seeded: a `Y.Array` of node JSON
 * that no editor ever reads (DESIGN.md, "Why documents went blank").
 */
export const LEGACY_CONTENT_ARRAY = 'content';

type SharedRoot = Y.Doc['share'] extends Map<string, infer Root> ? Root : never;

/** The plan's converter mapped `general` (and anything unknown) to this node, which our schema lacks. */
const LEGACY_GENERAL_NODE = 'paragraph';

/**
 * The script stored the plan's way, if this doc is such a legacy document:
 * a non-empty `Y.Array('content')` while the `default` fragment is empty.
 * Undefined otherwise, in particular once the fragment has content (editors
 * have written there since; the fragment wins and the array is ignored).
 *
 * Entries may be TipTap node JSON (`{type:'sceneHeading', content:[{type:'text',
 * text:'…'}], attrs?}`, `paragraph` read as `general`) or plan-style blocks
 * (`{type:'scene_heading', text:'…', metadata?}`), as plain JSON or as Y.Map.
 * Marks in node JSON are valid but dropped (the result is content_blocks).
 * Reading defines the `default` fragment on `doc` but writes nothing.
 *
 * @throws ContentFormatError naming the entry (`content[4]`) that is neither.
 */
export function readLegacyContent(doc: Y.Doc): ContentBlock[] | undefined {
  const root = doc.share.get(LEGACY_CONTENT_ARRAY);
  if (root === undefined) return undefined;
  if (doc.getXmlFragment(DOCUMENT_FRAGMENT).length > 0) return undefined;
  const legacy = asLegacyArray(doc, root);
  if (legacy.length === 0) return undefined;
  return legacy.toArray().map((entry: unknown, index) => {
    const path = `${LEGACY_CONTENT_ARRAY}[${index}]`;
    return readLegacyEntry(entry instanceof Y.AbstractType ? entry.toJSON() : entry, path);
  });
}

function asLegacyArray(doc: Y.Doc, root: SharedRoot): Y.Array<unknown> {
  if (root instanceof Y.Array) return root;
  // Loaded from updates but never accessed: a typeless placeholder getArray can adopt.
  if (root.constructor === Y.AbstractType) return doc.getArray(LEGACY_CONTENT_ARRAY);
  throw new ContentFormatError(`the legacy root '${LEGACY_CONTENT_ARRAY}' is a ${describeType(root)}, not a Y.Array`);
}

function readLegacyEntry(entry: unknown, path: string): ContentBlock {
  if (!isPlainObject(entry)) {
    throw new ContentFormatError(`legacy entry must be an object, got ${describeKind(entry)}`, path);
  }
  if (Object.hasOwn(entry, 'text')) return parseContentBlock(entry, path);
  const type = entry['type'] === LEGACY_GENERAL_NODE ? 'general' : entry['type'];
  if (typeof type !== 'string' || !(ELEMENT_TYPES as readonly string[]).includes(type)) {
    throw new ContentFormatError(
      `legacy entry is neither an element node nor a block (type ${JSON.stringify(entry['type'])})`,
      path,
    );
  }
  return nodeToContentBlock(parseProsemirrorNode({ ...entry, type }, path));
}
