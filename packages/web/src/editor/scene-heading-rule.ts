import { Extension, InputRule } from '@tiptap/core';
import { retypeElements } from './element-edits.js';
import { SCENE_HEADING_OPENING } from './scene-heading-text.js';

/**
 * Typing a scene heading prefix and a space at the start of an action
 * ("int. ", "EXT. ", "i/e. ") turns the action into a scene heading, its text
 * in capitals. Backspace straight afterwards undoes the conversion (TipTap's
 * undoable input rules), for the action that really starts with "Int.".
 */
export const SceneHeadingRule = Extension.create({
  name: 'sceneHeadingRule',

  addInputRules() {
    return [
      new InputRule({
        find: SCENE_HEADING_OPENING,
        handler: ({ state, range }) => {
          if (state.doc.resolve(range.from).parent.type.name !== 'action') return null;
          retypeElements(state.tr, range.from, range.from, 'sceneHeading');
        },
      }),
    ];
  },
});
