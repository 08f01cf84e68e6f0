import { Extension, type Editor } from '@tiptap/core';
import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { elementTypeOf } from '../element-edits.js';
import { findMatches, type FindQuery, type SearchedElement } from './find-matches.js';

/** A match as document positions. */
export interface DocumentMatch {
  from: number;
  to: number;
}

export interface FindState {
  query: FindQuery | null;
  matches: readonly DocumentMatch[];
  /** Index of the match the panel is on (0 when there are none). */
  current: number;
  decorations: DecorationSet;
}

/**
 * What a transaction tells the plugin: a new query (null: the panel closed),
 * the match to be on, or a position whose first match at or after it becomes
 * current (where the caret is when the search starts; just after a replaced match).
 */
type FindMeta = { query: FindQuery | null; from: number } | { current: number } | { from: number };

const findKey = new PluginKey<FindState>('find');

/** Every match of the query in the document; its elements are the doc's children, which hold only text. */
function matchesIn(doc: ProsemirrorNode, query: FindQuery): DocumentMatch[] {
  const elements: SearchedElement[] = [];
  const starts: number[] = [];
  doc.forEach((node, offset) => {
    elements.push({ type: elementTypeOf(node), text: node.textContent });
    starts.push(offset + 1);
  });
  return findMatches(elements, query).map(({ element, from, to }) => ({ from: starts[element]! + from, to: starts[element]! + to }));
}

function firstFrom(matches: readonly DocumentMatch[], pos: number): number {
  const index = matches.findIndex((match) => match.from >= pos);
  return index < 0 ? 0 : index;
}

function withDecorations(doc: ProsemirrorNode, query: FindQuery | null, matches: readonly DocumentMatch[], current: number): FindState {
  const decorations = matches.map(({ from, to }, index) => Decoration.inline(from, to, { class: index === current ? 'find-match find-current' : 'find-match' }));
  return { query, matches, current, decorations: DecorationSet.create(doc, decorations) };
}

/**
 * Highlights what the find panel looks for, and knows which match it is on.
 * The matches are searched again after every change to the document, a
 * collaborator's included, so the count and highlights stay true while
 * others write; with no query open it costs nothing.
 */
export const FindHighlights = Extension.create({
  name: 'findHighlights',

  addProseMirrorPlugins() {
    return [
      new Plugin<FindState>({
        key: findKey,
        state: {
          init: (_config, state) => withDecorations(state.doc, null, [], 0),
          apply(tr, value) {
            const meta = tr.getMeta(findKey) as FindMeta | undefined;
            if (!meta && !tr.docChanged) return value;
            const query = meta && 'query' in meta ? meta.query : value.query;
            const matches = query ? (tr.docChanged || (meta && 'query' in meta) ? matchesIn(tr.doc, query) : value.matches) : [];
            let current = Math.min(value.current, Math.max(0, matches.length - 1));
            if (meta && 'from' in meta) current = firstFrom(matches, meta.from);
            if (meta && 'current' in meta) current = meta.current;
            return withDecorations(tr.doc, query, matches, current);
          },
        },
        props: {
          decorations: (state) => findKey.getState(state)?.decorations,
        },
      }),
    ];
  },
});

export function findStateOf(state: EditorState): FindState | undefined {
  return findKey.getState(state);
}

/** Starts (or, with null, ends) a search; the first match from the caret on becomes current. */
export function setFindQuery(editor: Editor, query: FindQuery | null): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(findKey, { query, from: editor.state.selection.from } satisfies FindMeta));
}

/** Moves to the next (1) or previous (-1) match, wrapping around, and selects it on the page. */
export function goToMatch(editor: Editor, direction: 1 | -1): void {
  const found = findStateOf(editor.state);
  if (!found || found.matches.length === 0 || editor.isDestroyed) return;
  const current = (found.current + direction + found.matches.length) % found.matches.length;
  const { from, to } = found.matches[current]!;
  const tr = editor.state.tr.setMeta(findKey, { current } satisfies FindMeta);
  editor.view.dispatch(tr.setSelection(TextSelection.create(tr.doc, from, to)).scrollIntoView());
}

/** Marks a transaction so that the first match at or after `pos` (once it applies) becomes current. */
export function continueFindFrom(tr: EditorState['tr'], pos: number): void {
  tr.setMeta(findKey, { from: pos } satisfies FindMeta);
}
