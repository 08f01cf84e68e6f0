import { describe, expect, it } from 'vitest';
import type { ElementType } from '../element-types.js';
import { charactersOf } from './characters.js';
import type { LayoutBlock } from './layout-block.js';

const block = (type: ElementType, text: string): LayoutBlock => ({ type, text, styles: [] });

describe('charactersOf', () => {
  it('counts speeches and scenes per character, extensions aside, most speeches first', () => {
    const report = charactersOf([
      block('character', 'NARRATOR (V.O.)'),
      block('dialogue', 'Once.'),
      block('sceneHeading', 'INT. A - DAY'),
      block('character', 'MARA'),
      block('dialogue', 'One.'),
      block('character', 'Ben'),
      block('dialogue', 'Two.'),
      block('character', "MARA (CONT'D)"),
      block('dialogue', 'Three.'),
      block('sceneHeading', 'INT. B - DAY'),
      block('character', 'MARA (O.S.)'),
      block('dialogue', 'Four.'),
      block('character', '   '),
    ]);
    // Fails if extensions are kept in the name (MARA (CONT'D) would be a character of its own) or scenes are not told apart.
    expect(report).toEqual([
      { name: 'MARA', speeches: 3, scenes: 2, firstCue: 3 },
      { name: 'BEN', speeches: 1, scenes: 1, firstCue: 5 },
      { name: 'NARRATOR', speeches: 1, scenes: 1, firstCue: 0 },
    ]);
  });
});
