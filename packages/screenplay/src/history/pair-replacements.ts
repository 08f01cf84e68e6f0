import { wordTokens } from './word-diff.js';

/** An element as compared: its type and its plain text. */
export interface ComparableElement {
  type: string;
  text: string;
}

/** One step of a replaced run, in reading order; indices are into its removed and added lists. */
export type ReplacementStep =
  | { kind: 'removed'; removed: number }
  | { kind: 'added'; added: number }
  | { kind: 'changed'; removed: number; added: number };

/**
 * Above this many removed × added pairs a run is shown as removals and
 * additions without pairing: the table costs time and memory in their
 * product, and a run that large is a rewrite, not an edit of lines.
 */
const MAX_PAIRED_CELLS = 250 * 250;

/** Word overlap (Dice's coefficient on words) from which elements of different types count as one element changed. */
const RETYPED_OVERLAP = 0.5;

/**
 * Which elements of a replaced run (elements removed and added between two
 * kept ones) are the same element changed: a pair is allowed when the two
 * have the same type or share at least half their words, and the pairs
 * chosen are the non-crossing set with the most similarity (a table over
 * removed × added, so order is kept). What is left stays removed or added.
 * Steps come in reading order, removals before additions between pairs.
 */
export function pairReplacements(removed: readonly ComparableElement[], added: readonly ComparableElement[]): ReplacementStep[] {
  const pairs = removed.length * added.length <= MAX_PAIRED_CELLS ? bestPairs(removed, added) : [];
  const steps: ReplacementStep[] = [];
  let r = 0;
  let a = 0;
  const unpairedUpTo = (removedEnd: number, addedEnd: number): void => {
    for (; r < removedEnd; r++) steps.push({ kind: 'removed', removed: r });
    for (; a < addedEnd; a++) steps.push({ kind: 'added', added: a });
  };
  for (const [pairedRemoved, pairedAdded] of pairs) {
    unpairedUpTo(pairedRemoved, pairedAdded);
    steps.push({ kind: 'changed', removed: r++, added: a++ });
  }
  unpairedUpTo(removed.length, added.length);
  return steps;
}

function bestPairs(removed: readonly ComparableElement[], added: readonly ComparableElement[]): Array<readonly [number, number]> {
  const width = added.length + 1;
  // best[i * width + j]: the most similarity pairing removed[0..i) with added[0..j) can have.
  const best = new Float64Array((removed.length + 1) * width);
  const addedWords = added.map(wordCounts);
  for (let i = 1; i <= removed.length; i++) {
    const words = wordCounts(removed[i - 1]!);
    for (let j = 1; j <= added.length; j++) {
      const score = similarity(removed[i - 1]!, words, added[j - 1]!, addedWords[j - 1]!);
      const paired = score > 0 ? best[(i - 1) * width + j - 1]! + score : 0;
      best[i * width + j] = Math.max(best[(i - 1) * width + j]!, best[i * width + j - 1]!, paired);
    }
  }
  const pairs: Array<readonly [number, number]> = [];
  for (let i = removed.length, j = added.length; i > 0 && j > 0; ) {
    const here = best[i * width + j]!;
    if (here === best[(i - 1) * width + j]) i--;
    else if (here === best[i * width + j - 1]) j--;
    else pairs.push([--i, --j]);
  }
  return pairs.reverse();
}

interface WordCounts {
  counts: Map<string, number>;
  total: number;
}

function wordCounts(element: ComparableElement): WordCounts {
  const counts = new Map<string, number>();
  let total = 0;
  for (const token of wordTokens(element.text.toLowerCase())) {
    if (/^\s/.test(token)) continue;
    counts.set(token, (counts.get(token) ?? 0) + 1);
    total++;
  }
  return { counts, total };
}

/** 0 when the two may not be paired; otherwise word overlap in [0, 1], plus 1 for keeping the type. */
function similarity(before: ComparableElement, beforeWords: WordCounts, after: ComparableElement, afterWords: WordCounts): number {
  let shared = 0;
  for (const [word, count] of afterWords.counts) shared += Math.min(count, beforeWords.counts.get(word) ?? 0);
  const total = beforeWords.total + afterWords.total;
  // Two empty elements of the same type are the same element; of different types, wholly alike in words.
  const overlap = total === 0 ? 1 : (2 * shared) / total;
  if (before.type === after.type) return 1 + overlap;
  return overlap >= RETYPED_OVERLAP ? overlap : 0;
}
