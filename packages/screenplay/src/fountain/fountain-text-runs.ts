import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { readEmphasis, type EmphasisMark, type MarkedSpan } from './read-fountain-emphasis.js';

/** Marks in the schema's order, so that runs come out as Node.toJSON() writes them. */
const MARK_ORDER: readonly EmphasisMark[] = ['bold', 'italic', 'underline'];

/** The marks of each combination (bit 1 bold, 2 italic, 4 underline), made once: a hostile line can have a million runs. */
const MARKS_OF: ReadonlyArray<ProsemirrorNodeJson['marks']> = Array.from({ length: 8 }, (_, bits) => MARK_ORDER.filter((_, index) => bits & (1 << index)).map((type) => ({ type })));

/**
 * The text nodes of an element from its Fountain lines (markers and
 * escapes still in them): each line read for emphasis, which does not
 * cross a line break, the lines joined by newlines. Unmarked text, most of
 * a script, gathers into one run; empty runs are left out.
 */
export function textRuns(lines: readonly string[]): ProsemirrorNodeJson[] {
  const runs: ProsemirrorNodeJson[] = [];
  let plain = '';
  const flushPlain = () => {
    if (plain !== '') runs.push({ type: 'text', text: plain });
    plain = '';
  };
  lines.forEach((line, index) => {
    if (index > 0) plain += '\n';
    const { text, spans } = readEmphasis(line);
    if (spans.length === 0) {
      plain += text;
      return;
    }
    for (const run of lineRuns(text, spans)) {
      if (run.marks) {
        flushPlain();
        runs.push(run);
      } else plain += run.text!;
    }
  });
  flushPlain();
  return runs;
}

/**
 * The line cut where its marks change: how many spans of each mark open or
 * close at each character, then one sweep (linear, no sorting, whatever
 * the number of spans).
 */
function lineRuns(text: string, spans: readonly MarkedSpan[]): ProsemirrorNodeJson[] {
  const changes: Record<EmphasisMark, Int32Array> = { bold: new Int32Array(text.length + 1), italic: new Int32Array(text.length + 1), underline: new Int32Array(text.length + 1) };
  for (const span of spans) {
    changes[span.mark][span.from]! += 1;
    changes[span.mark][span.to]! -= 1;
  }
  const open: Record<EmphasisMark, number> = { bold: 0, italic: 0, underline: 0 };
  const runs: ProsemirrorNodeJson[] = [];
  let start = 0;
  for (let at = 0; at <= text.length; at++) {
    if (at < text.length && changes.bold[at] === 0 && changes.italic[at] === 0 && changes.underline[at] === 0) continue;
    if (at > start) {
      const bits = (open.bold > 0 ? 1 : 0) | (open.italic > 0 ? 2 : 0) | (open.underline > 0 ? 4 : 0);
      runs.push(bits === 0 ? { type: 'text', text: text.slice(start, at) } : { type: 'text', text: text.slice(start, at), marks: MARKS_OF[bits]! });
    }
    for (const mark of MARK_ORDER) open[mark] += changes[mark][at]!;
    start = at;
  }
  return runs;
}
