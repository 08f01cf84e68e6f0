import { mergeAttributes, Node } from '@tiptap/core';
import type { Attributes } from '@tiptap/core';
import { ELEMENT_ATTRIBUTE_NAMES, elementAttributeSpecs } from './element-attributes.js';
import { ELEMENT_TYPES, type ElementType } from './element-types.js';

/**
 * The document node: one or more screenplay elements. `block+` because an
 * editor needs somewhere to put the cursor; the empty script is therefore one
 * empty element (see `contentBlocksToProsemirror` for the rule).
 */
export const DocumentNode = Node.create({
  name: 'doc',
  topNode: true,
  content: 'block+',
});

/** Plain text, the only inline content; carries the bold/italic/underline marks. */
export const TextNode = Node.create({
  name: 'text',
  group: 'inline',
});

/**
 * One screenplay element as a TipTap node: a block of text with marks,
 * rendered as `<p data-element="<name>">` (the web editor styles by that
 * attribute) and parsed back from the same. Attributes come from
 * ELEMENT_ATTRIBUTE_NAMES. Deliberately no keyboard shortcuts or input rules:
 * editor behaviour belongs to the web package, the schema is shared.
 */
export function createElementNode(name: ElementType): Node {
  const attributes: Attributes = {};
  for (const attribute of ELEMENT_ATTRIBUTE_NAMES[name]) {
    attributes[attribute] = elementAttributeSpecs[attribute];
  }
  return Node.create({
    name,
    group: 'block',
    content: 'inline*',
    addAttributes: () => attributes,
    parseHTML: () => [{ tag: `p[data-element="${name}"]` }],
    renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes({ 'data-element': name }, HTMLAttributes), 0],
  });
}

/**
 * The nine elements, `action` first: ProseMirror fills an empty `block+`
 * document with the first block type of the schema, so an editor that has to
 * invent a block invents the same empty `action` the converters use for an
 * empty script.
 */
export const elementNodes: readonly Node[] = ELEMENT_TYPES.map(createElementNode);
