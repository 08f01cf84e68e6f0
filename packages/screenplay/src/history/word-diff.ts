import { diffSequences } from './sequence-diff.js';

/** A stretch of an element's text that was kept, taken out or put in. */
export interface WordRun {
  op: 'same' | 'added' | 'removed';
  text: string;
}

// A word (letters, marks, digits, with inner apostrophes: "don't", "O'Neil"), a run of
// whitespace, or a run of anything else (punctuation). Together they cover every character.
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|\s+|[^\p{L}\p{M}\p{N}\s]+/gu;

/** The text cut into words, whitespace runs and punctuation runs; joined, they are the text. */
export function wordTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * How `before` became `after`, word by word, as runs in reading order:
 * same + removed runs spell `before`, same + added runs spell `after`, and
 * no two neighbouring runs share an op. Where words were replaced, the
 * removed run comes before the added one. A kept stretch of bare whitespace
 * between one replacement and the next goes into both ("big red" -> "small
 * blue" rather than four runs around a kept space): it reads as the phrase
 * that was rewritten.
 */
export function diffWords(before: string, after: string): WordRun[] {
  const from = wordTokens(before);
  const to = wordTokens(after);
  const edits = diffSequences(from, to);
  const runs: WordRun[] = [];
  let removed = '';
  let added = '';
  edits.forEach((edit, index) => {
    if (edit.op === 'removed') removed += from[edit.a]!;
    else if (edit.op === 'added') added += to[edit.b]!;
    else if (edits[index - 1]?.op === 'added' && edits[index + 1]?.op === 'removed' && /^\s+$/.test(from[edit.a]!)) {
      removed += from[edit.a]!;
      added += from[edit.a]!;
    } else {
      appendRun(runs, 'removed', removed);
      appendRun(runs, 'added', added);
      appendRun(runs, 'same', from[edit.a]!);
      removed = added = '';
    }
  });
  appendRun(runs, 'removed', removed);
  appendRun(runs, 'added', added);
  return runs;
}

function appendRun(runs: WordRun[], op: WordRun['op'], text: string): void {
  if (text === '') return;
  const last = runs[runs.length - 1];
  if (last !== undefined && last.op === op) last.text += text;
  else runs.push({ op, text });
}
