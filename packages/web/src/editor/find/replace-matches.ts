import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { dispatchAsOwnUndoStep } from '../own-undo-step.js';
import { continueFindFrom, findStateOf, type DocumentMatch } from './find-highlights.js';

/**
 * The replacement as it should read in place of `matched`. When case was not
 * matched, the found text's capitals carry over: a name introduced in
 * capitals in action ("JUNO enters") stays in capitals, and a word that
 * opened a sentence still opens it with a capital. Otherwise the
 * replacement is exactly what the writer typed.
 */
export function replacementFor(matched: string, replacement: string, matchCase: boolean): string {
  if (matchCase) return replacement;
  const hasLetters = matched.toLocaleUpperCase() !== matched.toLocaleLowerCase();
  if (hasLetters && matched === matched.toLocaleUpperCase()) return replacement.toLocaleUpperCase();
  const first = matched.charAt(0);
  if (first !== first.toLocaleLowerCase()) return replacement.charAt(0).toLocaleUpperCase() + replacement.slice(1);
  return replacement;
}

/**
 * Puts `replacement` in place of the match, with the marks its first
 * letter had (a bold name stays bold) and, unless case was matched, its
 * capitals (replacementFor). The upper-case elements' own capitals are
 * applied in the same dispatch.
 */
export function replaceMatch(tr: Transaction, { from, to }: DocumentMatch, replacement: string, matchCase: boolean): void {
  if (replacement === '') {
    tr.delete(from, to);
    return;
  }
  const marks = tr.doc.resolve(from).marksAcross(tr.doc.resolve(to)) ?? [];
  const text = replacementFor(tr.doc.textBetween(from, to), replacement, matchCase);
  tr.replaceWith(from, to, tr.doc.type.schema.text(text, marks));
}

/** Replaces the current match and moves on to the next one after it (never to the text just put in). */
export function replaceCurrentMatch(editor: Editor, replacement: string): void {
  const found = findStateOf(editor.state);
  const match = found?.matches[found.current];
  if (!found?.query || !match || !editor.isEditable) return;
  const { matchCase } = found.query;
  dispatchAsOwnUndoStep(editor.view, (tr) => {
    replaceMatch(tr, match, replacement, matchCase);
    continueFindFrom(tr, tr.mapping.map(match.to));
  });
}

/**
 * Replaces every match in one transaction: collaborators get it as one
 * change, and one Ctrl/Cmd-Z takes it all back. Last match first, so the
 * positions of the ones before it still hold.
 */
export function replaceAllMatches(editor: Editor, replacement: string): number {
  const found = findStateOf(editor.state);
  const matches = found?.matches ?? [];
  if (!found?.query || matches.length === 0 || !editor.isEditable) return 0;
  const { matchCase } = found.query;
  dispatchAsOwnUndoStep(editor.view, (tr) => {
    for (const match of [...matches].reverse()) replaceMatch(tr, match, replacement, matchCase);
  });
  return matches.length;
}
