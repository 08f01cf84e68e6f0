import { describe, expect, test } from 'vitest';
import { findMatches, type FindQuery, type SearchedElement } from './find-matches.js';

const query = (text: string, options: Partial<FindQuery> = {}): FindQuery => ({ text, matchCase: false, wholeWord: false, within: null, ...options });
const action = (text: string): SearchedElement => ({ type: 'action', text });

describe('findMatches', () => {
  test('ignores case unless asked to match it, in any script', () => {
    const elements = [action('Juno waves. JUNO! juno?'), action('Ärger über ÄRGER')];
    expect(findMatches(elements, query('juno'))).toHaveLength(3);
    expect(findMatches(elements, query('juno', { matchCase: true }))).toEqual([{ element: 0, from: 18, to: 22 }]);
    expect(findMatches(elements, query('ärger'))).toEqual([
      { element: 1, from: 0, to: 5 },
      { element: 1, from: 11, to: 16 },
    ]);
  });

  test('a whole word stops at punctuation and spaces but not at letters of any alphabet', () => {
    // Fails with \w as the word character (ASCII only): Лена would match inside Ленам, JO before É.
    const elements = [action("JO's coat. JOE and JO, (JO) JO-JO JOÉ JO2 _JO"), action('Лена Ленам Лена.')];
    // JO's, JO, (JO) and JO-JO twice; JOE, JOÉ, JO2 and _JO continue a word.
    expect(findMatches(elements, query('JO', { wholeWord: true })).filter((match) => match.element === 0)).toHaveLength(5);
    expect(findMatches(elements, query('Лена', { wholeWord: true }))).toEqual([
      { element: 1, from: 0, to: 4 },
      { element: 1, from: 11, to: 15 },
    ]);
  });

  test('only elements of the chosen type are searched', () => {
    const elements: SearchedElement[] = [
      { type: 'character', text: 'JUNO' },
      { type: 'dialogue', text: 'Juno, wait.' },
      action('Juno runs.'),
      { type: 'character', text: 'JUNO (V.O.)' },
    ];
    expect(findMatches(elements, query('juno', { within: 'character' })).map((match) => match.element)).toEqual([0, 3]);
    expect(findMatches(elements, query('juno'))).toHaveLength(4);
  });

  test('overlapping occurrences are found once each, left to right, as Replace all rewrites them', () => {
    expect(findMatches([action('aaaa'), action('aaa')], query('aa'))).toEqual([
      { element: 0, from: 0, to: 2 },
      { element: 0, from: 2, to: 4 },
      { element: 1, from: 0, to: 2 },
    ]);
  });

  test('the query is literal text, never a pattern, and an empty query finds nothing', () => {
    expect(findMatches([action('Beat. (beat) b.a.t [x]')], query('(beat)'))).toEqual([{ element: 0, from: 6, to: 12 }]);
    expect(findMatches([action('b.a.t bxaxt')], query('b.a.t'))).toHaveLength(1);
    expect(findMatches([action('[x] x')], query('[x]'))).toHaveLength(1);
    expect(findMatches([action('anything')], query(''))).toEqual([]);
  });
});
