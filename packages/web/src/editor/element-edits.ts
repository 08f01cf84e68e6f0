import { getSplittedAttributes, type Editor } from '@tiptap/core';
import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { ELEMENT_ATTRIBUTE_NAMES, ELEMENT_TYPES, type ElementType } from '@writersroom/screenplay';
import { uppercaseTextBetween } from './uppercase-text.js';

/** The element type of a screenplay block, or null for anything else (the doc node). */
export function elementTypeOf(node: ProsemirrorNode): ElementType | null {
  const name = node.type.name;
  return (ELEMENT_TYPES as readonly string[]).includes(name) ? (name as ElementType) : null;
}

/**
 * Changes every element between `from` and `to` to `type`, keeping its text
 * and the attributes both types carry (a dual-dialogue column survives
 * character ↔ dialogue; a scene number does not survive leaving the heading).
 * Text of an element that becomes upper-case is stored in capitals.
 */
export function retypeElements(tr: Transaction, from: number, to: number, type: ElementType): void {
  const nodeType = tr.doc.type.schema.nodes[type];
  if (!nodeType) throw new Error(`the schema has no element ${type}`);
  let start = -1;
  let end = -1;
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    if (start < 0) start = pos;
    end = pos + node.nodeSize;
    if (node.type !== nodeType) tr.setNodeMarkup(pos, nodeType, carriedAttributes(node, type));
    return false;
  });
  // setNodeMarkup keeps every position, so [start, end) still covers the retyped elements.
  if (start >= 0) uppercaseTextBetween(tr, start, end);
}

function carriedAttributes(node: ProsemirrorNode, to: ElementType): Record<string, unknown> {
  return Object.fromEntries(ELEMENT_ATTRIBUTE_NAMES[to].map((name) => [name, node.attrs[name] ?? null]));
}

/**
 * Splits the element at `pos` (a position inside its text) and gives the part
 * after it type `below`, with the attributes TipTap marks `keepOnSplit`. The
 * selection, if it was at `pos`, ends up at the start of the new element.
 */
export function splitElement(editor: Editor, tr: Transaction, pos: number, below: ElementType): void {
  const element = tr.doc.resolve(pos).parent;
  const nodeType = tr.doc.type.schema.nodes[below];
  if (!nodeType) throw new Error(`the schema has no element ${below}`);
  const attrs = getSplittedAttributes(editor.extensionManager.attributes, below, element.attrs);
  tr.split(pos, 1, [{ type: nodeType, attrs }]);
}
