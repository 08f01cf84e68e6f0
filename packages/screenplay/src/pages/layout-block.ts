import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type { DualDialogueSide } from '../element-attributes.js';
import type { ElementType } from '../element-types.js';

/** The marks a printed character can carry. */
export interface TextStyle {
  bold?: true;
  italic?: true;
  underline?: true;
}

/** Characters `[from, to)` of an element's text printed with `style`. */
export interface StyleSpan {
  from: number;
  to: number;
  style: TextStyle;
}

/**
 * One element as the pagination engine reads it: its type, its text, where
 * its marks are, and the attributes that change how it prints. The editor
 * makes one per node of its document (and keeps it while the node is
 * unchanged, so wrapping is done once per edit of that node); the server and
 * the CLI make them from the Yjs document.
 */
export interface LayoutBlock {
  readonly type: ElementType;
  readonly text: string;
  readonly styles: readonly StyleSpan[];
  readonly sceneNumber?: string;
  readonly dualDialogue?: DualDialogueSide;
  /** A forced page break before this element (Fountain `===`, [PG11]). */
  readonly pageBreakBefore?: boolean;
  /** A section's outline level, 1 to 6. */
  readonly depth?: number;
}

const MARK_STYLES: Readonly<Record<string, keyof TextStyle>> = { bold: 'bold', italic: 'italic', underline: 'underline' };

/** The layout block of one element node of the screenplay schema. */
export function layoutBlockOf(node: ProsemirrorNode): LayoutBlock {
  const styles: StyleSpan[] = [];
  let text = '';
  node.forEach((child) => {
    const from = text.length;
    text += child.text ?? '';
    const style: TextStyle = {};
    for (const mark of child.marks) {
      const key = MARK_STYLES[mark.type.name];
      if (key) style[key] = true;
    }
    if (Object.keys(style).length > 0) styles.push({ from, to: text.length, style });
  });
  const attrs = node.attrs as { sceneNumber?: string | null; dualDialogue?: DualDialogueSide | null; pageBreakBefore?: boolean | null; depth?: number | null };
  return {
    type: node.type.name as ElementType,
    text,
    styles,
    ...(attrs.sceneNumber ? { sceneNumber: attrs.sceneNumber } : {}),
    ...(attrs.dualDialogue ? { dualDialogue: attrs.dualDialogue } : {}),
    ...(attrs.pageBreakBefore ? { pageBreakBefore: true } : {}),
    ...(attrs.depth ? { depth: attrs.depth } : {}),
  };
}

/** The layout blocks of a whole document (`doc` of the screenplay schema), in order. */
export function layoutBlocksOf(doc: ProsemirrorNode): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  doc.forEach((node) => blocks.push(layoutBlockOf(node)));
  return blocks;
}
