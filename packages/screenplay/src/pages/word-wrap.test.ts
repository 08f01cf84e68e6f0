import { describe, expect, it } from 'vitest';
import { wrapText } from './word-wrap.js';

const lines = (text: string, width: number) => wrapText(text, width).map(({ start, end }) => text.slice(start, end));

describe('word wrap', () => {
  it('[PG6] fills each line with as many whole words as fit, the spaces at a break on no line', () => {
    expect(lines('Rain hammers the window of the kitchen', 16)).toEqual(['Rain hammers the', 'window of the', 'kitchen']);
    expect(lines('exactly sixteen!', 16)).toEqual(['exactly sixteen!']);
  });

  it('[PG6] breaks after a hyphen inside a word, never after a leading dash', () => {
    expect(lines('a well-known face here', 9)).toEqual(['a well-', 'known', 'face here']);
    expect(lines('wait -- no', 6)).toEqual(['wait', '-- no']);
  });

  it('[PG6] cuts a word longer than the whole width at the width, and honours typed line breaks', () => {
    expect(lines('Aaaaaaaaaaaaaaaaaaaaaa!', 10)).toEqual(['Aaaaaaaaaa', 'aaaaaaaaaa', 'aa!']);
    expect(lines('first line\nsecond', 40)).toEqual(['first line', 'second']);
  });

  it('[PG6] gives an empty text one empty line, so an empty element keeps its row', () => {
    expect(lines('', 10)).toEqual(['']);
    expect(lines('   ', 10)).toEqual(['']);
  });
});
