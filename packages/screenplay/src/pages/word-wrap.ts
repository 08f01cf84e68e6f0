/** One wrapped line: the characters `[start, end)` of the text it came from. */
export interface WrappedLine {
  start: number;
  end: number;
}

/**
 * Greedy word wrap at `width` characters ([PG6]): each line takes as many
 * whole words as fit. A line breaks at spaces (the spaces at a break belong
 * to no line), after a hyphen, and at a newline (a line break the writer
 * typed); a word longer than the whole width is cut at the width. An empty
 * text is one empty line, so an empty element still takes its row.
 *
 * Counted in UTF-16 code units, as the grid of the page counts characters:
 * Courier has one width for every character it prints.
 */
export function wrapText(text: string, width: number): WrappedLine[] {
  const lines: WrappedLine[] = [];
  let start = 0;
  for (const paragraphEnd of paragraphEnds(text)) {
    wrapParagraph(text, start, paragraphEnd, width, lines);
    start = paragraphEnd + 1;
  }
  return lines;
}

/** The index of each newline, and the text's length (the end of the last paragraph). */
function* paragraphEnds(text: string): Generator<number> {
  let at = text.indexOf('\n');
  while (at !== -1) {
    yield at;
    at = text.indexOf('\n', at + 1);
  }
  yield text.length;
}

function wrapParagraph(text: string, from: number, to: number, width: number, lines: WrappedLine[]): void {
  let start = from;
  while (start < to && text[start] === ' ') start++;
  if (start >= to) {
    lines.push({ start: from, end: from });
    return;
  }
  while (start < to) {
    if (to - start <= width) {
      lines.push({ start, end: trimEnd(text, start, to) });
      return;
    }
    const limit = start + width;
    let breakAt = -1;
    let resumeAt = -1;
    for (let i = limit; i > start; i--) {
      // A space at or before the limit ends the line there; a hyphen inside the line ends it just after itself.
      if (text[i] === ' ') {
        breakAt = i;
        resumeAt = i;
        break;
      }
      if (text[i - 1] === '-' && i - 1 > start && text[i - 2] !== ' ') {
        breakAt = i;
        resumeAt = i;
        break;
      }
    }
    if (breakAt === -1) {
      breakAt = limit;
      resumeAt = limit;
    }
    lines.push({ start, end: trimEnd(text, start, breakAt) });
    start = resumeAt;
    while (start < to && text[start] === ' ') start++;
  }
}

function trimEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start && text[at - 1] === ' ') at--;
  return at;
}
