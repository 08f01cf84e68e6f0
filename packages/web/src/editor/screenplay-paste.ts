import { Extension } from '@tiptap/core';
import { Fragment, Slice } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { parseFountain } from '@writersroom/screenplay';

/** Element types plain prose reads as: pasting prose stays action, as it always did. */
const PROSE = new Set(['action', 'general']);

/**
 * Puts whole elements at the caret. Into an empty element they replace it,
 * so a pasted shot stays a shot instead of taking the type of the empty
 * scene heading Enter just made (ProseMirror's own paste would keep the
 * element the caret is in). Elsewhere they go in as blocks, splitting the
 * element the caret is in.
 */
function insertElements(view: EditorView, elements: Fragment): void {
  const { state } = view;
  const { $from, empty } = state.selection;
  const tr =
    empty && $from.parent.isTextblock && $from.parent.content.size === 0
      ? state.tr.replaceWith($from.before(), $from.after(), elements)
      : state.tr.replaceSelection(new Slice(elements, 0, 0));
  view.dispatch(tr.scrollIntoView());
}

/**
 * Pasting a screenplay written elsewhere (Fountain, or any plain text in
 * screenplay form) makes its scene headings, cues, dialogue, transitions
 * and the rest, as Highland and WriterDuet do, instead of one action per
 * line; plain prose stays action. What a WritersRoom page copied carries its
 * element types in its HTML, which ProseMirror reads back; pasted into an
 * empty element, those elements keep their types.
 */
export const ScreenplayPaste = Extension.create({
  name: 'screenplayPaste',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('screenplayPaste'),
        props: {
          handlePaste(view, event, slice) {
            const data = event.clipboardData;
            if (!data) return false;
            if (data.getData('text/html').includes('data-element=')) {
              if (slice.content.childCount < 2 || !view.state.selection.$from.parent.isTextblock || view.state.selection.$from.parent.content.size > 0) return false;
              insertElements(view, slice.content);
              return true;
            }
            const text = data.getData('text/plain');
            if (!text.includes('\n')) return false;
            const { document } = parseFountain(text);
            const elements = Fragment.fromJSON(view.state.schema, document.content);
            let screenplay = false;
            elements.forEach((node) => (screenplay ||= !PROSE.has(node.type.name)));
            if (!screenplay) return false;
            insertElements(view, elements);
            return true;
          },
        },
      }),
    ];
  },
});
