import type { Attribute } from '@tiptap/core';
import type { ElementType } from './element-types.js';

/** Side of the page a line of dual (simultaneous) dialogue sits on. */
export type DualDialogueSide = 'left' | 'right';

/**
 * The element attributes screenwriters need, by attribute name. The same names
 * are used as ProseMirror attributes, Y.XmlElement attributes and content_blocks
 * `metadata` keys, so the three formats map 1:1.
 */
export interface ElementAttributes {
  /** Locked scene number ("12", "12A"); only on `sceneHeading`. */
  sceneNumber?: string;
  /** Dual-dialogue column; on `character`, `parenthetical` and `dialogue`. */
  dualDialogue?: DualDialogueSide;
  /** A forced page break before the element (Fountain `===`, PAGINATION.md [PG11]); on every printed element. */
  pageBreakBefore?: true;
  /** Outline level of a section, 1 (an act) to 6 (Fountain's `#` to `######`); only on `section`. */
  depth?: number;
}

export type ElementAttributeName = keyof ElementAttributes;

/** Which attributes each element carries. An element not listed carries none. */
export const ELEMENT_ATTRIBUTE_NAMES: Readonly<Record<ElementType, readonly ElementAttributeName[]>> = {
  sceneHeading: ['sceneNumber', 'pageBreakBefore'],
  action: ['pageBreakBefore'],
  character: ['dualDialogue', 'pageBreakBefore'],
  parenthetical: ['dualDialogue', 'pageBreakBefore'],
  dialogue: ['dualDialogue', 'pageBreakBefore'],
  transition: ['pageBreakBefore'],
  centered: ['pageBreakBefore'],
  shot: ['pageBreakBefore'],
  general: ['pageBreakBefore'],
  lyrics: ['dualDialogue', 'pageBreakBefore'],
  section: ['depth'],
  synopsis: [],
  note: [],
  boneyard: [],
};

/** Fountain's deepest section, `######`. */
export const MAX_SECTION_DEPTH = 6;

/**
 * Throws a RangeError unless `value` may be stored in attribute `name` (null
 * means "not set"). ProseMirror calls this as the attribute's `validate`, so a
 * bad value is refused by `Node.check()` and by `schema.node()` alike; the
 * schema guard uses it on incoming Yjs updates.
 */
export function validateElementAttribute(name: ElementAttributeName, value: unknown): void {
  if (value === null) return;
  if (name === 'sceneNumber' && typeof value === 'string') return;
  if (name === 'dualDialogue' && (value === 'left' || value === 'right')) return;
  if (name === 'pageBreakBefore' && value === true) return;
  if (name === 'depth' && Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_SECTION_DEPTH) return;
  const expected = {
    sceneNumber: 'a string or null',
    dualDialogue: "'left', 'right' or null",
    pageBreakBefore: 'true or null',
    depth: `an integer from 1 to ${MAX_SECTION_DEPTH} or null`,
  }[name];
  throw new RangeError(`attribute ${name} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
}

/**
 * TipTap attribute definitions. HTML mapping uses `data-*` attributes; the
 * parse functions run only when the browser parses HTML (paste), never at
 * import time. `sceneNumber` is not copied when a heading is split (a new
 * heading is a new scene); `dualDialogue` is, so a split line stays in its column.
 */
export const elementAttributeSpecs: Readonly<Record<ElementAttributeName, Partial<Attribute>>> = {
  sceneNumber: {
    default: null,
    keepOnSplit: false,
    validate: (value: unknown) => validateElementAttribute('sceneNumber', value),
    parseHTML: (element) => element.getAttribute('data-scene-number'),
    renderHTML: (attributes) =>
      attributes['sceneNumber'] == null ? {} : { 'data-scene-number': String(attributes['sceneNumber']) },
  },
  dualDialogue: {
    default: null,
    keepOnSplit: true,
    validate: (value: unknown) => validateElementAttribute('dualDialogue', value),
    parseHTML: (element) => {
      const side = element.getAttribute('data-dual-dialogue');
      return side === 'left' || side === 'right' ? side : null;
    },
    renderHTML: (attributes) =>
      attributes['dualDialogue'] == null ? {} : { 'data-dual-dialogue': String(attributes['dualDialogue']) },
  },
  pageBreakBefore: {
    default: null,
    // A new element after Enter is not a new page.
    keepOnSplit: false,
    validate: (value: unknown) => validateElementAttribute('pageBreakBefore', value),
    parseHTML: (element) => (element.hasAttribute('data-page-break-before') ? true : null),
    renderHTML: (attributes) => (attributes['pageBreakBefore'] === true ? { 'data-page-break-before': '' } : {}),
  },
  depth: {
    default: null,
    keepOnSplit: true,
    validate: (value: unknown) => validateElementAttribute('depth', value),
    parseHTML: (element) => {
      const depth = Number(element.getAttribute('data-depth'));
      return Number.isInteger(depth) && depth >= 1 && depth <= MAX_SECTION_DEPTH ? depth : null;
    },
    renderHTML: (attributes) => (attributes['depth'] == null ? {} : { 'data-depth': String(attributes['depth']) }),
  },
};
