import { describe, expect, it } from 'vitest';
import { numberScenes } from './scene-numbers.js';

describe('scene numbering', () => {
  it('[PG13] numbers every scene 1, 2, 3… when not locked, whatever they held', () => {
    expect(numberScenes([undefined, '7', undefined], { lock: false })).toEqual(['1', '2', '3']);
  });

  it('[PG13] locked: keeps every number and gives a scene inserted between 2 and 3 the number 2A', () => {
    const first = numberScenes([undefined, undefined, undefined], { lock: true });
    expect(first).toEqual(['1', '2', '3']);
    const inserted = [first[0], first[1], undefined, first[2]];
    expect(numberScenes(inserted, { lock: true })).toEqual(['1', '2', '2A', '3']);
    expect(numberScenes(['1', '2', '2A', undefined, '3'], { lock: true })).toEqual(['1', '2', '2A', '2B', '3']);
    expect(numberScenes(['1', '2', undefined, undefined, '3'], { lock: true })).toEqual(['1', '2', '2A', '2B', '3']);
  });

  it('[PG13] locked: fits an insert between 2A and 2B as 2AA, and one before scene 1 as A1', () => {
    expect(numberScenes(['2', '2A', undefined, '2B'], { lock: true })).toEqual(['2', '2A', '2AA', '2B']);
    expect(numberScenes([undefined, '1', '2'], { lock: true })).toEqual(['A1', '1', '2']);
  });
});
