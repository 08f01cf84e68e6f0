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
  'lyrics',
  // The outline and the writer's notes: kept with the script, never printed.
  'section',
  'synopsis',
  'note',
  'boneyard',
] as const;

export type ElementType = (typeof ELEMENT_TYPES)[number];

/**
 * Elements that are part of the writer's working script but not of the
 * printed one: the outline (sections and synopses, as Fountain writes them),
 * notes, and the boneyard (text set aside, Fountain's `/* … *\/`). Pages,
 * the PDF and page counts leave them out; the editor shows them, marked.
 */
export const NON_PRINTING_ELEMENTS = ['section', 'synopsis', 'note', 'boneyard'] as const satisfies readonly ElementType[];

export type NonPrintingElementType = (typeof NON_PRINTING_ELEMENTS)[number];
export type PrintedElementType = Exclude<ElementType, NonPrintingElementType>;

const NON_PRINTING: ReadonlySet<string> = new Set(NON_PRINTING_ELEMENTS);

export function isPrinted(type: ElementType): type is PrintedElementType {
  return !NON_PRINTING.has(type);
}

/** Name of the XmlFragment that TipTap's Collaboration extension reads by default. */
export const DOCUMENT_FRAGMENT = 'default';
