import { Extension, type Editor } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion } from '@tiptap/suggestion';
import { typeAheadCandidates, typeAheadContextAt } from './type-ahead-candidates.js';
import { TypeAheadList } from './type-ahead-list.js';

/**
 * Type-ahead for character names and scene-heading locations already in the
 * script, on TipTap's suggestion plugin. Its priority is above the element
 * flow keymap so that, while suggestions show, Enter and Tab accept one
 * instead of moving to the next element; with no suggestion showing they
 * pass through.
 *
 * Suggestions are computed from the document when the popup updates rather
 * than through the plugin's asynchronous `items`, so a fast Enter never
 * meets a list that is still "loading".
 */
export const TypeAhead = Extension.create({
  name: 'typeAhead',
  priority: 200,

  addProseMirrorPlugins() {
    return [
      Suggestion<string, string>({
        pluginKey: new PluginKey('typeAhead'),
        editor: this.editor,
        decorationClass: 'type-ahead-query',
        findSuggestionMatch: ({ $position }) => {
          const context = typeAheadContextAt($position);
          return context && { range: { from: context.from, to: context.to }, query: context.query, text: context.query };
        },
        command: ({ editor, range, props: chosen }) => {
          editor
            .chain()
            .focus()
            .command(({ tr }) => {
              tr.insertText(chosen, range.from, range.to);
              return true;
            })
            .run();
        },
        render: () => {
          let list: TypeAheadList | null = null;
          return {
            onStart: (props) => {
              list = new TypeAheadList(props, suggestionsAtCursor(props.editor));
            },
            onUpdate: (props) => list?.update(props, suggestionsAtCursor(props.editor)),
            onKeyDown: (props) => list?.keyDown(props) ?? false,
            onExit: () => {
              list?.destroy();
              list = null;
            },
          };
        },
      }),
    ];
  },
});

function suggestionsAtCursor(editor: Editor): string[] {
  const context = typeAheadContextAt(editor.state.selection.$from);
  return context ? typeAheadCandidates(editor.state.doc, context) : [];
}
