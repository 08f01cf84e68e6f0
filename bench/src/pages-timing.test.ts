import { describe, expect, it } from 'vitest';
import { paginate, type ElementType, type LayoutBlock } from '@writersroom/screenplay';
import { timePagination, typedBy, typingTarget } from './pages-timing.js';

const block = (type: ElementType, text: string): LayoutBlock => ({ type, text, styles: [] });

/** A scene of `n` exchanges: enough pages to type on page 3. */
function script(n: number): LayoutBlock[] {
  const blocks: LayoutBlock[] = [block('sceneHeading', 'INT. HOUSE - DAY')];
  for (let i = 0; i < n; i++) blocks.push(block('character', 'MARA'), block('dialogue', `Line ${i}. It goes on a while.`), block('action', `Beat ${i}.`));
  return blocks;
}

describe('pagination timing', () => {
  it('types into the first action or dialogue that begins on the page, not the element the page begins in', () => {
    const blocks = [block('action', 'a'), block('character', 'B'), block('dialogue', 'c'), block('action', 'd'), block('action', 'e')];
    // Page 2 begins inside block 2 (a dialogue split from page 1): its first whole element is the action at 3.
    expect(typingTarget(blocks, [0, 2, 4], 2)).toBe(3);
    expect(() => typingTarget(blocks, [0, 2, 4], 1)).toThrow(/page 1 begins no action or dialogue/);
    expect(() => typingTarget(blocks, [0, 2, 4], 4)).toThrow(/3 pages/);
  });

  it('gives one sample per measured run and keystroke, and leaves the pagination where a layout of the typed script lands', () => {
    const runs = { fromScratch: 3, keystrokes: 600, warmup: 2, editPage: 3 };
    const typedInto = (blocks: LayoutBlock[]) => {
      const target = typingTarget(blocks, paginate(blocks).pages.map((page) => page.start.block), runs.editPage);
      return blocks.map((one, index) => (index === target ? { ...one, text: one.text + typedBy(runs.warmup + runs.keystrokes) } : one));
    };
    // A script whose last page is full enough for the typing to add a page.
    const blocks = Array.from({ length: 40 }, (_, extra) => script(60 + extra)).find((one) => paginate(typedInto(one)).pages.length > paginate(one).pages.length)!;
    const timings = timePagination(blocks, runs);
    expect(timings.fromScratchMs).toHaveLength(3);
    expect(timings.keystrokeMs).toHaveLength(600);
    expect(timings.pages).toBe(paginate(blocks).pages.length);
    // Breaks if each keystroke edits the block in place (the same object): the paginator sees no change.
    expect(timings.pagesAfterTyping).toBe(paginate(typedInto(blocks)).pages.length);
    expect(timings.pagesAfterTyping).toBeGreaterThan(timings.pages);
  });
});
