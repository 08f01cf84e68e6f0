import { describe, expect, test } from 'vitest';
import { flowOnEnter, flowOnParenthesis, flowOnShiftTab, flowOnTab, TAB_ORDER, type FlowContext } from './element-flow.js';
import { ELEMENT_TYPES, isPrinted, type ElementType } from './element-types.js';

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

  test('the Tab order visits every printed element type but lyrics exactly once; Tab on lyrics, the outline or a note goes back to action', () => {
    expect([...TAB_ORDER].sort()).toEqual(ELEMENT_TYPES.filter((type) => isPrinted(type) && type !== 'lyrics').sort());
    for (const type of ['lyrics', 'section', 'synopsis', 'note', 'boneyard'] as const) {
      expect(flowOnTab({ type, empty: true, atEnd: true })).toEqual({ kind: 'retype', to: 'action' });
      expect(flowOnShiftTab({ type, empty: true, atEnd: true })).toEqual({ kind: 'retype', to: 'action' });
    }
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

describe('typing a parenthesis', () => {
  const typing = (type: ElementType, text: string, offset = text.length) => ({ type, text, offset });

  test('( in an empty dialogue makes it a parenthetical, the ( not typed', () => {
    expect(flowOnParenthesis('(', typing('dialogue', ''))).toEqual({ kind: 'retype', to: 'parenthetical' });
  });

  test('( at the start of a dialogue with text makes the whole line a parenthetical, as in Final Draft', () => {
    expect(flowOnParenthesis('(', typing('dialogue', 'beat', 0))).toEqual({ kind: 'retype', to: 'parenthetical' });
  });

  test('( inside a dialogue, or in any other element, is typed', () => {
    expect(flowOnParenthesis('(', typing('dialogue', 'I said ', 7))).toBeNull();
    for (const type of ELEMENT_TYPES.filter((other) => other !== 'dialogue')) expect(flowOnParenthesis('(', typing(type, '', 0))).toBeNull();
  });

  test(') at the end of a parenthetical the page will close is skipped', () => {
    expect(flowOnParenthesis(')', typing('parenthetical', 'quietly'))).toEqual({ kind: 'skip' });
    expect(flowOnParenthesis(')', typing('parenthetical', ''))).toEqual({ kind: 'skip' });
    // Its own parentheses are all closed: another ) would print one too many.
    expect(flowOnParenthesis(')', typing('parenthetical', 'beat (again)'))).toEqual({ kind: 'skip' });
  });

  test(') that closes the writer\'s own ( is typed', () => {
    expect(flowOnParenthesis(')', typing('parenthetical', '(quietly'))).toBeNull();
    expect(flowOnParenthesis(')', typing('parenthetical', 'to Tom (softly'))).toBeNull();
    // A stray ) earlier closes nothing, so it does not cancel the ( after it.
    // (Broken on purpose once: counting that ) as -1 skipped this one.)
    expect(flowOnParenthesis(')', typing('parenthetical', 'a) (b'))).toBeNull();
  });

  test(') inside a parenthetical, or in any other element, is typed', () => {
    expect(flowOnParenthesis(')', typing('parenthetical', 'quietly', 3))).toBeNull();
    for (const type of ELEMENT_TYPES.filter((other) => other !== 'parenthetical')) expect(flowOnParenthesis(')', typing(type, 'text'))).toBeNull();
  });

  test('other characters are typed', () => {
    expect(flowOnParenthesis('[', typing('dialogue', '', 0))).toBeNull();
    expect(flowOnParenthesis('()', typing('dialogue', '', 0))).toBeNull();
  });
});
