import {
  contentBlocksToProsemirror,
  ELEMENT_TO_BLOCK_TYPE,
  layoutBlocksOf,
  paginate,
  scenesOf,
  screenplaySchema,
  type ContentBlock,
  type Page,
  type Pagination,
  type SceneSummary,
} from '@writersroom/screenplay';
import type { Page as BrowserPage } from 'playwright-core';
import { generateScreenplayElements } from '../../../../bench/src/screenplay-fixture.js';

/** The 120-page screenplay the benchmarks use, as the `content_blocks` a script is created with. */
export function feature120(): ContentBlock[] {
  return generateScreenplayElements().map((element) => ({ type: ELEMENT_TO_BLOCK_TYPE[element.type], text: element.text }));
}

/** What the pagination engine makes of a script, as the server and the PDF lay it out. */
export function enginePages(blocks: readonly ContentBlock[]): { pagination: Pagination; scenes: SceneSummary[] } {
  const layoutBlocks = layoutBlocksOf(screenplaySchema.nodeFromJSON(contentBlocksToProsemirror(blocks)));
  const pagination = paginate(layoutBlocks);
  return { pagination, scenes: scenesOf(pagination, layoutBlocks) };
}

/** The first line of text a page prints (not its page number, nor a repeated cue). */
export function firstTextLine(page: Page): string {
  const line = page.lines.filter((candidate) => candidate.kind === 'text').sort((a, b) => a.row - b.row || a.column - b.column)[0];
  return line?.text ?? '';
}

/**
 * Where the editor breaks pages, read from the page itself: for every page
 * from 2 on, the text that follows its break, up to the next break, as the
 * page shows it (an automatic ` (CONT'D)` after a cue included), without the
 * break's own page number, (MORE) and repeated cue. The engine's first line
 * of that page must begin it.
 */
export function editorPageStarts(page: BrowserPage): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('.ProseMirror')!;
    const breaks = Array.from(root.querySelectorAll('.page-break'));
    const decoration = (node: Node) => node.parentElement?.closest('.page-break, .script-end') !== null;
    return breaks.map((pageBreak) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      walker.currentNode = pageBreak;
      let text = '';
      let element: Element | null = null;
      for (let node = walker.nextNode(); node && text.length < 80; node = walker.nextNode()) {
        const inBreak = node.parentElement?.closest('.page-break');
        if (inBreak && inBreak !== pageBreak) break;
        if (decoration(node)) continue;
        // Elements are separate lines; the text nodes of one element (split by marks or carets) are one.
        const owner = node.parentElement?.closest('p[data-element]') ?? null;
        if (element !== null && owner !== element) text += ' ';
        element = owner;
        text += node.textContent ?? '';
      }
      return text.replace(/\s+/g, ' ').trim();
    });
  });
}
