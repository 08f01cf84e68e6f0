import type { AttributeSpec, MarkType } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT, ELEMENT_TYPES } from './element-types.js';
import { describeType, ItemPlaces } from './item-place.js';
import type { ItemParent } from './item-place.js';
import { screenplaySchema } from './screenplay-schema.js';
import { TITLE_PAGE_MAP, titlePageFieldProblem } from './title-page.js';
import { findUnstorableCharacter, findUnstorableJson, type UnstorableCharacter } from './unstorable-text.js';
import { decodeUpdateStrictly } from './y-update-v1.js';

type ItemContent = Y.Item['content'];
type Validator = ((value: unknown) => void) | undefined;

const ELEMENTS: ReadonlySet<string> = new Set(ELEMENT_TYPES);

/** Every attribute name some element carries, with its validator (same name, same rule). */
const ANY_ELEMENT_ATTRIBUTE = new Map<string, Validator>(
  ELEMENT_TYPES.flatMap((name) =>
    Object.entries(screenplaySchema.nodes[name]?.spec.attrs ?? {}).map(([key, attr]): [string, Validator] => [
      key,
      validatorOf(attr),
    ]),
  ),
);

/** y-tiptap stores an overlapping mark as `<name>--<8-char hash>`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/**
 * What in a Yjs update (V1 encoding) would put into the document something
 * the screenplay schema does not know. The web editor's y-tiptap binding
 * DELETES content it cannot map to the schema, so such an update, once
 * accepted, makes every open editor erase it: it must be refused, not stored.
 *
 * Reported, one message each: an element type not in the schema (`<script>`,
 * `madeUp`), an attribute an element does not carry or a value it does not
 * allow, an unknown mark (or mark attribute), text outside an element, an
 * element inside an element, shared types other than elements and text
 * (Y.Map, Y.Array, embeds, subdocuments), any write to a shared root other
 * than DOCUMENT_FRAGMENT and the title page (the plan's `Y.Array('content')`
 * above all), a title page field that is unknown or not short text, and
 * text, attribute values or mark values holding a character that cannot be
 * stored (unstorable-text.ts): PostgreSQL could then not store the script's
 * projection, and SQLite would store what PostgreSQL refuses. Strings travel
 * as UTF-8 (lib0's writeVarString), which has no lone surrogates: a client's
 * lone surrogate arrives as U+FFFD in text and attribute values; only JSON
 * values (a mark's) can carry one, as a `\ud800` escape.
 * Deleting is always allowed. A malformed update is one violation.
 *
 * Limits without `doc`: Yjs writes an item's parent only when it has no
 * neighbour; an item placed next to content the update does not contain is
 * located by following origins into `doc`. Without `doc` such an item's
 * parent is unknown: its content is still checked (element names, marks), an
 * attribute on an element created elsewhere is checked against every
 * attribute any element carries, and a value overwriting an existing
 * attribute, or content added next to existing items of another root, cannot
 * be attributed. Pass the doc the update is for (before applying it): items
 * the doc already has are then skipped and every item is located.
 *
 * Cost: one decode of the update and constant work per item (a typing update
 * is one or two items), no document copy.
 *
 * @returns human-readable violations, deduplicated; [] when the update is valid.
 * @throws what `decodeUpdateStrictly` throws for bytes that are not one whole
 *   V1 update (a V2 update included): a malformed message, which callers
 *   answer differently from content that merely does not fit the schema.
 */
export function findSchemaViolations(update: Uint8Array, doc?: Y.Doc): string[] {
  const structs = decodeUpdateStrictly(update).structs;
  const items = structs.filter((struct): struct is Y.Item => struct instanceof Y.Item);
  const places = new ItemPlaces(items, doc);
  const violations = new Set<string>();
  for (const item of items) {
    if (item.content instanceof Y.ContentDeleted) continue;
    if (doc !== undefined && Y.getState(doc.store, item.id.client) >= item.id.clock + item.length) continue;
    const { parent, key } = places.placeOf(item);
    if (parent.kind === 'root' && parent.name === TITLE_PAGE_MAP) {
      // Its own rule covers text that cannot be stored, naming the field.
      checkTitlePageField(key, item.content, violations);
      continue;
    }
    checkStorableText(key, item.content, violations);
    if (parent.kind === 'root' && parent.name !== DOCUMENT_FRAGMENT) {
      violations.add(`writes to the shared root '${parent.name}' (only '${DOCUMENT_FRAGMENT}' and '${TITLE_PAGE_MAP}' are part of a script)`);
    } else if (key !== null) {
      checkAttribute(parent, key, item.content, violations);
    } else {
      checkChild(parent, item.content, violations);
    }
  }
  return [...violations];
}

function checkAttribute(parent: ItemParent, key: string, content: ItemContent, violations: Set<string>): void {
  switch (parent.kind) {
    case 'root':
      violations.add(`sets '${key}' on the document fragment itself`);
      return;
    case 'text':
      violations.add(`sets attribute '${key}' on a text node`);
      return;
    case 'other':
      violations.add(`writes '${key}' inside a ${parent.description}`);
      return;
    case 'element': {
      const nodeType = ELEMENTS.has(parent.nodeName) ? screenplaySchema.nodes[parent.nodeName] : undefined;
      if (nodeType === undefined) return; // the unknown element itself is reported where it is created
      const attr = nodeType.spec.attrs?.[key];
      if (attr === undefined) violations.add(`unknown attribute '${key}' on '${parent.nodeName}'`);
      else checkAttributeValue(`'${key}' on '${parent.nodeName}'`, validatorOf(attr), content, violations);
      return;
    }
    case 'unknown':
      if (!ANY_ELEMENT_ATTRIBUTE.has(key)) violations.add(`unknown attribute '${key}' (no element carries it)`);
      else checkAttributeValue(`'${key}'`, ANY_ELEMENT_ATTRIBUTE.get(key), content, violations);
  }
}

/** The title page holds named fields of text only (title-page.ts). */
function checkTitlePageField(key: string | null, content: ItemContent, violations: Set<string>): void {
  if (key === null) {
    violations.add(`puts ${describeContent(content)} in the title page, which holds named fields only`);
  } else if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) {
    violations.add(`title page field '${key}' set to ${describeContent(content)} instead of text`);
  } else {
    const problem = titlePageFieldProblem(key, content.arr[0]);
    if (problem) violations.add(problem);
  }
}

function checkAttributeValue(what: string, validate: Validator, content: ItemContent, violations: Set<string>): void {
  if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) {
    violations.add(`attribute ${what} set to ${describeContent(content)} instead of a value`);
    return;
  }
  try {
    validate?.(content.arr[0]);
  } catch (error) {
    violations.add(`invalid value for attribute ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkChild(parent: ItemParent, content: ItemContent, violations: Set<string>): void {
  const type = content instanceof Y.ContentType ? content.type : undefined;
  if (type instanceof Y.XmlElement) checkElementName(type.nodeName, violations);
  switch (parent.kind) {
    case 'root':
      if (type instanceof Y.XmlText) violations.add('puts text directly in the document, outside any element');
      else if (!(type instanceof Y.XmlElement)) violations.add(`puts ${describeContent(content)} in the document`);
      return;
    case 'element':
      if (!(type instanceof Y.XmlText)) violations.add(`puts ${describeContent(content)} inside '${parent.nodeName}'`);
      return;
    case 'text':
      if (content instanceof Y.ContentFormat) checkMark(content, violations);
      else if (!(content instanceof Y.ContentString)) violations.add(`puts ${describeContent(content)} inside text`);
      return;
    case 'other':
      violations.add(`writes ${describeContent(content)} inside a ${parent.description}`);
      return;
    case 'unknown':
      // Could be any of the above; check what the content alone tells.
      if (content instanceof Y.ContentFormat) checkMark(content, violations);
      else if (type !== undefined && !(type instanceof Y.XmlElement || type instanceof Y.XmlText)) {
        violations.add(`creates a ${describeType(type)}`);
      } else if (!(type !== undefined || content instanceof Y.ContentString || content instanceof Y.ContentAny)) {
        violations.add(`writes ${describeContent(content)}`);
      }
  }
}

/** Text the storage would refuse, wherever the item lands (its place does not matter to the rule). */
function checkStorableText(key: string | null, content: ItemContent, violations: Set<string>): void {
  const found = unstorableTextIn(content);
  if (found === undefined) return;
  const what = content instanceof Y.ContentFormat ? `mark '${content.key}'` : key !== null ? `attribute '${key}'` : 'text';
  violations.add(`${what} holds ${found.name} at index ${found.index}, which cannot be stored`);
}

function unstorableTextIn(content: ItemContent): UnstorableCharacter | undefined {
  if (content instanceof Y.ContentString) return findUnstorableCharacter(content.str);
  if (content instanceof Y.ContentAny) return findUnstorableJson(content.arr);
  if (content instanceof Y.ContentFormat) return findUnstorableJson(content.value);
  return undefined;
}

function checkElementName(nodeName: string, violations: Set<string>): void {
  if (!ELEMENTS.has(nodeName)) violations.add(`unknown element type '${nodeName}'`);
}

function checkMark(content: Y.ContentFormat, violations: Set<string>): void {
  const value: unknown = content.value;
  // Removing a format can only take content out; allowed even for keys we do not know.
  if (value === null) return;
  const markType = markTypeOf(content.key);
  if (markType === undefined) {
    violations.add(`unknown mark '${content.key}'`);
    return;
  }
  // An editor writes a mark's attrs object (`{}` for bold); `true` would be stored, then fail every read of the document.
  if (typeof value !== 'object' || Array.isArray(value)) {
    violations.add(`invalid value for mark '${markType.name}': ${JSON.stringify(value)}`);
    return;
  }
  for (const [key, attrValue] of Object.entries(value as Record<string, unknown>)) {
    const attr = markType.spec.attrs?.[key];
    if (attr === undefined) {
      violations.add(`unknown attribute '${key}' on mark '${markType.name}'`);
      continue;
    }
    try {
      validatorOf(attr)?.(attrValue);
    } catch (error) {
      violations.add(`invalid value for '${key}' on mark '${markType.name}': ${(error as Error).message}`);
    }
  }
}

function markTypeOf(key: string): MarkType | undefined {
  const exact = screenplaySchema.marks[key];
  if (exact !== undefined) return exact;
  const base = HASHED_MARK.exec(key)?.[1];
  return base === undefined ? undefined : screenplaySchema.marks[base];
}

function validatorOf(attr: AttributeSpec): Validator {
  return typeof attr.validate === 'function' ? attr.validate : undefined;
}

function describeContent(content: ItemContent): string {
  if (content instanceof Y.ContentType) return describeType(content.type);
  if (content instanceof Y.ContentString) return 'text';
  if (content instanceof Y.ContentAny) return 'a JSON value';
  if (content instanceof Y.ContentFormat) return `format '${content.key}'`;
  if (content instanceof Y.ContentEmbed) return 'an embed';
  if (content instanceof Y.ContentDoc) return 'a subdocument';
  if (content instanceof Y.ContentBinary) return 'binary data';
  if (content instanceof Y.ContentJSON) return 'a JSON value';
  return 'unknown content';
}
