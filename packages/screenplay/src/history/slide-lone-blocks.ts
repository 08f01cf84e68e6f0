import type { SequenceEdit } from './sequence-diff.js';

type Side = 'a' | 'b';

/**
 * Where a block of only additions (or only removals) is shown, when the
 * items around it repeat. Inserting "JOHN / Hello." between "JOHN / Hi."
 * and "JOHN / Bye." has two shortest edit scripts: `+JOHN +Hello.` after
 * "Hi." or `+Hello. +JOHN` after the second cue; a diff picks either. Each
 * block with kept items on both sides slides over the equal items around
 * it to the first place where it starts with an item for which `opensUnit`
 * is true (a scene heading or a cue: where a writer's insertion begins),
 * or else as high as it can go. Only where the block shows changes, never
 * what it matches: the script stays a shortest one. `edits` is rewritten in
 * place; `keys` are what the diff compared.
 */
export function slideLoneBlocks(
  edits: SequenceEdit[],
  keys: Readonly<Record<Side, readonly string[]>>,
  opensUnit: Readonly<Record<Side, (index: number) => boolean>>,
): void {
  let start = 0;
  while (start < edits.length) {
    const op = edits[start]!.op;
    let end = start;
    while (end < edits.length && edits[end]!.op === op) end++;
    const lone = op !== 'same' && isKept(edits[start - 1]) && isKept(edits[end]) && (start > 0 || end < edits.length);
    start = lone ? slideBlock(edits, start, end, op === 'added' ? 'b' : 'a', keys, opensUnit) : end;
  }
}

function isKept(edit: SequenceEdit | undefined): boolean {
  return edit === undefined || edit.op === 'same';
}

/** Moves the block `edits[start..end)` on `side`; returns where scanning goes on. */
function slideBlock(
  edits: SequenceEdit[],
  start: number,
  end: number,
  side: Side,
  keys: Readonly<Record<Side, readonly string[]>>,
  opensUnit: Readonly<Record<Side, (index: number) => boolean>>,
): number {
  const key = keys[side];
  const length = end - start;
  const first = indexOn(edits[start]!, side);
  let up = 0;
  while (start - up > 0 && edits[start - 1 - up]!.op === 'same' && key[first - 1 - up] === key[first + length - 1 - up]) up++;
  let down = 0;
  while (end + down < edits.length && edits[end + down]!.op === 'same' && key[first + down] === key[first + length + down]) down++;
  if (up === 0 && down === 0) return end;
  let chosen = first - up;
  while (chosen < first + down && !opensUnit[side](chosen)) chosen++;
  if (!opensUnit[side](chosen)) chosen = first - up;
  // The kept items around a lone block are consecutive on the other side as well.
  let other = (start > 0 ? indexOn(edits[start - 1]!, otherSide(side)) + 1 : 0) - up;
  let at = start - up;
  for (let index = first - up; index < first + length + down; index++) {
    const inBlock = index >= chosen && index < chosen + length;
    edits[at++] = inBlock ? changeAt(side, index) : keptAt(side, index, other++);
  }
  return end + down;
}

function otherSide(side: Side): Side {
  return side === 'a' ? 'b' : 'a';
}

function indexOn(edit: SequenceEdit, side: Side): number {
  if (side === 'a') {
    if (edit.op === 'added') throw new Error('BUG: an addition has no index in the old sequence');
    return edit.a;
  }
  if (edit.op === 'removed') throw new Error('BUG: a removal has no index in the new sequence');
  return edit.b;
}

function changeAt(side: Side, index: number): SequenceEdit {
  return side === 'a' ? { op: 'removed', a: index } : { op: 'added', b: index };
}

function keptAt(side: Side, index: number, other: number): SequenceEdit {
  return side === 'a' ? { op: 'same', a: index, b: other } : { op: 'same', a: other, b: index };
}
