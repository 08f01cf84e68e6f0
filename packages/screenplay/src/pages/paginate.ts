import type { ElementType } from '../element-types.js';
import { flowUnits, type FlowUnit, type UnitRow } from './flow-units.js';
import type { LayoutBlock, StyleSpan } from './layout-block.js';
import {
  PAGE_NUMBER_ROW,
  PAPERS,
  RIGHT_EDGE_COLUMN,
  SCENE_NUMBER_LEFT_END_COLUMN,
  SCENE_NUMBER_RIGHT_COLUMN,
  type Paper,
} from './page-geometry.js';

export type PagedLineKind = 'text' | 'more' | 'contd' | 'page-number' | 'scene-number';

/** One line on a page, where it prints and what it shows. */
export interface PagedLine {
  kind: PagedLineKind;
  /** Body row, 0 being the first below the top margin; the page number prints at PAGE_NUMBER_ROW. */
  row: number;
  /** First column, counted in 0.1 in from the page's left edge. */
  column: number;
  text: string;
  /** Marks, relative to `text`. */
  styles: readonly StyleSpan[];
  /** For `text`, `contd` and `scene-number` lines: the element it belongs to, `[from, to)` of its text. */
  block?: number;
  element?: ElementType;
  from?: number;
  to?: number;
}

/** Where a page's body begins in the script: an element, and the first of its characters on that page. */
export interface PagePosition {
  block: number;
  offset: number;
}

export interface Page {
  /** 1, 2, 3… */
  number: number;
  lines: PagedLine[];
  start: PagePosition;
}

export interface Pagination {
  paper: Paper;
  pages: Page[];
}

export interface PaginationOptions {
  paper?: Paper;
  /** Automatic `(CONT'D)` for a character who speaks again after only action ([PG12]); default on. */
  autoContd?: boolean;
}

/** Rows a split speech or action leaves on each side of the break ([PG9], [PG10]). */
const MIN_ROWS_EACH_SIDE = 2;

/** Where a page begins: a unit, and how many of its rows earlier pages printed. */
interface Cursor {
  unit: number;
  row: number;
}

/**
 * Lays the script out on pages by the rules of PAGINATION.md ([PG1]–[PG16]),
 * the same for the editor, the PDF and the server. Pure and synchronous.
 */
export function paginate(blocks: readonly LayoutBlock[], options: PaginationOptions = {}): Pagination {
  return new Paginator(options).update(blocks);
}

/**
 * Pagination kept up to date as a script changes (the editor's): `update`
 * with the new blocks (the unchanged ones as the same objects) lays out
 * again only from the page before the first change, and stops as soon as a
 * page ends where it ended before, reusing the pages after it. Typing on
 * page 60 of 120 re-lays a page or two; wrapping is cached per block.
 */
export class Paginator {
  private readonly bodyRows: number;
  private readonly paper: Paper;
  private readonly autoContd: boolean;
  private blocks: readonly LayoutBlock[] = [];
  private units: FlowUnit[] = [];
  /** The cursor after each page: where the next one begins. */
  private ends: Cursor[] = [];
  private result: Pagination | undefined;

  constructor(options: PaginationOptions = {}) {
    this.paper = options.paper ?? 'letter';
    this.bodyRows = PAPERS[this.paper].bodyRows;
    this.autoContd = options.autoContd ?? true;
  }

  update(blocks: readonly LayoutBlock[]): Pagination {
    const previous = this.result;
    if (!previous) return this.layOutAll(blocks);
    const first = firstDifference(this.blocks, blocks);
    if (first === undefined) return previous;
    const delta = blocks.length - this.blocks.length;
    const lastChanged = blocks.length - 1 - commonSuffix(this.blocks, blocks, first);
    const oldUnits = this.units;
    // From the unit before the change too: a dialogue added under a speech joins that speech.
    const startUnit = unitContaining(oldUnits, Math.max(0, first - 1));
    const rebuilt = this.rebuildUnits(blocks, oldUnits, startUnit, { first, lastChanged, delta });
    this.blocks = blocks;
    this.units = rebuilt.units;
    return this.relayPages(previous, firstOfChainBefore(rebuilt.units, startUnit), rebuilt.reusedFrom, delta);
  }

  private layOutAll(blocks: readonly LayoutBlock[]): Pagination {
    this.blocks = blocks;
    this.units = flowUnits(blocks, { autoContd: this.autoContd });
    this.ends = [];
    const pages: Page[] = [];
    this.layOutFrom(pages, { unit: 0, row: 0 }, () => false);
    this.result = { paper: this.paper, pages };
    return this.result;
  }

  /**
   * New units from the one that held the first changed block, until one
   * past the change matches an old unit (same blocks, same context): from
   * there the old units are reused, moved by `delta` blocks.
   */
  private rebuildUnits(
    blocks: readonly LayoutBlock[],
    oldUnits: readonly FlowUnit[],
    startUnit: number,
    change: { first: number; lastChanged: number; delta: number },
  ): { units: FlowUnit[]; reusedFrom: { old: number; new: number } | undefined } {
    const { first, lastChanged, delta } = change;
    const from = oldUnits[startUnit];
    let reused: { old: number; new: number } | undefined;
    let made = 0;
    // From the unit's first block, or from the change when it comes before every unit (after blocks that do not print).
    const start = Math.min(from?.firstBlock ?? 0, first);
    const fresh = flowUnits(blocks, { autoContd: this.autoContd }, start, { speaker: from?.speakerBefore }, (unit) => {
      made += 1;
      if (unit.firstBlock <= lastChanged) return false;
      const old = unitContaining(oldUnits, unit.firstBlock - delta);
      const match = oldUnits[old];
      if (!match || match.firstBlock !== unit.firstBlock - delta || !sameUnit(match, unit, delta)) return false;
      reused = { old, new: startUnit + made - 1 };
      return true;
    });
    if (!reused) return { units: [...oldUnits.slice(0, startUnit), ...fresh], reusedFrom: undefined };
    const tail = oldUnits.slice(reused.old).map((unit) => (delta === 0 ? unit : { ...unit, firstBlock: unit.firstBlock + delta, endBlock: unit.endBlock + delta }));
    return { units: [...oldUnits.slice(0, startUnit), ...fresh.slice(0, -1), ...tail], reusedFrom: reused };
  }

  private relayPages(previous: Pagination, startUnit: number, reusedFrom: { old: number; new: number } | undefined, delta: number): Pagination {
    const oldEnds = this.ends;
    // From the page before the one the change begins on: a change can pull its start back onto it.
    let startPage = oldEnds.findIndex((end) => end.unit > startUnit || (end.unit === startUnit && end.row > 0));
    if (startPage === -1) startPage = oldEnds.length;
    startPage = Math.max(0, startPage - 1);
    const pages = previous.pages.slice(0, startPage);
    this.ends = oldEnds.slice(0, startPage);
    const begin = startPage === 0 ? { unit: 0, row: 0 } : oldEnds[startPage - 1]!;
    const mapOld = (cursor: Cursor): Cursor | undefined =>
      reusedFrom && cursor.unit >= reusedFrom.old ? { unit: cursor.unit - reusedFrom.old + reusedFrom.new, row: cursor.row } : undefined;
    this.layOutFrom(pages, begin, (index, end) => {
      const old = oldEnds[index];
      const mapped = old && mapOld(old);
      if (!mapped || mapped.unit !== end.unit || mapped.row !== end.row) return false;
      // This page ends where it ended before, past the change: the rest is as it was.
      for (let rest = index + 1; rest < previous.pages.length; rest++) {
        pages.push(delta === 0 ? previous.pages[rest]! : movedPage(previous.pages[rest]!, delta));
        this.ends.push(mapOld(oldEnds[rest]!) ?? oldEnds[rest]!);
      }
      return true;
    });
    this.result = { paper: this.paper, pages };
    return this.result;
  }

  /** Lays pages from `cursor` to the end, or until `done` says the rest is known. */
  private layOutFrom(pages: Page[], cursor: Cursor, done: (pageIndex: number, end: Cursor) => boolean): void {
    let at = cursor;
    for (;;) {
      const page = new PageBuilder(pages.length + 1, this.bodyRows, this.units);
      at = page.fill(at);
      pages.push(page.finish(this.units));
      this.ends.push(at);
      if (at.unit >= this.units.length) return;
      if (done(pages.length - 1, at)) return;
    }
  }
}

/** Body rows a page uses, (MORE) included: where its last printed line ends. */
export function bodyRowsUsed(page: Page): number {
  let used = 0;
  for (const line of page.lines) if (line.row >= 0) used = Math.max(used, line.row + 1);
  return used;
}

/** The index of the first block that is not the same object, or undefined when the lists are the same. */
function firstDifference(before: readonly LayoutBlock[], after: readonly LayoutBlock[]): number | undefined {
  const shorter = Math.min(before.length, after.length);
  for (let i = 0; i < shorter; i++) if (before[i] !== after[i]) return i;
  return before.length === after.length ? undefined : shorter;
}

/** How many blocks at the end are the same objects in both lists, not counting any before `first`. */
function commonSuffix(before: readonly LayoutBlock[], after: readonly LayoutBlock[], first: number): number {
  let same = 0;
  while (same < Math.min(before.length, after.length) - first && before[before.length - 1 - same] === after[after.length - 1 - same]) same++;
  return same;
}

/**
 * The first unit whose place on a page can depend on unit `index`: a
 * heading, shot or lone cue stays on a page only if what follows can begin
 * there too ([PG8]), so a run of such units right before `index` is decided
 * by looking ahead to it, across pages if the run is long.
 */
function firstOfChainBefore(units: readonly FlowUnit[], index: number): number {
  let first = index;
  while (first > 0 && units[first - 1]!.keepWithNext) first--;
  return first;
}

/** The unit that holds block `block` (binary search over first blocks). */
function unitContaining(units: readonly FlowUnit[], block: number): number {
  let low = 0;
  let high = units.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (units[middle]!.firstBlock <= block) low = middle;
    else high = middle - 1;
  }
  return Math.max(0, low);
}

function sameUnit(old: FlowUnit, unit: FlowUnit, delta: number): boolean {
  return (
    old.kind === unit.kind &&
    old.endBlock + delta === unit.endBlock &&
    old.speakerBefore === unit.speakerBefore &&
    old.blankRowsBefore === unit.blankRowsBefore &&
    old.rows.length === unit.rows.length
  );
}

function movedPage(page: Page, delta: number): Page {
  return {
    number: page.number,
    lines: page.lines.map((line) => (line.block === undefined ? line : { ...line, block: line.block + delta })),
    start: { block: page.start.block + delta, offset: page.start.offset },
  };
}

/** Fills one page from a cursor, by the breaking rules, and says where the next page starts. */
class PageBuilder {
  private readonly lines: PagedLine[] = [];
  private used = 0;
  private start: PagePosition | undefined;

  constructor(
    readonly number: number,
    private readonly bodyRows: number,
    private readonly units: readonly FlowUnit[],
  ) {}

  fill(from: Cursor): Cursor {
    let { unit: index, row } = from;
    while (index < this.units.length) {
      const unit = this.units[index]!;
      const resuming = row > 0;
      if (!resuming && unit.breakBefore && this.used > 0) return { unit: index, row: 0 };
      const blank = this.used === 0 || resuming ? 0 : unit.blankRowsBefore;
      const contdRow = resuming && unit.kind === 'speech' ? 1 : 0;
      const left = unit.rows.length - row;
      const available = this.bodyRows - this.used - blank;
      const keepsCompany = !unit.keepWithNext || this.used === 0 || this.nextCanStart(index, available - left);
      if (contdRow + left <= available && keepsCompany) {
        this.place(unit, row, unit.rows.length, blank, resuming);
        index += 1;
        row = 0;
        continue;
      }
      const split = this.splitPoint(unit, row, available - contdRow);
      if (split !== undefined) {
        this.place(unit, row, split, blank, resuming);
        return { unit: index, row: split };
      }
      if (this.used > 0) return { unit: index, row };
      // Taller than a whole page: cut where the page ends, whatever the rules prefer.
      const forced = Math.min(unit.rows.length, Math.max(row + 1, row + available - contdRow - (unit.kind === 'speech' ? 1 : 0)));
      this.place(unit, row, forced, blank, resuming);
      return forced >= unit.rows.length ? { unit: index + 1, row: 0 } : { unit: index, row: forced };
    }
    return { unit: index, row: 0 };
  }

  finish(units: readonly FlowUnit[]): Page {
    if (this.number > 1) {
      const text = `${this.number}.`;
      this.lines.push({ kind: 'page-number', row: PAGE_NUMBER_ROW, column: RIGHT_EDGE_COLUMN - text.length, text, styles: [] });
    }
    // An empty page (an empty script) starts after everything.
    return { number: this.number, lines: this.lines, start: this.start ?? { block: units[units.length - 1]?.endBlock ?? 0, offset: 0 } };
  }

  /**
   * Whether the unit after `index` could begin within `rows` more rows
   * (whole, or by a split its rules allow): a heading, shot or lone cue
   * stays on a page only with what follows it ([PG8]).
   */
  private nextCanStart(index: number, rows: number): boolean {
    const next = this.units[index + 1];
    if (!next || next.breakBefore) return true;
    const available = rows - next.blankRowsBefore;
    // A heading followed by a shot: the shot must itself keep company on this page.
    if (next.keepWithNext) return next.rows.length <= available && this.nextCanStart(index + 1, available - next.rows.length);
    if (next.rows.length <= available) return true;
    return this.splitPoint(next, 0, available) !== undefined;
  }

  /**
   * The latest row after which `unit` may break on this page, given
   * `available` rows from `row` on: the rules of the unit's kind, at least two
   * rows on each side, and for a speech a row left for `(MORE)`. Undefined
   * when there is none: the unit moves to the next page.
   */
  private splitPoint(unit: FlowUnit, row: number, available: number): number | undefined {
    if (unit.kind === 'dual') return undefined;
    const room = unit.kind === 'speech' ? available - 1 : available;
    for (let end = Math.min(row + room, unit.rows.length - MIN_ROWS_EACH_SIDE); end >= row + 1; end--) {
      if (!unit.rows[end - 1]!.breakAfter) continue;
      const before = unit.kind === 'speech' ? spokenRows(unit, row, end) : end - row;
      if (before >= MIN_ROWS_EACH_SIDE) return end;
    }
    return undefined;
  }

  /** Prints rows `[from, to)` of a unit, after its blank rows, with the cue repeated or `(MORE)` where a speech is split. */
  private place(unit: FlowUnit, from: number, to: number, blank: number, resuming: boolean): void {
    this.used += blank;
    if (resuming && unit.kind === 'speech') this.printContinuedCue(unit);
    for (let n = from; n < to; n++) this.printRow(unit, unit.rows[n]!, n === 0);
    if (to < unit.rows.length && unit.kind === 'speech') {
      this.lines.push({ kind: 'more', row: this.used, column: unit.cueColumn!, text: '(MORE)', styles: [] });
      this.used += 1;
    }
  }

  /** The cue again at the top of a page a speech continues on: not where the page's text begins, which is the dialogue after it. */
  private printContinuedCue(unit: FlowUnit): void {
    this.lines.push({
      kind: 'contd',
      row: this.used,
      column: unit.cueColumn!,
      text: unit.continuedCue!,
      styles: [],
      block: unit.firstBlock,
      element: 'character',
      from: 0,
      to: 0,
    });
    this.used += 1;
  }

  private printRow(unit: FlowUnit, row: UnitRow, first: boolean): void {
    for (const cell of row.cells) {
      const block = unit.firstBlock + cell.blockOffset;
      const { line } = cell;
      this.start ??= { block, offset: line.from };
      this.lines.push({
        kind: 'text',
        row: this.used,
        column: line.column,
        text: line.text,
        styles: line.styles,
        block,
        element: cell.element,
        from: line.from,
        to: line.to,
      });
    }
    if (first && unit.scene?.number) this.printSceneNumbers(unit.scene.number, unit.firstBlock);
    this.used += 1;
  }

  private printSceneNumbers(number: string, block: number): void {
    const common = { kind: 'scene-number' as const, row: this.used, text: number, styles: [], block, element: 'sceneHeading' as const, from: 0, to: 0 };
    this.lines.push({ ...common, column: SCENE_NUMBER_LEFT_END_COLUMN - number.length });
    this.lines.push({ ...common, column: SCENE_NUMBER_RIGHT_COLUMN });
  }
}

/** Dialogue rows of a speech between `from` and `end` (its cue and parentheticals do not count). */
function spokenRows(unit: FlowUnit, from: number, end: number): number {
  let spoken = 0;
  for (let n = from; n < end; n++) if (unit.rows[n]!.cells[0]!.element === 'dialogue') spoken++;
  return spoken;
}

