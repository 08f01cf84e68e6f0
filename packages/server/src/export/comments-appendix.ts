import { PAPERS, RIGHT_EDGE_COLUMN, wrapText, type ExportedThread, type PagedLine, type Paper, type ScriptPoint, type TextStyle } from '@writersroom/screenplay';

/** The appendix's text takes the action column: 1.5 in from the left edge to the right edge. */
const LEFT_COLUMN = 15;
/** Replies sit this many columns in from their thread. */
const REPLY_INDENT = 4;
export const APPENDIX_HEADING = 'COMMENTS';

interface Line {
  text: string;
  indent: number;
  style: TextStyle;
}

/**
 * The "Comments" appendix printed after the script's last page, laid out on
 * the same grid as the pages (rows of 12 pt, columns of 0.1 in) so the PDF
 * draws it as it draws them: a heading, then each thread with the page its
 * text is on (`pageOf`) or that its text was deleted, the quoted text, and
 * each comment's author, date (UTC, to the minute) and body, replies
 * indented. A thread's header and first comment, and each reply, are kept
 * on one page when they fit on one. Returns one line list per page.
 */
export function layOutCommentsAppendix(threads: readonly ExportedThread[], pageOf: (point: ScriptPoint) => number, paper: Paper): PagedLine[][] {
  const rowsPerPage = PAPERS[paper].bodyRows;
  const pages: PagedLine[][] = [[]];
  let row = 0;
  const place = (chunk: readonly Line[]) => {
    if (row > 0 && row + chunk.length > rowsPerPage && chunk.length <= rowsPerPage) newPage();
    for (const line of chunk) {
      if (row >= rowsPerPage) newPage();
      // A blank line between threads is not needed at the top of a page.
      if (row === 0 && line.text === '') continue;
      if (line.text !== '') pages[pages.length - 1]!.push(pagedLine(line, row));
      row += 1;
    }
  };
  const newPage = () => {
    pages.push([]);
    row = 0;
  };
  place([{ text: APPENDIX_HEADING, indent: 0, style: { bold: true, underline: true } }]);
  for (const thread of threads) {
    const where = thread.anchor === undefined ? 'Deleted text' : `Page ${pageOf(thread.anchor.start)}`;
    const [first, ...replies] = thread.comments;
    place([blank(), ...wrapped(`${where}: \u201c${thread.quote}\u201d`, 0, { bold: true }), ...(first ? commentLines(first, 0) : [])]);
    for (const reply of replies) place(commentLines(reply, REPLY_INDENT));
  }
  return pages;
}

function commentLines(comment: ExportedThread['comments'][number], indent: number): Line[] {
  return [...wrapped(`${comment.author}, ${dateOf(comment.createdAt)}`, indent, { italic: true }), ...wrapped(comment.body.replace(/\r\n?/g, '\n'), indent, {})];
}

function wrapped(text: string, indent: number, style: TextStyle): Line[] {
  const width = RIGHT_EDGE_COLUMN - LEFT_COLUMN - indent;
  return wrapText(text, width).map(({ start, end }) => ({ text: text.slice(start, end), indent, style }));
}

function blank(): Line {
  return { text: '', indent: 0, style: {} };
}

function pagedLine(line: Line, row: number): PagedLine {
  const styles = Object.keys(line.style).length > 0 ? [{ from: 0, to: line.text.length, style: line.style }] : [];
  return { kind: 'text', row, column: LEFT_COLUMN + line.indent, text: line.text, styles };
}

/** `2026-05-01 10:00 UTC`: the same in every reader's time zone, and in every export of an unchanged script. */
function dateOf(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
