import type { Mark, Node as ProsemirrorNode, NodeType } from '@tiptap/pm/model';
import { asContentFormatError, ContentFormatError, describeKind, isPlainObject, requireStorableText } from './content-format-error.js';
import { screenplaySchema } from './screenplay-schema.js';
import { findUnstorableJson } from './unstorable-text.js';

/** A mark in ProseMirror JSON (`Mark.toJSON()`). */
export interface ProsemirrorMarkJson {
  type: string;
  attrs?: Record<string, unknown>;
}

/** A node in ProseMirror JSON (`Node.toJSON()`, TipTap's `editor.getJSON()`). */
export interface ProsemirrorNodeJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ProsemirrorNodeJson[];
  marks?: ProsemirrorMarkJson[];
  text?: string;
}

/** A whole screenplay document in ProseMirror JSON. */
export interface ProsemirrorJson extends ProsemirrorNodeJson {
  type: 'doc';
  content: ProsemirrorNodeJson[];
}

/**
 * What to do with text that cannot be stored (unstorable-text.ts). `refuse`,
 * the default, is for content entering a script (imports, REST writes,
 * seeds): it is an error. `keep` is for reading what a document already
 * holds, which may predate the rule: reading never refuses it, so such a
 * script can still be read and rewritten, and storing it is refused where it
 * is stored.
 */
export interface ParseOptions {
  unstorableText?: 'refuse' | 'keep';
}

const NODE_KEYS = new Set(['type', 'attrs', 'content', 'marks', 'text']);
const MARK_KEYS = new Set(['type', 'attrs']);

/**
 * Validates untrusted ProseMirror JSON against the screenplay schema and
 * returns the document node. Stricter than `schema.nodeFromJSON`, which
 * silently drops attributes the schema does not know: here an unknown key,
 * node type, attribute or mark is an error, so nothing is lost without a word.
 * Adjacent text nodes with the same marks are joined (ProseMirror's own
 * normalisation, which changes no content).
 *
 * @throws ContentFormatError with the JSON path of the first problem
 *   (`content[3].attrs`): not a doc, unknown node/mark/attribute, bad attribute
 *   value, empty or non-string text, text or an attribute value holding a
 *   character that cannot be stored (unless `unstorableText: 'keep'`),
 *   content the schema does not allow (text directly in the doc, an element
 *   inside an element, a doc with no element).
 */
export function parseProsemirrorDocument(json: unknown, options: ParseOptions = {}): ProsemirrorNode {
  if (!isPlainObject(json) || json['type'] !== 'doc') {
    const got = isPlainObject(json) ? `type ${JSON.stringify(json['type'])}` : describeKind(json);
    throw new ContentFormatError(`a document must be a ProseMirror JSON object of type 'doc', got ${got}`);
  }
  return buildNode(json, '', options.unstorableText !== 'keep');
}

/**
 * Validates one node of ProseMirror JSON (any type, with its content) as
 * `parseProsemirrorDocument` does; `path` prefixes error locations.
 *
 * @throws ContentFormatError as parseProsemirrorDocument.
 */
export function parseProsemirrorNode(json: unknown, path: string, options: ParseOptions = {}): ProsemirrorNode {
  return buildNode(json, path, options.unstorableText !== 'keep');
}

/** `refuse`: whether text that cannot be stored is an error (ParseOptions). */
function buildNode(json: unknown, path: string, refuse: boolean): ProsemirrorNode {
  const at = path === '' ? 'document' : path;
  if (!isPlainObject(json)) throw new ContentFormatError(`node must be an object, got ${describeKind(json)}`, at);
  for (const key of Object.keys(json)) {
    if (!NODE_KEYS.has(key)) throw new ContentFormatError(`unknown key '${key}' in node`, at);
  }
  const { type } = json;
  if (typeof type !== 'string') throw new ContentFormatError(`node type must be a string, got ${describeKind(type)}`, at);
  const marks = buildMarks(json['marks'], path, refuse);
  if (type === 'text') return buildText(json, marks, at, refuse);
  const nodeType = screenplaySchema.nodes[type];
  if (nodeType === undefined) throw new ContentFormatError(`unknown node type '${type}'`, at);
  if (json['text'] !== undefined) throw new ContentFormatError(`a '${type}' node cannot have text`, at);
  const attrs = checkAttrs(nodeType.spec.attrs, json['attrs'], `'${type}'`, path, refuse);
  const content = json['content'];
  if (content !== undefined && !Array.isArray(content)) {
    throw new ContentFormatError(`content must be an array, got ${describeKind(content)}`, `${prefix(path)}content`);
  }
  const children = (content ?? []).map((child: unknown, index: number) =>
    buildNode(child, `${prefix(path)}content[${index}]`, refuse),
  );
  let node: ProsemirrorNode;
  try {
    node = nodeType.create(attrs, children, marks);
  } catch (error) {
    throw asContentFormatError(error, `invalid '${type}' node`, at);
  }
  if (!nodeType.validContent(node.content)) throw invalidContent(nodeType, node, at);
  if (type !== 'doc') {
    try {
      node.check();
    } catch (error) {
      throw asContentFormatError(error, `invalid '${type}' node`, at);
    }
  }
  return node;
}

function buildText(json: Record<string, unknown>, marks: Mark[], at: string, refuse: boolean): ProsemirrorNode {
  const { text } = json;
  if (json['attrs'] !== undefined || json['content'] !== undefined) {
    throw new ContentFormatError('a text node has no attrs or content', at);
  }
  if (typeof text !== 'string' || text === '') {
    throw new ContentFormatError(`text must be a non-empty string, got ${describeKind(text)}`, at);
  }
  if (refuse) requireStorableText(text, 'text', at);
  return screenplaySchema.text(text, marks);
}

function buildMarks(json: unknown, path: string, refuse: boolean): Mark[] {
  if (json === undefined) return [];
  const at = `${prefix(path)}marks`;
  if (!Array.isArray(json)) throw new ContentFormatError(`marks must be an array, got ${describeKind(json)}`, at);
  return json.map((mark: unknown, index: number) => {
    const markPath = `${at}[${index}]`;
    if (!isPlainObject(mark)) throw new ContentFormatError(`mark must be an object, got ${describeKind(mark)}`, markPath);
    for (const key of Object.keys(mark)) {
      if (!MARK_KEYS.has(key)) throw new ContentFormatError(`unknown key '${key}' in mark`, markPath);
    }
    const markType = typeof mark['type'] === 'string' ? screenplaySchema.marks[mark['type']] : undefined;
    if (markType === undefined) throw new ContentFormatError(`unknown mark type ${JSON.stringify(mark['type'])}`, markPath);
    const attrs = checkAttrs(markType.spec.attrs, mark['attrs'], `mark '${markType.name}'`, markPath, refuse);
    try {
      return markType.create(attrs);
    } catch (error) {
      throw asContentFormatError(error, `invalid mark '${markType.name}'`, markPath);
    }
  });
}

function checkAttrs(
  allowed: NodeType['spec']['attrs'],
  json: unknown,
  owner: string,
  path: string,
  refuse: boolean,
): Record<string, unknown> | null {
  if (json === undefined || json === null) return null;
  const at = `${prefix(path)}attrs`;
  if (!isPlainObject(json)) throw new ContentFormatError(`attrs must be an object, got ${describeKind(json)}`, at);
  for (const key of Object.keys(json)) {
    if (allowed === undefined || !Object.hasOwn(allowed, key)) throw new ContentFormatError(`unknown attribute '${key}' on ${owner}`, at);
  }
  const unstorable = refuse ? findUnstorableJson(json, at) : undefined;
  if (unstorable) {
    throw new ContentFormatError(`unstorable character ${unstorable.name} in an attribute of ${owner} (index ${unstorable.index})`, unstorable.path);
  }
  return json;
}

function invalidContent(nodeType: NodeType, node: ProsemirrorNode, at: string): ContentFormatError {
  if (nodeType.name === 'doc' && node.childCount === 0) {
    return new ContentFormatError('a document needs at least one element (an empty script is one empty action)', at);
  }
  if (node.type.contentMatch.matchFragment(node.content)?.validEnd === true) {
    return new ContentFormatError(`'${nodeType.name}' allows no marks on its children`, at);
  }
  const children: string[] = [];
  node.forEach((child) => children.push(child.type.name));
  return new ContentFormatError(`'${nodeType.name}' cannot contain [${children.join(', ')}]`, at);
}

function prefix(path: string): string {
  return path === '' ? '' : `${path}.`;
}
