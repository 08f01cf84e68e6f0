import type { Mark } from '@tiptap/pm/model';
import { Selection, type Transaction } from '@tiptap/pm/state';
import { UPPERCASE_ELEMENTS, type ElementType } from '@writersroom/screenplay';

interface CaseEdit {
  from: number;
  to: number;
  text: string;
}

interface TextEdit extends CaseEdit {
  marks: readonly Mark[];
}

/**
 * Rewrites the text between `from` and `to` in capitals where it lies in an
 * element the format writes upper-case (UPPERCASE_ELEMENTS), adding the steps
 * to `tr`. Only the characters that actually change are replaced, so in a
 * shared document the step touches as little of other writers' text as it
 * can, and marks are kept. The selection is put back where it was when the
 * text kept its length (it does unless a letter like ß became two).
 */
export function uppercaseTextBetween(tr: Transaction, from: number, to: number): void {
  const edits: TextEdit[] = [];
  tr.doc.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock) return UPPERCASE_ELEMENTS.has(node.type.name as ElementType);
    if (!node.isText || node.text === undefined) return false;
    const start = Math.max(from, pos);
    const edit = changedSpan(node.text.slice(start - pos, Math.min(to, pos + node.nodeSize) - pos));
    if (edit) edits.push({ from: start + edit.from, to: start + edit.to, text: edit.text, marks: node.marks });
    return false;
  });
  if (edits.length === 0) return;

  // As JSON, so the same kind of selection comes back: select-all stays select-all (a text selection over the whole document would be invalid).
  const selection = tr.selection.toJSON();
  const sizeBefore = tr.doc.content.size;
  // Back to front, so the positions of the edits still to come stay valid.
  for (const edit of edits.reverse()) {
    tr.replaceWith(edit.from, edit.to, tr.doc.type.schema.text(edit.text, edit.marks));
  }
  if (tr.doc.content.size === sizeBefore) tr.setSelection(Selection.fromJSON(tr.doc, selection));
}

/** The part of `text` that upper-casing changes, as offsets into `text` and its replacement. */
function changedSpan(text: string): CaseEdit | null {
  const upper = text.toUpperCase();
  if (upper === text) return null;
  const shorter = Math.min(text.length, upper.length);
  let start = 0;
  while (start < shorter && text[start] === upper[start]) start += 1;
  let end = 0;
  while (end < shorter - start && text[text.length - 1 - end] === upper[upper.length - 1 - end]) end += 1;
  return { from: start, to: text.length - end, text: upper.slice(start, upper.length - end) };
}
