import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { dispatchAsOwnUndoStep } from '../own-undo-step.js';
import { continueFindFrom, findStateOf, type DocumentMatch } from './find-highlights.js';

/**
 * Puts `replacement` in place of the match, with the marks its first
 * letter had (a bold name stays bold). Capitals are the upper-case
 * elements' own business: they are applied in the same dispatch.
 */
export function replaceMatch(tr: Transaction, { from, to }: DocumentMatch, replacement: string): void {
  if (replacement === '') {
    tr.delete(from, to);
    return;
  }
  const marks = tr.doc.resolve(from).marksAcross(tr.doc.resolve(to)) ?? [];
  tr.replaceWith(from, to, tr.doc.type.schema.text(replacement, marks));
}

/** Replaces the current match and moves on to the next one after it (never to the text just put in). */
export function replaceCurrentMatch(editor: Editor, replacement: string): void {
  const found = findStateOf(editor.state);
  const match = found?.matches[found.current];
  if (!match || !editor.isEditable) return;
  dispatchAsOwnUndoStep(editor.view, (tr) => {
    replaceMatch(tr, match, replacement);
    continueFindFrom(tr, tr.mapping.map(match.to));
  });
}

/**
 * Replaces every match in one transaction: collaborators get it as one
 * change, and one Ctrl/Cmd-Z takes it all back. Last match first, so the
 * positions of the ones before it still hold.
 */
export function replaceAllMatches(editor: Editor, replacement: string): number {
  const matches = findStateOf(editor.state)?.matches ?? [];
  if (matches.length === 0 || !editor.isEditable) return 0;
  dispatchAsOwnUndoStep(editor.view, (tr) => {
    for (const match of [...matches].reverse()) replaceMatch(tr, match, replacement);
  });
  return matches.length;
}
