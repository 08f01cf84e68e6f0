import { Extension, type Editor } from '@tiptap/core';
import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { Plugin } from '@tiptap/pm/state';
import { flowOnEnter, flowOnShiftTab, flowOnTab, type FlowContext, type FlowStep } from '@writersroom/screenplay';
import { elementTypeOf, retypeElements, splitElement } from './element-edits.js';

/**
 * Enter, Tab and Shift-Tab move between screenplay elements by the rules of
 * `element-flow` (packages/screenplay). Bold, italic and underline need no
 * binding here: the schema's mark extensions already bind Mod-b, Mod-i and Mod-u.
 *
 * Tab is the element key here, as in every screenwriting program, so it does
 * not move the focus; Escape and then Tab (or Shift-Tab) does, so keyboard
 * users are never trapped on the page (WCAG 2.1.2).
 *
 * Priority above TipTap's default keymap (100), whose Enter would otherwise
 * split into whatever block comes first in the schema; below the type-ahead,
 * which takes Enter, Tab and Escape first while it shows suggestions.
 */
export const ElementFlowKeymap = Extension.create<unknown, { tabLeavesPage: boolean }>({
  name: 'elementFlowKeymap',
  priority: 150,

  addStorage() {
    return { tabLeavesPage: false };
  },

  addKeyboardShortcuts() {
    const tab = (editor: Editor, rule: (context: FlowContext) => FlowStep) => {
      if (!this.storage.tabLeavesPage) return applyFlow(editor, rule, { cursorOnly: false });
      this.storage.tabLeavesPage = false;
      return false;
    };
    return {
      Enter: ({ editor }) => applyFlow(editor, flowOnEnter, { cursorOnly: true }),
      Tab: ({ editor }) => tab(editor, flowOnTab),
      'Shift-Tab': ({ editor }) => tab(editor, flowOnShiftTab),
    };
  },

  addProseMirrorPlugins() {
    const storage = this.storage;
    return [
      new Plugin({
        props: {
          // Runs after this extension's keymap, which has taken every Tab it handles; never handles a key itself.
          handleKeyDown(_view, event) {
            if (event.key === 'Escape') storage.tabLeavesPage = true;
            else if (!MODIFIER_KEYS.has(event.key) && event.key !== 'Tab') storage.tabLeavesPage = false;
            return false;
          },
        },
      }),
    ];
  },
});

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta']);

/** The first element a selection touches (select-all starts before the first element, not in it). */
function firstElementOf(doc: ProsemirrorNode, from: number, to: number): ProsemirrorNode | undefined {
  let first: ProsemirrorNode | undefined;
  doc.nodesBetween(from, Math.max(from + 1, to), (node) => {
    if (first) return false;
    if (node.isTextblock) first = node;
    return !first;
  });
  return first;
}

/**
 * Runs one flow rule at the selection. With `cursorOnly`, a selection that
 * is not a plain cursor is left to TipTap's default (delete, then split), so
 * Enter over selected text behaves as everywhere else.
 */
function applyFlow(editor: Editor, rule: (context: FlowContext) => FlowStep, { cursorOnly }: { cursorOnly: boolean }): boolean {
  const { selection } = editor.state;
  if (cursorOnly && !selection.empty) return false;
  const { $from } = selection;
  const element = firstElementOf(editor.state.doc, selection.from, selection.to) ?? $from.parent;
  const type = elementTypeOf(element);
  if (!type) return false;

  const atEnd = selection.empty && $from.parentOffset === $from.parent.content.size;
  const step = rule({ type, empty: element.content.size === 0, atEnd });
  return editor
    .chain()
    .command(({ tr }) => {
      // Every element the selection touches takes the new type, as the element menu does.
      if (step.kind === 'retype') retypeElements(tr, selection.from, selection.to, step.to);
      else splitElement(editor, tr, $from.pos, step.below);
      tr.scrollIntoView();
      return true;
    })
    .run();
}
