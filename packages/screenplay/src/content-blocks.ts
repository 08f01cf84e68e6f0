import { ELEMENT_ATTRIBUTE_NAMES, validateElementAttribute } from './element-attributes.js';
import type { ElementAttributeName, ElementAttributes } from './element-attributes.js';
import type { ElementType } from './element-types.js';
import { ContentFormatError, describeKind, isPlainObject, requireStorableText } from './content-format-error.js';

/**
 * REST block types, the plan's snake_case names (its BLOCK_TYPE_MAP, plus
 * `shot`). Each maps 1:1 to an element node; unlike the plan, `general` is a
 * node of its own rather than a `paragraph` the schema does not have.
 */
export const BLOCK_TYPE_TO_ELEMENT = {
  scene_heading: 'sceneHeading',
  action: 'action',
  character: 'character',
  dialogue: 'dialogue',
  parenthetical: 'parenthetical',
  transition: 'transition',
  centered: 'centered',
  shot: 'shot',
  general: 'general',
  lyrics: 'lyrics',
  section: 'section',
  synopsis: 'synopsis',
  note: 'note',
  boneyard: 'boneyard',
} as const satisfies Record<string, ElementType>;

export type BlockType = keyof typeof BLOCK_TYPE_TO_ELEMENT;

/** The reverse of BLOCK_TYPE_TO_ELEMENT. */
export const ELEMENT_TO_BLOCK_TYPE: Readonly<Record<ElementType, BlockType>> = Object.fromEntries(
  Object.entries(BLOCK_TYPE_TO_ELEMENT).map(([block, element]) => [element, block]),
) as Record<ElementType, BlockType>;

/** Element attributes as carried by a block; keys are the attribute names. */
export type ContentBlockMetadata = ElementAttributes;

/**
 * One element of a script in the REST `content_blocks` format: the plain text
 * of the element (marks are not part of this format) and its attributes.
 */
export interface ContentBlock {
  type: BlockType;
  text: string;
  metadata?: ContentBlockMetadata;
}

const BLOCK_KEYS = new Set(['type', 'text', 'metadata']);

function isBlockType(value: unknown): value is BlockType {
  return typeof value === 'string' && Object.hasOwn(BLOCK_TYPE_TO_ELEMENT, value);
}

/**
 * Validates an untrusted value (a request body, a database column) as a
 * content_blocks array and returns it in canonical form: metadata keys whose
 * value is null (the plan copied ProseMirror attrs, where null means "unset")
 * and empty metadata objects are left out; nothing else is changed.
 *
 * @throws ContentFormatError naming the index and the problem: not an array,
 *   unknown type, text not a string (or holding a character that cannot be
 *   stored: unstorable-text.ts), unknown key,
 *   metadata key the block type does not carry, bad metadata value. Nothing is
 *   ever dropped to make the input fit.
 */
export function parseContentBlocks(value: unknown): ContentBlock[] {
  if (!Array.isArray(value)) {
    throw new ContentFormatError(`content_blocks must be an array, got ${describeKind(value)}`);
  }
  return value.map((entry: unknown, index) => parseContentBlock(entry, `[${index}]`));
}

/** Validates one block; `path` prefixes error locations. */
export function parseContentBlock(entry: unknown, path: string): ContentBlock {
  if (!isPlainObject(entry)) {
    throw new ContentFormatError(`block must be an object, got ${describeKind(entry)}`, path);
  }
  for (const key of Object.keys(entry)) {
    if (!BLOCK_KEYS.has(key)) throw new ContentFormatError(`unknown key '${key}' in block`, path);
  }
  const { type, text, metadata } = entry;
  if (!isBlockType(type)) {
    const shown = typeof type === 'string' ? `'${type}'` : describeKind(type);
    throw new ContentFormatError(`unknown block type ${shown}`, `${path}.type`);
  }
  if (typeof text !== 'string') {
    throw new ContentFormatError(`text must be a string, got ${describeKind(text)}`, `${path}.text`);
  }
  requireStorableText(text, 'text', `${path}.text`);
  const parsed = parseMetadata(metadata, BLOCK_TYPE_TO_ELEMENT[type], `${path}.metadata`);
  return parsed === undefined ? { type, text } : { type, text, metadata: parsed };
}

function parseMetadata(value: unknown, element: ElementType, path: string): ContentBlockMetadata | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new ContentFormatError(`metadata must be an object, got ${describeKind(value)}`, path);
  }
  const allowed: readonly string[] = ELEMENT_ATTRIBUTE_NAMES[element];
  const metadata: Record<string, unknown> = {};
  for (const [key, attribute] of Object.entries(value)) {
    if (!allowed.includes(key)) {
      const carries = allowed.length === 0 ? 'no metadata' : allowed.join(', ');
      throw new ContentFormatError(`unknown metadata key '${key}' (${element} carries ${carries})`, path);
    }
    try {
      validateElementAttribute(key as ElementAttributeName, attribute);
    } catch (error) {
      throw new ContentFormatError((error as Error).message, `${path}.${key}`);
    }
    if (typeof attribute === 'string') requireStorableText(attribute, 'value', `${path}.${key}`);
    if (attribute !== null) metadata[key] = attribute;
  }
  return Object.keys(metadata).length === 0 ? undefined : (metadata as ContentBlockMetadata);
}
