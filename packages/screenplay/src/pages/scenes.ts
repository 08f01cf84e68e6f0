import type { LayoutBlock } from './layout-block.js';
import { PAPERS } from './page-geometry.js';
import { bodyRowsUsed, type Pagination } from './paginate.js';

/** A scene as the navigator and production schedules list it ([PG16]). */
export interface SceneSummary {
  /** The heading's block. */
  block: number;
  heading: string;
  number: string | undefined;
  /** The page its heading prints on. */
  page: number;
  /** Its length, in eighths of a page (the schedules' unit), at least one. */
  eighths: number;
}

/**
 * Every scene of a laid-out script, in order: where its heading prints, and
 * how long it runs until the next heading (or the end), in eighths of a page
 * rounded to the nearest, blank rows included, as a schedule counts it.
 */
export function scenesOf(pagination: Pagination, blocks: readonly LayoutBlock[]): SceneSummary[] {
  const rowsPerPage = PAPERS[pagination.paper].bodyRows;
  const starts: Array<{ block: number; page: number; row: number }> = [];
  for (const page of pagination.pages) {
    for (const line of page.lines) {
      if (line.kind === 'text' && line.element === 'sceneHeading' && line.from === 0) starts.push({ block: line.block!, page: page.number, row: line.row });
    }
  }
  // The script ends after the last row printed on its last page.
  const lastPage = pagination.pages[pagination.pages.length - 1];
  const endPage = lastPage?.number ?? 1;
  const endRow = lastPage ? bodyRowsUsed(lastPage) : 0;
  const at = (page: number, row: number) => (page - 1) * rowsPerPage + row;
  return starts.map((start, index) => {
    const next = starts[index + 1];
    const rows = (next ? at(next.page, next.row) : at(endPage, endRow)) - at(start.page, start.row);
    const block = blocks[start.block];
    return {
      block: start.block,
      heading: block?.text ?? '',
      number: block?.sceneNumber,
      page: start.page,
      eighths: Math.max(1, Math.round((rows * 8) / rowsPerPage)),
    };
  });
}
