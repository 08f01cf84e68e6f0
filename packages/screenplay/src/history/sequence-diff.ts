/**
 * One step of an edit script turning sequence `a` into sequence `b`: an item
 * kept (`a[a]` is `b[b]`), removed from `a`, or added from `b`.
 */
export type SequenceEdit = { op: 'same'; a: number; b: number } | { op: 'removed'; a: number } | { op: 'added'; b: number };

/**
 * A shortest edit script from `a` to `b` (items compared with `===`), by
 * Myers' O(ND) algorithm in its linear-space form ("An O(ND) Difference
 * Algorithm and Its Variations", 1986, §4b): time O((N+M)·D), memory
 * O(N+M), so two near-identical 2,000-item lists cost a few hundred
 * thousand steps, and two unrelated ones still fit in memory. Between two
 * kept items the removals come before the additions, the order a reader
 * expects of a replacement.
 */
export function diffSequences<T>(a: readonly T[], b: readonly T[]): SequenceEdit[] {
  const matched: Matches = { a: [], b: [] };
  matchRange(a, 0, a.length, b, 0, b.length, matched);
  return editsOf(matched, a.length, b.length);
}

/** Indices of the kept items, in increasing order in both sequences. */
interface Matches {
  a: number[];
  b: number[];
}

/** The diagonal run of equal items the middle snake search found: `a[x0..x1)` equals `b[y0..y1)`. */
interface Snake {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function matchRange<T>(a: readonly T[], aLo: number, aHi: number, b: readonly T[], bLo: number, bHi: number, out: Matches): void {
  let prefix = 0;
  while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] === b[bLo + prefix]) prefix++;
  let suffix = 0;
  while (aHi - suffix > aLo + prefix && bHi - suffix > bLo + prefix && a[aHi - suffix - 1] === b[bHi - suffix - 1]) suffix++;
  pushRun(out, aLo, bLo, prefix);
  const from = { a: aLo + prefix, b: bLo + prefix };
  const to = { a: aHi - suffix, b: bHi - suffix };
  // Trimmed, a non-empty range on both sides differs at both ends, so its
  // distance is at least 2 and both halves around the middle snake are smaller.
  if (from.a < to.a && from.b < to.b) {
    const snake = middleSnake(a, from.a, to.a, b, from.b, to.b);
    matchRange(a, from.a, from.a + snake.x0, b, from.b, from.b + snake.y0, out);
    pushRun(out, from.a + snake.x0, from.b + snake.y0, snake.x1 - snake.x0);
    matchRange(a, from.a + snake.x1, to.a, b, from.b + snake.y1, to.b, out);
  }
  pushRun(out, to.a, to.b, suffix);
}

function pushRun(out: Matches, a: number, b: number, length: number): void {
  for (let i = 0; i < length; i++) {
    out.a.push(a + i);
    out.b.push(b + i);
  }
}

/**
 * Runs the furthest-reaching paths from both corners of the edit graph of
 * `a[aLo..aHi)` and `b[bLo..bHi)` until they overlap, and returns the snake
 * where they met (coordinates relative to `aLo`, `bLo`). Diagonal k holds the
 * points with x - y = k; `forward[k]` is the largest x a forward path of d
 * edits reaches on it, `backward[c]` the smallest x a backward path of d edits
 * reaches on diagonal `c + delta`.
 */
function middleSnake<T>(a: readonly T[], aLo: number, aHi: number, b: readonly T[], bLo: number, bHi: number): Snake {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const maxD = Math.ceil((n + m) / 2);
  const offset = maxD + 1;
  const forward = new Int32Array(2 * offset + 1);
  const backward = new Int32Array(2 * offset + 1);
  forward[offset + 1] = 0;
  backward[offset + 1] = n + 1;
  for (let d = 0; d <= maxD; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && forward[offset + k - 1]! < forward[offset + k + 1]!);
      const x0 = down ? forward[offset + k + 1]! : forward[offset + k - 1]! + 1;
      const y0 = x0 - k;
      let x = x0;
      while (x < n && x - k < m && a[aLo + x] === b[bLo + x - k]) x++;
      forward[offset + k] = x;
      const c = k - delta;
      if (odd && c >= -(d - 1) && c <= d - 1 && x >= backward[offset + c]!) return { x0, y0, x1: x, y1: x - k };
    }
    for (let c = -d; c <= d; c += 2) {
      const left = c === -d || (c !== d && backward[offset + c + 1]! - 1 < backward[offset + c - 1]!);
      const x1 = left ? backward[offset + c + 1]! - 1 : backward[offset + c - 1]!;
      const k = c + delta;
      const y1 = x1 - k;
      let x = x1;
      while (x > 0 && x - k > 0 && a[aLo + x - 1] === b[bLo + x - k - 1]) x--;
      backward[offset + c] = x;
      if (!odd && k >= -d && k <= d && x <= forward[offset + k]!) return { x0: x, y0: x - k, x1, y1 };
    }
  }
  throw new Error('BUG: the forward and backward paths of a diff never met');
}

function editsOf(matched: Matches, aLength: number, bLength: number): SequenceEdit[] {
  const edits: SequenceEdit[] = [];
  let i = 0;
  let j = 0;
  for (let index = 0; index <= matched.a.length; index++) {
    const nextA = matched.a[index] ?? aLength;
    const nextB = matched.b[index] ?? bLength;
    for (; i < nextA; i++) edits.push({ op: 'removed', a: i });
    for (; j < nextB; j++) edits.push({ op: 'added', b: j });
    if (index < matched.a.length) edits.push({ op: 'same', a: i++, b: j++ });
  }
  return edits;
}
