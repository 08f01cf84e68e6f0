import type { ElementType } from './element-types.js';

/**
 * Keyboard flow between screenplay elements, as a writer used to Final Draft
 * expects it: Enter moves on to the element that usually follows, Tab and
 * Shift-Tab change the element in place. Pure rules over element types so the
 * web editor, tests and any other client agree; the editor only turns a
 * `FlowStep` into a ProseMirror transaction.
 */

/** Where the cursor is when the key is pressed. */
export interface FlowContext {
  type: ElementType;
  /** The element holds no text. */
  empty: boolean;
  /** The cursor is after the element's last character (always true when empty). */
  atEnd: boolean;
}

/**
 * What a key does: `split` breaks the element at the cursor and gives the part
 * after it (an empty element when the cursor is at the end) type `below`;
 * `retype` changes the element the cursor is in to `to`, text unchanged.
 */
export type FlowStep = { kind: 'split'; below: ElementType } | { kind: 'retype'; to: ElementType };

/**
 * The element Enter starts after the end of each element. Dialogue is
 * followed by action, not by the next character: a speech usually ends in
 * stage business, and Tab on that empty action gives the next character.
 */
export const NEXT_ON_ENTER: Readonly<Record<ElementType, ElementType>> = {
  sceneHeading: 'action',
  action: 'action',
  character: 'dialogue',
  parenthetical: 'dialogue',
  dialogue: 'action',
  transition: 'sceneHeading',
  shot: 'action',
  centered: 'action',
  general: 'general',
  lyrics: 'lyrics',
  // An act or sequence starts with a scene; a synopsis, a note or set-aside text is followed by the script again.
  section: 'sceneHeading',
  synopsis: 'action',
  note: 'action',
  boneyard: 'action',
};

/**
 * The order Tab walks forward (Shift-Tab backward), wrapping around. It puts
 * the common moves one key away: empty action → character, character →
 * dialogue, dialogue → parenthetical, and Shift-Tab from action → transition.
 * Lyrics, the outline and notes are chosen from the element menu: Tab on
 * one of them goes back to action.
 */
export const TAB_ORDER: readonly ElementType[] = [
  'action',
  'character',
  'dialogue',
  'parenthetical',
  'sceneHeading',
  'shot',
  'centered',
  'general',
  'transition',
];

/**
 * Enter. On an empty element other than action it turns the element into
 * action instead of adding a line (the way out of a wrong turn). At the end
 * of an element it starts NEXT_ON_ENTER's element; in the middle it splits
 * the element and both halves keep its type, because the writer is breaking
 * a paragraph, not moving on.
 */
export function flowOnEnter({ type, empty, atEnd }: FlowContext): FlowStep {
  if (empty && type !== 'action') return { kind: 'retype', to: 'action' };
  return { kind: 'split', below: atEnd ? NEXT_ON_ENTER[type] : type };
}

/**
 * Tab. At the end of a dialogue that has text it starts a parenthetical on
 * the next line (a beat inside the speech); everywhere else it retypes the
 * element to the next one in TAB_ORDER.
 */
export function flowOnTab({ type, empty, atEnd }: FlowContext): FlowStep {
  if (type === 'dialogue' && !empty && atEnd) return { kind: 'split', below: 'parenthetical' };
  return { kind: 'retype', to: stepThroughTabOrder(type, 1) };
}

/** Shift-Tab: retypes the element to the previous one in TAB_ORDER (undoes a Tab retype). */
export function flowOnShiftTab({ type }: FlowContext): FlowStep {
  return { kind: 'retype', to: stepThroughTabOrder(type, -1) };
}

function stepThroughTabOrder(type: ElementType, direction: 1 | -1): ElementType {
  const index = TAB_ORDER.indexOf(type);
  if (index === -1) return 'action';
  // The index is in range; the fallback only satisfies the index type.
  return TAB_ORDER[(index + direction + TAB_ORDER.length) % TAB_ORDER.length] ?? type;
}

/** Where the cursor is when a character is typed: the element, its text and the cursor's offset in it. */
export interface TypingContext {
  type: ElementType;
  text: string;
  offset: number;
}

/**
 * What typing a parenthesis does instead of inserting it: `retype` changes
 * the element to `to`; `skip` does nothing. Either way the parenthesis is not
 * stored, because the page prints a parenthetical's parentheses itself
 * (PAGINATION.md [PG15]).
 */
export type TypedParenthesisStep = { kind: 'retype'; to: ElementType } | { kind: 'skip' };

/**
 * `(` at the start of a dialogue turns the line into a parenthetical, as in
 * Final Draft: the writer is opening a wryly, and the page then shows the line
 * in parentheses, text already there included (a line typed as dialogue that
 * was meant as direction). `)` at the end of a parenthetical is skipped when
 * the text leaves no `(` open, since the page closes it; one that closes the
 * writer's own `(` is typed. Null: the character is simply typed.
 */
export function flowOnParenthesis(typed: string, { type, text, offset }: TypingContext): TypedParenthesisStep | null {
  if (typed === '(' && type === 'dialogue' && offset === 0) return { kind: 'retype', to: 'parenthetical' };
  if (typed === ')' && type === 'parenthetical' && offset === text.length && !leavesParenthesisOpen(text)) return { kind: 'skip' };
  return null;
}

/** Whether some `(` in the text has no `)` after it to close it. */
function leavesParenthesisOpen(text: string): boolean {
  let open = 0;
  for (const character of text) {
    if (character === '(') open += 1;
    // A `)` with nothing open closes nothing; it must not cancel a later `(`.
    else if (character === ')') open = Math.max(0, open - 1);
  }
  return open > 0;
}

/**
 * Elements whose text the format writes in capitals. Their text is stored
 * upper-case, not merely displayed so, because exports, type-ahead and the
 * server read the stored text.
 */
export const UPPERCASE_ELEMENTS: ReadonlySet<ElementType> = new Set<ElementType>([
  'sceneHeading',
  'character',
  'transition',
  'shot',
]);
