/**
 * The screenplay elements, by the node name the editor's schema and the Yjs
 * document use (an element is a `Y.XmlElement` of this name inside the
 * `default` XmlFragment). The server, the CLI and the web client share this
 * one list so that what one builds the others can read.
 */
export const ELEMENT_TYPES = [
  // First: ProseMirror fills an empty document with the schema's first block type.
  'action',
  'sceneHeading',
  'character',
  'parenthetical',
  'dialogue',
  'transition',
  'centered',
  'shot',
  'general',
] as const;

export type ElementType = (typeof ELEMENT_TYPES)[number];

/** Name of the XmlFragment that TipTap's Collaboration extension reads by default. */
export const DOCUMENT_FRAGMENT = 'default';
