import { speakerOf } from './flow-units.js';
import type { LayoutBlock } from './layout-block.js';

/** One speaking character, as a cast list or a breakdown counts them. */
export interface CharacterSummary {
  /** The name the cues give, extensions such as `(V.O.)` and `(CONT'D)` aside, in capitals. */
  name: string;
  /** Speeches: cues naming the character. */
  speeches: number;
  /** Scenes the character speaks in (what comes before the first heading counts as one). */
  scenes: number;
  /** The block of the character's first cue. */
  firstCue: number;
}

/**
 * Every character who speaks, most speeches first (then by name): the
 * report writers ask for first, to see who carries the script and who
 * could be cut or merged. A dual-dialogue cue counts like any other.
 */
export function charactersOf(blocks: readonly LayoutBlock[]): CharacterSummary[] {
  const byName = new Map<string, { speeches: number; scenes: Set<number>; firstCue: number }>();
  let scene = 0;
  blocks.forEach((block, index) => {
    if (block.type === 'sceneHeading') scene += 1;
    if (block.type !== 'character') return;
    const name = speakerOf(block.text);
    if (name === '') return;
    let entry = byName.get(name);
    if (!entry) {
      entry = { speeches: 0, scenes: new Set(), firstCue: index };
      byName.set(name, entry);
    }
    entry.speeches += 1;
    entry.scenes.add(scene);
  });
  return [...byName]
    .map(([name, { speeches, scenes, firstCue }]) => ({ name, speeches, scenes: scenes.size, firstCue }))
    .sort((a, b) => b.speeches - a.speeches || a.name.localeCompare(b.name));
}
