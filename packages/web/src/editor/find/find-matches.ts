import type { ElementType } from '@writersroom/screenplay';

/** What the find panel asks for. `within` null searches every element. */
export interface FindQuery {
  text: string;
  matchCase: boolean;
  /** The match must not continue a word on either side: letters and digits of any script count as word characters. */
  wholeWord: boolean;
  within: ElementType | null;
}

/** One element of the script as searched: its type and its text. */
export interface SearchedElement {
  type: ElementType | null;
  text: string;
}

/** A match: the index of its element and the UTF-16 offsets of its text in that element. */
export interface TextMatch {
  element: number;
  from: number;
  to: number;
}

// Letters, combining marks and digits of every script, and the underscore, as the editor's words are made of.
const WORD = '[\\p{L}\\p{M}\\p{N}_]';

/**
 * Every match of the query, in reading order. Matches never overlap: the
 * search goes on after the end of each one (as Replace all rewrites them),
 * so "aa" is found once in "aaa". A match never spans two elements. An empty
 * query finds nothing.
 */
export function findMatches(elements: readonly SearchedElement[], query: FindQuery): TextMatch[] {
  if (query.text === '') return [];
  const pattern = patternOf(query);
  const matches: TextMatch[] = [];
  elements.forEach(({ type, text }, element) => {
    if (query.within !== null && type !== query.within) return;
    for (const found of text.matchAll(pattern)) matches.push({ element, from: found.index, to: found.index + found[0].length });
  });
  return matches;
}

function patternOf({ text, matchCase, wholeWord }: FindQuery): RegExp {
  const literal = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = wholeWord ? `(?<!${WORD})${literal}(?!${WORD})` : literal;
  return new RegExp(source, matchCase ? 'gu' : 'giu');
}
