import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences, type SequenceEdit } from './sequence-diff.js';

/** The length of a longest common subsequence, by the quadratic table: the yardstick the fast diff must meet. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const item of a) {
    const row = [0];
    for (let j = 0; j < b.length; j++) row.push(item === b[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, row[j]!));
    previous = row;
  }
  return previous[b.length]!;
}

function replay(edits: readonly SequenceEdit[], a: readonly string[], b: readonly string[]): { from: string[]; to: string[] } {
  const from: string[] = [];
  const to: string[] = [];
  for (const edit of edits) {
    if (edit.op !== 'added') from.push(a[edit.a]!);
    if (edit.op !== 'removed') to.push(b[edit.b]!);
    if (edit.op === 'same') expect(a[edit.a]).toBe(b[edit.b]);
  }
  return { from, to };
}

// A small alphabet makes many repeats, where a diff goes wrong.
const sequence = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 });

describe('diffSequences', () => {
  // Broken on purpose: with the forward step taking the less far-reaching neighbour diagonal
  // (`forward[k - 1] > forward[k + 1]`), this failed on ['a','c','a'] / ['c','b','d','a'].
  it('keeps as many items as a longest common subsequence has', () => {
    fc.assert(
      fc.property(sequence, sequence, (a, b) => {
        const kept = diffSequences(a, b).filter((edit) => edit.op === 'same').length;
        expect(kept).toBe(lcsLength(a, b));
      }),
      { numRuns: 500 },
    );
  });

  // Broken on purpose: with the backward overlap test strict (`x < forward[k]`) the two paths never met on
  // ['a'] / ['b'] and this failed.
  it('replays into both sequences, each index once and in order', () => {
    fc.assert(
      fc.property(sequence, sequence, (a, b) => {
        expect(replay(diffSequences(a, b), a, b)).toEqual({ from: a, to: b });
      }),
      { numRuns: 500 },
    );
  });

  // Broken on purpose: with editsOf pushing additions first, this failed.
  it('puts the removals of a replacement before its additions', () => {
    expect(diffSequences(['x', 'a', 'y'], ['x', 'b', 'y'])).toEqual([
      { op: 'same', a: 0, b: 0 },
      { op: 'removed', a: 1 },
      { op: 'added', b: 1 },
      { op: 'same', a: 2, b: 2 },
    ]);
  });

  // The worst case, D = N + M: a diff keeping every step's diagonals would hold D² of them.
  it('diffs two unrelated lists of thousands of items', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`);
    expect(diffSequences(a, b).length).toBe(6000);
  });
});
