import { isPrinted, type ElementType } from '../element-types.js';
import { elementLines, type ElementLine, type Placement } from './element-lines.js';
import type { LayoutBlock } from './layout-block.js';
import { blankRowsBefore } from './page-geometry.js';

/** One printed row of a unit: one line, or two side by side in dual dialogue. */
export interface UnitRow {
  /** The lines of this row, each with its block, counted from the unit's first block (so a unit moves without a copy of its rows). */
  cells: Array<{ blockOffset: number; element: ElementType; line: ElementLine }>;
  /** A page may end after this row ([PG9], [PG10]); the unit's rules decide which rows qualify. */
  breakAfter: boolean;
}

/**
 * What pagination places as a whole or splits by its own rules:
 * - `element`: one element; action and general split at sentence ends
 *   ([PG10]), the others never;
 * - `speech`: a character cue and what is spoken under it, split only inside
 *   the dialogue ([PG9]);
 * - `dual`: two speeches side by side, never split ([PG14]).
 */
export interface FlowUnit {
  kind: 'element' | 'speech' | 'dual';
  firstBlock: number;
  /** One past the last block. */
  endBlock: number;
  blankRowsBefore: number;
  rows: UnitRow[];
  /** Never the last thing on a page: a heading, a shot, or a lone cue or parenthetical ([PG8]). */
  keepWithNext: boolean;
  /** A forced page break before it ([PG11]). */
  breakBefore: boolean;
  /** For a speech: the cue as it prints at the top of the next page when the speech is split ([PG9]). */
  continuedCue?: string;
  /** For a speech: the cue's column, where `(MORE)` prints. */
  cueColumn?: number;
  /** A scene heading starts a scene here. */
  scene?: { heading: string; number: string | undefined };
  /** The character who spoke last in the scene before this unit, for automatic (CONT'D) ([PG12]). */
  speakerBefore: string | undefined;
}

export interface FlowOptions {
  /** Add `(CONT'D)` to a cue whose character spoke last in the scene, with only action between ([PG12]). */
  autoContd: boolean;
}

const SPOKEN: ReadonlySet<ElementType> = new Set(['parenthetical', 'dialogue', 'lyrics']);
const KEEP_WITH_NEXT: ReadonlySet<ElementType> = new Set(['sceneHeading', 'shot', 'character', 'parenthetical']);
const SPLITS_AT_SENTENCES: ReadonlySet<ElementType> = new Set(['action', 'general']);
const CONTD = "(CONT'D)";

/** The character a cue names: extensions such as `(V.O.)` and `(CONT'D)` aside, in capitals. */
export function speakerOf(cue: string): string {
  return cue.replace(/\([^)]*\)/g, '').trim().toUpperCase();
}

/** What the units after a point depend on: the character who spoke last in the scene ([PG12]). */
export interface FlowContext {
  speaker: string | undefined;
}

/**
 * The script's flow units from block `start` on, in order, with `context`
 * the state before `start`. `stop` is asked after each unit whether the rest
 * is known already (an incremental layout reuses it); the units made so far
 * are returned then.
 */
export function flowUnits(
  blocks: readonly LayoutBlock[],
  options: FlowOptions,
  start = 0,
  context: FlowContext = { speaker: undefined },
  stop?: (unit: FlowUnit) => boolean,
): FlowUnit[] {
  const units: FlowUnit[] = [];
  let lastSpeaker = context.speaker;
  let i = start;
  while (i < blocks.length) {
    const block = blocks[i]!;
    // The outline, notes and the boneyard print nothing: no unit, no blank row, no effect on what is around them.
    if (!isPrinted(block.type)) {
      i += 1;
      continue;
    }
    const previous = printedTypeBefore(blocks, i);
    if (block.type === 'sceneHeading') lastSpeaker = undefined;
    const speakerBefore = lastSpeaker;
    let unit: FlowUnit;
    if (block.type === 'character' && block.dualDialogue === 'left' && hasRightSide(blocks, speechEnd(blocks, i))) {
      const leftEnd = speechEnd(blocks, i);
      unit = dualUnit(blocks, i, leftEnd, speechEnd(blocks, leftEnd), previous);
      lastSpeaker = undefined;
    } else if (block.type === 'character') {
      const speaker = speakerOf(block.text);
      const suffix = options.autoContd && speaker !== '' && speaker === lastSpeaker && !block.text.includes(CONTD) ? ` ${CONTD}` : '';
      unit = speechUnit(blocks, i, speechEnd(blocks, i), previous, suffix);
      lastSpeaker = speaker;
    } else {
      // Only action between two speeches of one character keeps the second a continuation.
      if (block.type !== 'action') lastSpeaker = undefined;
      unit = elementUnit(blocks, i, previous);
    }
    unit.speakerBefore = speakerBefore;
    units.push(unit);
    i = unit.endBlock;
    if (stop?.(unit)) break;
  }
  return units;
}

/** The type of the nearest printed element before `index`, for blank rows ([PG4]); a note between two does not count. */
function printedTypeBefore(blocks: readonly LayoutBlock[], index: number): ElementType | undefined {
  for (let at = index - 1; at >= 0; at--) if (isPrinted(blocks[at]!.type)) return blocks[at]!.type;
  return undefined;
}

/**
 * One past the last block of the speech whose cue is at `cue`: the spoken
 * elements under it, and the non-printed ones among them (a note between two
 * lines of dialogue does not end the speech), but none after its last spoken one.
 */
function speechEnd(blocks: readonly LayoutBlock[], cue: number): number {
  let end = cue + 1;
  for (let at = cue + 1; at < blocks.length && !blocks[at]!.pageBreakBefore; at++) {
    const type = blocks[at]!.type;
    if (SPOKEN.has(type)) end = at + 1;
    else if (isPrinted(type)) break;
  }
  return end;
}

function hasRightSide(blocks: readonly LayoutBlock[], at: number): boolean {
  const next = blocks[at];
  return next?.type === 'character' && next.dualDialogue === 'right' && !next.pageBreakBefore;
}

function elementUnit(blocks: readonly LayoutBlock[], index: number, previous: ElementType | undefined): FlowUnit {
  const block = blocks[index]!;
  const { lines } = elementLines(block, 'single');
  const splits = SPLITS_AT_SENTENCES.has(block.type);
  return {
    kind: 'element',
    firstBlock: index,
    endBlock: index + 1,
    blankRowsBefore: blankRowsBefore(block.type, previous),
    rows: lines.map((line) => ({ cells: [{ blockOffset: 0, element: block.type, line }], breakAfter: splits && line.endsSentence })),
    keepWithNext: KEEP_WITH_NEXT.has(block.type),
    breakBefore: block.pageBreakBefore === true,
    ...(block.type === 'sceneHeading' ? { scene: { heading: block.text, number: block.sceneNumber } } : {}),
    speakerBefore: undefined,
  };
}

function speechUnit(blocks: readonly LayoutBlock[], cue: number, end: number, previous: ElementType | undefined, cueSuffix: string): FlowUnit {
  const rows: UnitRow[] = [];
  for (let index = cue; index < end; index++) {
    const block = blocks[index]!;
    if (!isPrinted(block.type)) continue;
    const { lines } = elementLines(block, 'single', index === cue ? cueSuffix : '');
    lines.forEach((line, n) => {
      // Inside dialogue only: at a sentence end, or where one spoken element ends and another begins.
      const breakAfter = block.type === 'dialogue' && (line.endsSentence || n === lines.length - 1);
      rows.push({ cells: [{ blockOffset: index - cue, element: block.type, line }], breakAfter });
    });
  }
  const cueBlock = blocks[cue]!;
  const cueText = cueBlock.text + cueSuffix;
  const cueLine = rows[0]!.cells[0]!.line;
  return {
    kind: 'speech',
    firstBlock: cue,
    endBlock: end,
    blankRowsBefore: blankRowsBefore('character', previous),
    rows,
    // A cue with nothing spoken under it is a lone cue: it must not end a page either.
    keepWithNext: end === cue + 1,
    breakBefore: cueBlock.pageBreakBefore === true,
    continuedCue: cueText.includes(CONTD) ? cueText : `${cueText} ${CONTD}`,
    cueColumn: cueLine.column,
    speakerBefore: undefined,
  };
}

function dualUnit(blocks: readonly LayoutBlock[], leftCue: number, leftEnd: number, rightEnd: number, previous: ElementType | undefined): FlowUnit {
  const side = (from: number, to: number, placement: Placement) => {
    const cells: UnitRow['cells'] = [];
    for (let index = from; index < to; index++) {
      const block = blocks[index]!;
      if (!isPrinted(block.type)) continue;
      for (const line of elementLines(block, placement).lines) cells.push({ blockOffset: index - leftCue, element: block.type, line });
    }
    return cells;
  };
  const left = side(leftCue, leftEnd, 'dual-left');
  const right = side(leftEnd, rightEnd, 'dual-right');
  const rows: UnitRow[] = [];
  for (let n = 0; n < Math.max(left.length, right.length); n++) {
    rows.push({ cells: [left[n], right[n]].filter((cell) => cell !== undefined), breakAfter: false });
  }
  return {
    kind: 'dual',
    firstBlock: leftCue,
    endBlock: rightEnd,
    blankRowsBefore: blankRowsBefore('character', previous),
    rows,
    keepWithNext: false,
    breakBefore: blocks[leftCue]!.pageBreakBefore === true,
    speakerBefore: undefined,
  };
}
