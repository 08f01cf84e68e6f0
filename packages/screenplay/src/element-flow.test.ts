import { describe, expect, test } from 'vitest';
import { flowOnEnter, flowOnShiftTab, flowOnTab, TAB_ORDER, type FlowContext } from './element-flow.js';
import { ELEMENT_TYPES, type ElementType } from './element-types.js';

const atEndOf = (type: ElementType): FlowContext => ({ type, empty: false, atEnd: true });
const emptyOf = (type: ElementType): FlowContext => ({ type, empty: true, atEnd: true });
const insideOf = (type: ElementType): FlowContext => ({ type, empty: false, atEnd: false });

describe('Enter', () => {
  test.each([
    ['sceneHeading', 'action'],
    ['action', 'action'],
    ['character', 'dialogue'],
    ['parenthetical', 'dialogue'],
    ['dialogue', 'action'],
    ['transition', 'sceneHeading'],
    ['shot', 'action'],
    ['centered', 'action'],
    ['general', 'general'],
  ] as const)('at the end of %s starts %s', (type, below) => {
    expect(flowOnEnter(atEndOf(type))).toEqual({ kind: 'split', below });
  });

  test('in the middle of an element splits it and both halves keep its type', () => {
    for (const type of ELEMENT_TYPES) expect(flowOnEnter(insideOf(type))).toEqual({ kind: 'split', below: type });
  });

  test('on an empty element other than action turns it into action instead of adding a line', () => {
    for (const type of ELEMENT_TYPES.filter((type) => type !== 'action')) {
      expect(flowOnEnter(emptyOf(type))).toEqual({ kind: 'retype', to: 'action' });
    }
  });

  test('on an empty action adds another action', () => {
    expect(flowOnEnter(emptyOf('action'))).toEqual({ kind: 'split', below: 'action' });
  });
});

describe('Tab and Shift-Tab', () => {
  test('Tab on an empty action makes it a character, so dialogue → Enter → Tab starts the next speaker', () => {
    expect(flowOnEnter(atEndOf('dialogue'))).toEqual({ kind: 'split', below: 'action' });
    expect(flowOnTab(emptyOf('action'))).toEqual({ kind: 'retype', to: 'character' });
  });

  test('Tab on an empty dialogue makes it a parenthetical', () => {
    expect(flowOnTab(emptyOf('dialogue'))).toEqual({ kind: 'retype', to: 'parenthetical' });
  });

  test('Tab at the end of a dialogue with text starts a parenthetical below it', () => {
    expect(flowOnTab(atEndOf('dialogue'))).toEqual({ kind: 'split', below: 'parenthetical' });
  });

  test('Tab in the middle of a dialogue retypes it like any other element', () => {
    expect(flowOnTab(insideOf('dialogue'))).toEqual({ kind: 'retype', to: 'parenthetical' });
  });

  test('Shift-Tab from action gives transition', () => {
    expect(flowOnShiftTab(emptyOf('action'))).toEqual({ kind: 'retype', to: 'transition' });
  });

  test('the Tab order visits every element type exactly once', () => {
    expect([...TAB_ORDER].sort()).toEqual([...ELEMENT_TYPES].sort());
  });

  test('Tab walks the whole order and comes back; Shift-Tab undoes each Tab retype', () => {
    let type: ElementType = 'action';
    const visited: ElementType[] = [];
    for (let step = 0; step < TAB_ORDER.length; step += 1) {
      visited.push(type);
      const forward = flowOnTab(emptyOf(type));
      expect(forward.kind).toBe('retype');
      if (forward.kind !== 'retype') return;
      expect(flowOnShiftTab(emptyOf(forward.to))).toEqual({ kind: 'retype', to: type });
      type = forward.to;
    }
    expect(type).toBe('action');
    expect(visited).toEqual(TAB_ORDER);
  });
});
