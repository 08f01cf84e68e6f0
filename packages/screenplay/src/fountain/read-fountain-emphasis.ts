import { ASCII_PUNCTUATION } from './fountain-emphasis.js';

export type EmphasisMark = 'bold' | 'italic' | 'underline';

/** Characters `[from, to)` of a line's printed text carrying `mark`. */
export interface MarkedSpan {
  from: number;
  to: number;
  mark: EmphasisMark;
}

/** A line as a Fountain reader prints it: markers and escapes resolved. */
export interface ReadLine {
  text: string;
  spans: MarkedSpan[];
}

/** A run of `*` or `_` and what became of its characters. */
interface Delimiter {
  char: '*' | '_';
  length: number;
  canOpen: boolean;
  canClose: boolean;
  /** Characters from its left that closed emphasis. */
  closing: number;
  /** Characters from its right that opened emphasis which was closed. */
  opening: number;
  /** Characters still waiting for a closer while it is on the stack. */
  open: number;
  /** Where it starts and ends in the printed text, its unused characters printed between. */
  start: number;
  end: number;
}

interface Pair {
  opener: Delimiter;
  closer: Delimiter;
  mark: readonly EmphasisMark[];
}

/** What a line needs to hold for anything in it to be markup rather than text (most lines hold none). */
const MARKUP = /[*_\\]/;

const ASTERISK_MARKS: Readonly<Record<number, readonly EmphasisMark[]>> = { 1: ['italic'], 2: ['bold'], 3: ['bold', 'italic'] };
const UNDERLINE: readonly EmphasisMark[] = ['underline'];

/**
 * One line of Fountain as it prints, the way Fountain takes emphasis from
 * Markdown: `*italic*`, `**bold**`, `***bold italic***`, `_underline_`,
 * nested in any order, and a backslash before ASCII punctuation printing
 * that character as it is (`\*`). A marker opens only before a non-space
 * and closes only after one; `_` only at the edge of a word, so that
 * `file_name` keeps its underscore. A closer closes the nearest opener of
 * its character, a run of asterisks closing as many as it holds (`****`
 * between two words closes an italic and opens a bold italic); markers left
 * unmatched print as they are.
 *
 * Linear in the line's length, whatever the line (a hostile megabyte of
 * `*` included): no regular expression runs over the line, and each opener
 * is stacked and unstacked once.
 */
export function readEmphasis(line: string): ReadLine {
  if (!MARKUP.test(line)) return { text: line, spans: [] };
  const tokens = tokenize(line);
  const pairs = matchDelimiters(tokens);
  let text = '';
  for (const token of tokens) {
    if (typeof token === 'string') {
      text += token;
      continue;
    }
    token.start = text.length;
    text += token.char.repeat(token.length - token.closing - token.opening);
    token.end = text.length;
  }
  const spans: MarkedSpan[] = [];
  for (const { opener, closer, mark } of pairs) {
    if (closer.start > opener.end) for (const one of mark) spans.push({ from: opener.end, to: closer.start, mark: one });
  }
  return { text, spans };
}

function tokenize(line: string): Array<string | Delimiter> {
  const tokens: Array<string | Delimiter> = [];
  let literal = '';
  let from = 0;
  for (let i = 0; i < line.length; ) {
    const character = line[i]!;
    if (character === '\\' && i + 1 < line.length && ASCII_PUNCTUATION.test(line[i + 1]!)) {
      literal += line.slice(from, i) + line[i + 1]!;
      i += 2;
      from = i;
      continue;
    }
    if (character !== '*' && character !== '_') {
      i += 1;
      continue;
    }
    let end = i;
    while (line[end] === character) end++;
    literal += line.slice(from, i);
    if (literal !== '') tokens.push(literal);
    literal = '';
    tokens.push(delimiter(character, end - i, line[i - 1], line[end]));
    i = end;
    from = end;
  }
  literal += line.slice(from);
  if (literal !== '') tokens.push(literal);
  return tokens;
}

const SPACE = /\s/;
const WORD = /[\p{L}\p{N}]/u;

function delimiter(char: '*' | '_', length: number, before: string | undefined, after: string | undefined): Delimiter {
  let canOpen = after !== undefined && !SPACE.test(after);
  let canClose = before !== undefined && !SPACE.test(before);
  if (char === '_') {
    canOpen &&= before === undefined || !WORD.test(before);
    canClose &&= after === undefined || !WORD.test(after);
  }
  return { char, length, canOpen, canClose, closing: 0, opening: 0, open: 0, start: 0, end: 0 };
}

/**
 * Pairs closers with openers on one stack. Per-character lists of stack
 * positions find the nearest opener of a character without walking past
 * the other's; openers above a matched one are left unmatched (emphasis
 * nests, it does not overlap).
 */
function matchDelimiters(tokens: ReadonlyArray<string | Delimiter>): Pair[] {
  const stack: Delimiter[] = [];
  const positions: Record<'*' | '_', number[]> = { '*': [], _: [] };
  const pairs: Pair[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') continue;
    let available = token.length;
    while (token.canClose && available > 0 && positions[token.char].length > 0) {
      const at = positions[token.char][positions[token.char].length - 1]!;
      const opener = stack[at]!;
      const used = Math.min(available, opener.open, 3);
      pairs.push({ opener, closer: token, mark: token.char === '_' ? UNDERLINE : ASTERISK_MARKS[used]! });
      opener.open -= used;
      opener.opening += used;
      token.closing += used;
      available -= used;
      stack.length = opener.open > 0 ? at + 1 : at;
      for (const list of [positions['*'], positions._]) while (list.length > 0 && list[list.length - 1]! >= stack.length) list.pop();
    }
    if (available > 0 && token.canOpen) {
      token.open = available;
      positions[token.char].push(stack.length);
      stack.push(token);
    }
  }
  return pairs;
}
