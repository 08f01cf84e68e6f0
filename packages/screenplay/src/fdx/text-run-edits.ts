import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';

/** `runs` in capitals, marks kept, and whether that changed any. */
export function upperCaseRuns(runs: readonly ProsemirrorNodeJson[]): { runs: ProsemirrorNodeJson[]; changed: boolean } {
  let changed = false;
  const upper = runs.map((run) => {
    const text = (run.text ?? '').toUpperCase();
    if (text === run.text) return run;
    changed = true;
    return { ...run, text };
  });
  return { runs: upper, changed };
}

/**
 * A parenthetical's runs without the parentheses around them: Final Draft
 * stores `(beat)`, WritersRoom stores `beat` and prints the parentheses
 * (PAGINATION.md [PG15]), as its editor does when `(` is typed. Only an
 * opening `(` at the start and a closing `)` at the end go, with any
 * blanks outside them; text not wholly in parentheses is left as it is.
 * `(beat) (smiles)` becomes `beat) (smiles`, which prints as it was.
 */
export function withoutOuterParentheses(runs: readonly ProsemirrorNodeJson[]): ProsemirrorNodeJson[] {
  const text = runs.map((run) => run.text ?? '').join('');
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (end - start < 2 || text[start] !== '(' || text[end - 1] !== ')') return [...runs];
  return sliceRuns(runs, start + 1, end - 1);
}

/** The characters `[from, to)` of the runs' joined text, each keeping its run's marks; empty runs left out. */
function sliceRuns(runs: readonly ProsemirrorNodeJson[], from: number, to: number): ProsemirrorNodeJson[] {
  const sliced: ProsemirrorNodeJson[] = [];
  let offset = 0;
  for (const run of runs) {
    const text = run.text ?? '';
    const part = text.slice(Math.max(0, from - offset), Math.max(0, to - offset));
    if (part !== '') sliced.push({ ...run, text: part });
    offset += text.length;
  }
  return sliced;
}
