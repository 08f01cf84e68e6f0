/**
 * Every key of the editor, as the README's key table ("Writing in the
 * browser") lists them, in its words and order: the keyboard help dialog
 * shows this list. The two must agree: keyboard-keys.test.ts fails when a
 * row is in one and not the other, so a new key goes in both. Text between
 * backticks is a key as typed (the dialog shows it as a key cap).
 */
export interface KeyRow {
  where: string;
  key: string;
  what: string;
}

export const KEYBOARD_KEYS: readonly KeyRow[] = [
  { where: 'end of a scene heading', key: 'Enter', what: 'action' },
  { where: 'end of an action', key: 'Enter', what: 'another action' },
  { where: 'empty action', key: 'Tab', what: 'character' },
  { where: 'end of a character', key: 'Enter', what: 'dialogue' },
  { where: 'empty character', key: 'Tab / Shift-Tab / Enter', what: 'dialogue / action / action' },
  { where: 'end of a dialogue', key: 'Enter / Tab', what: 'action / a parenthetical below' },
  { where: 'start of a dialogue, empty or not', key: '`(`', what: 'the line becomes a parenthetical (Ctrl/Cmd-Z takes back just that); the `(` is not stored, the page prints the parentheses' },
  { where: 'end of a parenthetical with no `(` of its own left open', key: '`)`', what: 'nothing: the page closes it (a `)` that closes the writer\'s own `(` is typed)' },
  { where: 'end of a parenthetical', key: 'Enter', what: 'dialogue' },
  { where: 'end of a transition', key: 'Enter', what: 'scene heading' },
  { where: 'end of a shot or centered text / of general text', key: 'Enter', what: 'action / more general text' },
  { where: 'inside an element', key: 'Enter', what: 'splits it; both halves keep its type' },
  { where: 'an empty element that is not action', key: 'Enter', what: 'it becomes action (the way back)' },
  { where: 'anywhere else', key: 'Tab / Shift-Tab', what: 'the next / previous element type (action, character, dialogue, parenthetical, scene heading, shot, centered, general, transition); over a selection, every element it touches' },
  { where: 'start of an action', key: '`INT. ` `EXT. ` `INT./EXT. ` `I/E. ` `EST. `', what: 'the line becomes a scene heading (Backspace straight after gives the action back)' },
  { where: 'end of a character, or of a heading\'s location, with at least one letter typed', key: 'Tab or Enter', what: 'accepts the highlighted suggestion from names and places already in the script (↑/↓ pick another, Escape drops them); an empty cue or a heading with no location yet offers none, so Tab and Enter do what the rows above say' },
  { where: 'anywhere', key: 'Ctrl/Cmd-B, -I, -U', what: 'bold, italic, underline' },
  { where: 'a selection', key: 'Ctrl/Cmd-Alt-M', what: 'comment on the selected text (commenters too; see Comments below)' },
  { where: 'anywhere', key: 'Ctrl/Cmd-Z, Shift-Ctrl/Cmd-Z', what: 'undoes / redoes this writer\'s own last change, words typed while someone else types included; never another writer\'s, also after a reconnect' },
  { where: 'anywhere', key: 'Ctrl/Cmd-Alt-G', what: 'go to a page' },
  { where: 'anywhere in a script', key: 'Ctrl/Cmd-F', what: 'find, from the caret on (pressed again in the find field: the browser\'s own find)' },
  { where: 'anywhere in a script', key: 'Ctrl/Cmd-Alt-F', what: 'find and replace (editors; viewers and commenters can find)' },
  { where: 'the find field', key: 'Enter / Shift-Enter / Escape', what: 'next match / previous match / close, back to the page on the match' },
  { where: 'the replace field', key: 'Enter', what: 'replaces this match and goes to the next' },
  { where: 'anywhere in a script', key: 'Ctrl/Cmd-Shift-F', what: 'focus mode: only the page (Escape leaves it)' },
  { where: 'anywhere but in the page\'s text (there it is text)', key: '`?`', what: 'this list of keys' },
  { where: 'anywhere', key: 'Ctrl/Cmd-/', what: 'this list of keys' },
];
