import type { Extensions } from '@tiptap/core';
import { ElementFlowKeymap } from './element-flow-keymap.js';
import { SceneHeadingRule } from './scene-heading-rule.js';
import { TypeAhead } from './type-ahead.js';
import { TypedParentheses } from './typed-parentheses.js';
import { UppercaseElements } from './uppercase-elements.js';

/**
 * How the screenplay editor behaves under the keyboard: element flow on
 * Enter/Tab/Shift-Tab, INT./EXT. turning an action into a scene heading,
 * ( turning a dialogue into a parenthetical, capitals where the format
 * wants them and type-ahead of names and locations. Behaviour only: none of these adds a node, mark or attribute
 * (the schema is `screenplayExtensions`, shared with the server).
 */
export const screenplayBehaviour: Extensions = [TypeAhead, ElementFlowKeymap, SceneHeadingRule, TypedParentheses, UppercaseElements];
