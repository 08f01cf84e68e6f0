import type { Page } from '../pages/paginate.js';
import { comparePoints, type ScriptPoint } from './exported-thread.js';

/**
 * The number of the page a point of the script prints on: the last page
 * whose body begins at or before it (`Page.start`). A point in text that
 * does not print (a note, a section) gets the page the script has reached
 * there. Binary search: a feature has over a hundred pages and may carry
 * hundreds of comments.
 */
export function pageOfPoint(pages: readonly Page[], point: ScriptPoint): number {
  let low = 0;
  let high = pages.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    const start = pages[middle]!.start;
    if (comparePoints([start.block, start.offset], point) <= 0) low = middle;
    else high = middle - 1;
  }
  return pages[low]?.number ?? 1;
}
