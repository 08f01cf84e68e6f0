import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { UPPERCASE_ELEMENTS, type ElementType } from '@writersroom/screenplay';
import { uppercaseTextBetween } from './uppercase-text.js';

interface Range {
  from: number;
  to: number;
}

/** Set on the transaction that capitalises the pending ranges, so its own text is not collected again. */
const CAPITALISED = 'capitalised';

const pluginKey = new PluginKey<Range[]>('uppercaseElements');

/**
 * Stores the text this writer types or pastes into a scene heading,
 * character, transition or shot in capitals, so the document holds what the
 * page shows. Only text inserted by local transactions is touched: remote
 * and undo/redo changes arrive through Yjs (`isChangeOrigin`) and are left as
 * they are, so nobody else's text is rewritten.
 *
 * Works on the ranges a transaction inserted, in `appendTransaction`, so it
 * covers typing, paste, drop and type-ahead alike. While an IME composition
 * is open the ranges only wait (mapped through later changes): rewriting
 * text under a composition would break it. They are capitalised with the
 * first transaction after the composition ends (its final flush, the next
 * keystroke or cursor move).
 */
export const UppercaseElements = Extension.create({
  name: 'uppercaseElements',

  addProseMirrorPlugins() {
    let view: EditorView | null = null;
    return [
      new Plugin<Range[]>({
        key: pluginKey,
        state: {
          init: () => [],
          apply(tr, pending, _before, after) {
            if (tr.getMeta(pluginKey) === CAPITALISED) return [];
            const mapped = pending.map((range) => ({ from: tr.mapping.map(range.from, 1), to: tr.mapping.map(range.to, -1) }));
            const inserted = isChangeOrigin(tr) ? [] : insertedRanges(tr).filter((range) => needsCapitals(after.doc, range));
            return [...mapped, ...inserted].filter((range) => range.from < range.to);
          },
        },
        view(editorView) {
          view = editorView;
          return {
            destroy() {
              view = null;
            },
          };
        },
        appendTransaction(_transactions, _before, state) {
          const pending = pluginKey.getState(state) ?? [];
          if (pending.length === 0 || view?.composing) return null;
          // No addToHistory:false here: y-tiptap reads it for the whole dispatch, keystroke included.
          // Appended in the same dispatch, the capitals reach Yjs and the undo stack with the keystroke.
          const tr = state.tr.setMeta(pluginKey, CAPITALISED);
          for (const range of pending) uppercaseTextBetween(tr, tr.mapping.map(range.from, 1), tr.mapping.map(range.to, -1));
          return tr;
        },
      }),
    ];
  },
});

/** The ranges of the final document that the transaction's steps inserted or replaced. */
function insertedRanges(tr: Transaction): Range[] {
  const ranges: Range[] = [];
  tr.mapping.maps.forEach((map, index) => {
    const later = tr.mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      ranges.push({ from: later.map(newStart, 1), to: later.map(newEnd, -1) });
    });
  });
  return ranges;
}

/** Whether the range holds lower-case text inside an element that is written in capitals. */
function needsCapitals(doc: ProsemirrorNode, { from, to }: Range): boolean {
  if (from >= to) return false;
  let needs = false;
  doc.nodesBetween(from, to, (node, pos) => {
    if (needs) return false;
    if (node.isTextblock) return UPPERCASE_ELEMENTS.has(node.type.name as ElementType);
    const text = node.text?.slice(Math.max(0, from - pos), to - pos) ?? '';
    needs = text !== text.toUpperCase();
    return false;
  });
  return needs;
}
