import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type { ThreadView } from '../../api/comments.js';
import { resolveAnchor } from './comment-anchors.js';

/** The threads the page highlights: open ones still on their text. */
type Highlighted = Pick<ThreadView, 'threadId' | 'anchor'>;

interface HighlightState {
  threads: readonly Highlighted[];
  decorations: DecorationSet;
}

const highlightsKey = new PluginKey<HighlightState>('commentHighlights');

function draw(threads: readonly Highlighted[], syncFrom: EditorState, doc: EditorState['doc']): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    const range = resolveAnchor(syncFrom, thread.anchor, doc);
    if (range) decorations.push(Decoration.inline(range.from, range.to, { class: 'comment-highlight', 'data-thread-id': thread.threadId }));
  }
  return DecorationSet.create(doc, decorations);
}

/** A change that came from Yjs (a collaborator, a restore, an undo, the first render), after which Yjs and the editor agree. */
function cameFromYjs(tr: Transaction): boolean {
  return (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
}

/**
 * Highlights the text each comment thread is on. The anchors are Yjs
 * relative positions, so the ranges are read again from Yjs whenever the
 * thread list changes or a change arrives through Yjs; the writer's own
 * keystrokes only reach Yjs after their transaction, so for those the ranges
 * are mapped through the change instead (the same result, one keystroke sooner).
 */
export const CommentHighlights = Extension.create({
  name: 'commentHighlights',

  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: highlightsKey,
        state: {
          init: (_config, state) => ({ threads: [], decorations: DecorationSet.create(state.doc, []) }),
          apply(tr, value, oldState) {
            const threads = tr.getMeta(highlightsKey) as readonly Highlighted[] | undefined;
            // The old state lends the sync binding, which is one object for the editor's life.
            if (threads) return { threads, decorations: draw(threads, oldState, tr.doc) };
            if (!tr.docChanged) return value;
            if (cameFromYjs(tr)) return { threads: value.threads, decorations: draw(value.threads, oldState, tr.doc) };
            return { threads: value.threads, decorations: value.decorations.map(tr.mapping, tr.doc) };
          },
        },
        props: {
          decorations: (state) => highlightsKey.getState(state)?.decorations,
        },
      }),
    ];
  },
});

/** Shows these threads' anchors on the page (resolved and detached ones are left out by the caller). */
export function highlightThreads(editor: Editor, threads: readonly Highlighted[]): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(highlightsKey, threads));
}
