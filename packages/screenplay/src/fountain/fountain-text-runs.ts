import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { readEmphasis, type EmphasisMark, type MarkedSpan } from './read-fountain-emphasis.js';

/** Marks in the schema's order, so that runs come out as Node.toJSON() writes them. */
const MARK_ORDER: readonly EmphasisMark[] = ['bold', 'italic', 'underline'];

/**
 * The text nodes of an element from its Fountain lines (markers and
 * escapes still in them): each line read for emphasis, which does not
 * cross a line break, the lines joined by newlines. Empty runs are left out.
 */
export function textRuns(lines: readonly string[]): ProsemirrorNodeJson[] {
  const runs: ProsemirrorNodeJson[] = [];
  lines.forEach((line, index) => {
    if (index > 0) runs.push({ type: 'text', text: '\n' });
    const { text, spans } = readEmphasis(line);
    runs.push(...lineRuns(text, spans));
  });
  return joinNeighbours(runs.filter((run) => run.text !== ''));
}

/** The line cut where its marks change: a sweep over the span edges, counting the spans of each mark open there. */
function lineRuns(text: string, spans: readonly MarkedSpan[]): ProsemirrorNodeJson[] {
  if (spans.length === 0) return [{ type: 'text', text }];
  const changes = new Map<number, Array<[EmphasisMark, number]>>();
  const change = (at: number, mark: EmphasisMark, by: number) => {
    const list = changes.get(at);
    if (list) list.push([mark, by]);
    else changes.set(at, [[mark, by]]);
  };
  for (const span of spans) {
    change(span.from, span.mark, 1);
    change(span.to, span.mark, -1);
  }
  const edges = [...new Set([0, text.length, ...changes.keys()])].sort((a, b) => a - b);
  const open: Record<EmphasisMark, number> = { bold: 0, italic: 0, underline: 0 };
  const runs: ProsemirrorNodeJson[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const [from, to] = [edges[i]!, edges[i + 1]!];
    for (const [mark, by] of changes.get(from) ?? []) open[mark] += by;
    const marks = MARK_ORDER.filter((mark) => open[mark] > 0);
    const run: ProsemirrorNodeJson = { type: 'text', text: text.slice(from, to) };
    if (marks.length > 0) run.marks = marks.map((type) => ({ type }));
    runs.push(run);
  }
  return runs;
}

/** Neighbouring runs with the same marks as one, as ProseMirror keeps them. */
function joinNeighbours(runs: readonly ProsemirrorNodeJson[]): ProsemirrorNodeJson[] {
  const joined: ProsemirrorNodeJson[] = [];
  for (const run of runs) {
    const previous = joined[joined.length - 1];
    if (previous && markNames(previous) === markNames(run)) previous.text += run.text!;
    else joined.push({ ...run });
  }
  return joined;
}

function markNames(run: ProsemirrorNodeJson): string {
  return (run.marks ?? []).map((mark) => mark.type).join('+');
}
