import type { ElementType } from '../element-types.js';

/**
 * Final Draft's names for the elements both sides have (its `Paragraph
 * Type=`). Centered text is Final Draft's Action with `Alignment="Center"`:
 * it has no element of its own. A synopsis is Final Draft 12's "Outline
 * Body", the prose under an outline level.
 */
const PARAGRAPH_TYPES = {
  sceneHeading: 'Scene Heading',
  action: 'Action',
  character: 'Character',
  parenthetical: 'Parenthetical',
  dialogue: 'Dialogue',
  transition: 'Transition',
  centered: 'Action',
  shot: 'Shot',
  general: 'General',
  lyrics: 'Lyrics',
  synopsis: 'Outline Body',
} as const satisfies Partial<Record<ElementType, string>>;

/** Elements written as a paragraph of the script; notes and the boneyard are ScriptNotes instead (write-script-notes.ts). */
export type ParagraphElementType = keyof typeof PARAGRAPH_TYPES | 'section';

/**
 * Final Draft 12's outline levels are paragraphs named `Outline 1`,
 * `Outline 2`, …; a writer may rename a level, which Final Draft writes as
 * `Outline 2 (Sequences)`, so only the number counts.
 */
const OUTLINE_PREFIX = 'Outline ';

/** The `Type=` a paragraph of `type` is written with; a section's names its depth (a section without one is level 1). */
export function paragraphTypeOf(type: ParagraphElementType, depth: number | null | undefined): string {
  return type === 'section' ? `${OUTLINE_PREFIX}${depth ?? 1}` : PARAGRAPH_TYPES[type];
}

/** How a paragraph `Type=` reads: an element (a section with its outline level), or undefined for a type WritersRoom has no element for. */
export type ReadParagraphType = { type: Exclude<ElementType, 'section' | 'centered' | 'note' | 'boneyard'> } | { type: 'section'; depth: number };

const READ_TYPES: ReadonlyMap<string, ReadParagraphType> = new Map<string, ReadParagraphType>([
  ...Object.entries(PARAGRAPH_TYPES)
    .filter(([type]) => type !== 'centered')
    .map(([type, name]) => [name, { type }] as [string, ReadParagraphType]),
  // Other tools write an outline level's prose as Summary.
  ['Summary', { type: 'synopsis' }],
]);

export function readParagraphType(name: string): ReadParagraphType | undefined {
  const known = READ_TYPES.get(name);
  if (known !== undefined) return known;
  if (!name.startsWith(OUTLINE_PREFIX)) return undefined;
  const level = name.slice(OUTLINE_PREFIX.length).split(' ')[0] ?? '';
  const depth = Number(level);
  return level !== '' && Number.isInteger(depth) && depth >= 1 ? { type: 'section', depth } : undefined;
}
