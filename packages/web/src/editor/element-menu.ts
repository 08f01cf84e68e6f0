import type { ElementType } from '@writersroom/screenplay';

/**
 * The elements in the order a screenplay page reads, with the names
 * screenwriters use and the key that makes each one from the keyboard
 * (element-flow.ts; the README's key table says the same). The element menu
 * and the find panel's "In" list both read it.
 */
export const ELEMENT_MENU: readonly { type: ElementType; name: string; key?: string }[] = [
  { type: 'sceneHeading', name: 'Scene Heading', key: 'INT. or EXT. at the start of an action' },
  { type: 'action', name: 'Action', key: 'Enter after a scene heading' },
  { type: 'character', name: 'Character', key: 'Tab from an empty action' },
  { type: 'parenthetical', name: 'Parenthetical', key: '( at the start of a dialogue' },
  { type: 'dialogue', name: 'Dialogue', key: 'Enter after a character' },
  { type: 'transition', name: 'Transition', key: 'Shift-Tab from an action' },
  { type: 'shot', name: 'Shot', key: 'Tab from a scene heading' },
  { type: 'centered', name: 'Centered', key: 'Tab from a shot' },
  { type: 'general', name: 'General', key: 'Tab from centered text' },
  { type: 'lyrics', name: 'Lyrics' },
  // Not printed: the outline and the writer's notes.
  { type: 'section', name: 'Section (outline)' },
  { type: 'synopsis', name: 'Synopsis (outline)' },
  { type: 'note', name: 'Note' },
  { type: 'boneyard', name: 'Boneyard (set aside)' },
];
