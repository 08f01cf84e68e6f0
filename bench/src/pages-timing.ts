import { paginate, Paginator, type LayoutBlock } from '@writersroom/screenplay';

/**
 * The pagination engine's two costs a writer feels, timed the same way in
 * Node and in the browser (this module is bundled into the Chromium page,
 * so it imports nothing of Node's):
 * - from scratch: opening a script lays it all out, every element wrapped
 *   for the first time (new block objects each run: the wrap cache, which
 *   is keyed by block object, starts cold as it does on opening);
 * - one keystroke: `Paginator.update` after one character typed into an
 *   element on a page in the middle of the script, that block a new object
 *   and every other the same, as the editor hands them over.
 * Times are `performance.now()` differences in milliseconds.
 */

export interface PaginationRuns {
  fromScratch: number;
  keystrokes: number;
  /** Unmeasured runs (and keystrokes) first, so the JIT has compiled the engine. */
  warmup: number;
  /** The page the keystrokes land on, 1-based. */
  editPage: number;
}

export interface PaginationTimings {
  fromScratchMs: number[];
  keystrokeMs: number[];
  /** Pages of the script as it was loaded, and after the keystrokes. */
  pages: number;
  pagesAfterTyping: number;
  /** The block typed into and the page it began on. */
  editedBlock: number;
  editedPage: number;
}

/** What the keystrokes type, a character at a time, at the end of the edited element. */
const TYPED = ' She waits by the door, counting the seconds.';

/** The text `keystrokes` keystrokes append to the edited element. */
export function typedBy(keystrokes: number): string {
  return Array.from({ length: keystrokes }, (_, key) => TYPED[key % TYPED.length]).join('');
}

export function timePagination(blocks: readonly LayoutBlock[], runs: PaginationRuns): PaginationTimings {
  const fromScratchMs: number[] = [];
  let pages = 0;
  for (let run = 0; run < runs.warmup + runs.fromScratch; run++) {
    const fresh = blocks.map((block) => ({ ...block }));
    const started = performance.now();
    pages = paginate(fresh).pages.length;
    const elapsed = performance.now() - started;
    if (run >= runs.warmup) fromScratchMs.push(elapsed);
  }
  const typing = timeKeystrokes(blocks, runs);
  return { fromScratchMs, pages, ...typing };
}

function timeKeystrokes(blocks: readonly LayoutBlock[], runs: PaginationRuns): Omit<PaginationTimings, 'fromScratchMs' | 'pages'> {
  const paginator = new Paginator();
  let current = blocks.map((block) => ({ ...block }));
  const before = paginator.update(current);
  const editedBlock = typingTarget(current, before.pages.map((page) => page.start.block), runs.editPage);
  const keystrokeMs: number[] = [];
  let pagesAfterTyping = before.pages.length;
  for (let key = 0; key < runs.warmup + runs.keystrokes; key++) {
    const next = current.slice();
    const edited = current[editedBlock]!;
    next[editedBlock] = { ...edited, text: edited.text + TYPED[key % TYPED.length] };
    const started = performance.now();
    pagesAfterTyping = paginator.update(next).pages.length;
    const elapsed = performance.now() - started;
    if (key >= runs.warmup) keystrokeMs.push(elapsed);
    current = next;
  }
  return { keystrokeMs, pagesAfterTyping, editedBlock, editedPage: runs.editPage };
}

/**
 * The element a writer types into on page `page`: the first action or
 * dialogue that begins on it (after the block the page starts in, which may
 * be the rest of an element from the page before). `pageStarts` holds the
 * block each page begins in.
 *
 * @throws Error when the script has fewer pages, or no such element on that page.
 */
export function typingTarget(blocks: readonly LayoutBlock[], pageStarts: readonly number[], page: number): number {
  const first = pageStarts[page - 1];
  if (first === undefined) throw new Error(`the script has ${pageStarts.length} pages, none numbered ${page}`);
  const end = pageStarts[page] ?? blocks.length;
  for (let index = first + 1; index < end; index++) {
    const type = blocks[index]!.type;
    if (type === 'action' || type === 'dialogue') return index;
  }
  throw new Error(`page ${page} begins no action or dialogue to type into`);
}
