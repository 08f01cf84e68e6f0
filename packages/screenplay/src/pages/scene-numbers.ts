/**
 * Scene numbers for a script's headings, in order ([PG13]).
 *
 * Unlocked, the headings are numbered 1, 2, 3… whatever they held. Locked,
 * as a production does once a script is scheduled, every numbered heading
 * keeps its number and the new ones fit between: after `2` come `2A`, `2B`…,
 * after `2A` comes `2B` (or `2AA` when `2B` is taken already), and before the
 * first numbered scene come `A1`, `B1`…. A script with no numbered scene
 * numbers as if unlocked.
 *
 * @param current each heading's number, undefined for none.
 */
export function numberScenes(current: ReadonlyArray<string | undefined>, options: { lock: boolean }): string[] {
  if (!options.lock || current.every((number) => number === undefined)) return current.map((_, index) => String(index + 1));
  const taken = new Set(current.filter((number): number is string => number !== undefined));
  const numbers: string[] = [];
  const firstNumbered = current.findIndex((number) => number !== undefined);
  let previous: string | undefined;
  current.forEach((number, index) => {
    if (number !== undefined) {
      numbers.push(number);
      previous = number;
      return;
    }
    const next = previous === undefined ? beforeFirst(current[firstNumbered]!, index, taken) : after(previous, taken);
    taken.add(next);
    numbers.push(next);
    previous = next;
  });
  return numbers;
}

/** The number after `number` for an inserted scene: its last letter moved on, or a letter added. */
function after(number: string, taken: ReadonlySet<string>): string {
  const letters = /[A-Z]+$/.exec(number)?.[0] ?? '';
  let candidate = letters === '' ? `${number}A` : `${number.slice(0, -1)}${nextLetter(letters.at(-1)!)}`;
  // 2A then 2B already taken: the insert between is 2AA.
  if (candidate.endsWith('[') || taken.has(candidate)) candidate = `${number}A`;
  while (taken.has(candidate)) candidate = `${candidate.slice(0, -1)}${nextLetter(candidate.at(-1)!)}`;
  return candidate;
}

/** Scenes before the first numbered one: A1, B1… for a first scene numbered 1. */
function beforeFirst(first: string, index: number, taken: ReadonlySet<string>): string {
  let letter = String.fromCharCode('A'.charCodeAt(0) + (index % 26));
  let candidate = `${letter}${first}`;
  while (taken.has(candidate)) {
    letter = nextLetter(letter);
    candidate = `${letter}${first}`;
  }
  return candidate;
}

function nextLetter(letter: string): string {
  return String.fromCharCode(letter.charCodeAt(0) + 1);
}
