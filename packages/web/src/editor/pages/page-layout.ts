import '@fontsource/courier-prime/400.css';
import '@fontsource/courier-prime/400-italic.css';
import '@fontsource/courier-prime/700.css';
import '@fontsource/courier-prime/700-italic.css';
import { Extension } from '@tiptap/core';
import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { addsParentheses, bodyRowsUsed, layoutBlockOf, Paginator, type LayoutBlock, type Pagination, type PagePosition } from '@writersroom/screenplay';
import { contdWidget, pageBreakWidget, pageBreakOf, scriptEndWidget, type PageBreak } from './page-break-widget.js';
import './pages.css';
import './print.css';

/**
 * The script's pages as the PDF will print them, kept current in the editor:
 * the pagination engine's pages (packages/screenplay, PAGINATION.md), where
 * each page begins in the document, and the decorations that draw them.
 */
export interface PageLayout {
  readonly pagination: Pagination;
  readonly blocks: readonly LayoutBlock[];
  /** The document position before each block's node. */
  readonly blockStarts: readonly number[];
  /** The document position where each page's text begins (page 1 at 0). */
  readonly pageStarts: readonly number[];
  readonly decorations: DecorationSet;
  /** What the decorations show, to tell whether an update must redraw them or may only move them. */
  readonly drawn: string;
}

export const pageLayoutKey = new PluginKey<PageLayout>('pageLayout');

/** A block is laid out once per version of its node: ProseMirror and y-prosemirror keep unchanged nodes as the same objects. */
const layoutBlocks = new WeakMap<ProsemirrorNode, LayoutBlock>();

function layoutBlockFor(node: ProsemirrorNode): LayoutBlock {
  let block = layoutBlocks.get(node);
  if (!block) {
    block = layoutBlockOf(node);
    layoutBlocks.set(node, block);
  }
  return block;
}

/**
 * The pages plugin. A keystroke re-lays only from the page before the change
 * (`Paginator.update`); when every break begins where the old one maps to
 * and shows the same thing, and no parenthesis or automatic (CONT'D) moved,
 * the decorations are only mapped through the change, so typing on page 60
 * redraws nothing.
 */
export function pageLayoutPlugin(): Plugin<PageLayout> {
  const paginator = new Paginator();
  const layOut = (doc: ProsemirrorNode, previous: PageLayout | undefined, tr: Transaction | undefined): PageLayout => {
    const blocks: LayoutBlock[] = [];
    const blockStarts: number[] = [];
    doc.forEach((node, offset) => {
      blocks.push(layoutBlockFor(node));
      blockStarts.push(offset);
    });
    const pagination = paginator.update(blocks);
    const pageStarts = pagination.pages.map((page) => positionOf(page.start, blockStarts));
    const breaks = pagination.pages.slice(1).map((page, index) => pageBreakOf(pagination.pages[index]!, page, blocks));
    const parenthesised = blocks.flatMap((block, index) => (block.type === 'parenthetical' && addsParentheses(block.text) ? [index] : []));
    const contds = automaticContds(pagination, blocks);
    const drawn = JSON.stringify([breaks, lastPageRows(pagination), parenthesised, contds]);
    // A break shows the same and begins where the old one maps to: its widget, mapped, is already right.
    const unchanged =
      previous !== undefined &&
      tr !== undefined &&
      previous.drawn === drawn &&
      pageStarts.every((start, index) => tr.mapping.map(previous.pageStarts[index]!, -1) === start);
    const decorations = unchanged
      ? previous.decorations.map(tr.mapping, doc)
      : DecorationSet.create(doc, [
          ...drawnBreaks(pagination, breaks, pageStarts),
          Decoration.widget(doc.content.size, () => scriptEndWidget(lastPageRows(pagination)), { side: 1, key: `end-${lastPageRows(pagination)}` }),
          ...parenthesised.map((index) => Decoration.node(blockStarts[index]!, blockStarts[index]! + doc.child(index).nodeSize, { class: 'adds-parentheses' })),
          ...contds.map(([index, suffix]) =>
            Decoration.widget(blockStarts[index]! + 1 + blocks[index]!.text.length, () => contdWidget(suffix), { side: 1, key: `contd-${suffix}` }),
          ),
        ]);
    return { pagination, blocks, blockStarts, pageStarts, decorations, drawn };
  };

  return new Plugin<PageLayout>({
    key: pageLayoutKey,
    state: {
      init: (_config, state: EditorState) => layOut(state.doc, undefined, undefined),
      apply: (tr, previous) => (tr.docChanged ? layOut(tr.doc, previous, tr) : previous),
    },
    props: {
      decorations: (state) => pageLayoutKey.getState(state)?.decorations,
    },
  });
}

/**
 * At most this many page breaks are drawn inside one element. ProseMirror
 * splits an element's text at each widget, copying the rest of the text every
 * time, so a book pasted as one line (thousands of pages, one paragraph) froze
 * the page for minutes; a screenplay's element never spans more than a few
 * pages. The page count and the PDF still count every page.
 */
const MAX_BREAKS_INSIDE_ONE_ELEMENT = 50;

function drawnBreaks(pagination: Pagination, breaks: readonly PageBreak[], pageStarts: readonly number[]): Decoration[] {
  const insideBlock = new Map<number, number>();
  return breaks.flatMap((pageBreak, index) => {
    const start = pagination.pages[index + 1]!.start;
    if (start.offset > 0) {
      const drawn = insideBlock.get(start.block) ?? 0;
      if (drawn >= MAX_BREAKS_INSIDE_ONE_ELEMENT) return [];
      insideBlock.set(start.block, drawn + 1);
    }
    return [breakDecoration(pageBreak, pageStarts[index + 1]!)];
  });
}

function breakDecoration(pageBreak: PageBreak, position: number): Decoration {
  // Keyed by what it shows: ProseMirror keeps the DOM of a widget whose key did not change.
  return Decoration.widget(position, () => pageBreakWidget(pageBreak), { side: -1, key: JSON.stringify(pageBreak), ignoreSelection: true });
}

/** The document position of a page's first character: before its block's node, or inside its text. */
function positionOf(start: PagePosition, blockStarts: readonly number[]): number {
  const before = blockStarts[start.block] ?? blockStarts[blockStarts.length - 1] ?? 0;
  return start.offset === 0 ? before : before + 1 + start.offset;
}

/**
 * The cues the engine prints with an automatic ` (CONT'D)` ([PG12]), as
 * `[block, suffix]`: the printed cue is longer than the cue's own text.
 */
function automaticContds(pagination: Pagination, blocks: readonly LayoutBlock[]): Array<[number, string]> {
  const contds: Array<[number, string]> = [];
  for (const page of pagination.pages) {
    for (const line of page.lines) {
      if (line.kind !== 'text' || line.element !== 'character' || line.to !== blocks[line.block!]!.text.length) continue;
      const own = line.to - line.from!;
      if (line.text.length > own) contds.push([line.block!, line.text.slice(own)]);
    }
  }
  return contds;
}

function lastPageRows(pagination: Pagination): number {
  const last = pagination.pages[pagination.pages.length - 1];
  return last ? bodyRowsUsed(last) : 0;
}

/** The page (1, 2, …) that holds document position `position`. */
export function pageAt(layout: PageLayout, position: number): number {
  return indexAtOrBefore(layout.pageStarts, position) + 1;
}

/** The block (0, 1, …) that holds document position `position`. */
export function blockAt(layout: PageLayout, position: number): number {
  return indexAtOrBefore(layout.blockStarts, position);
}

/** The last index of ascending `starts` whose value is at most `position` (0 when none is). */
function indexAtOrBefore(starts: readonly number[], position: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return Math.max(0, low);
}

/** The editor shows the script's pages: breaks, page numbers, (MORE)/(CONT'D), parentheses, as the PDF prints them. */
export const PageLayoutExtension = Extension.create({
  name: 'pageLayout',
  addProseMirrorPlugins: () => [pageLayoutPlugin()],
});
