import {
  DOCUMENT_FRAGMENT,
  prosemirrorToContentBlocks,
  readProsemirrorFromFragment,
  type ContentBlock,
} from '@writersroom/screenplay';
import * as Y from 'yjs';

/** What the editor would show for a client's document, as content blocks (text as the document holds it). */
export function blocksOf(doc: Y.Doc): ContentBlock[] {
  return prosemirrorToContentBlocks(readProsemirrorFromFragment(doc.getXmlFragment(DOCUMENT_FRAGMENT)), { unstorableText: 'keep' });
}

/** A feature-film-like list of `count` blocks, cycling through the element types. */
export function sampleBlocks(count: number): ContentBlock[] {
  const cycle: ContentBlock[] = [
    { type: 'scene_heading', text: 'INT. KITCHEN - NIGHT', metadata: { sceneNumber: '1' } },
    { type: 'action', text: 'Rain hammers the window. MARA stirs a pot that is not cooking anything.' },
    { type: 'character', text: 'MARA' },
    { type: 'parenthetical', text: '(not turning around)' },
    { type: 'dialogue', text: 'You said you would call.' },
    { type: 'transition', text: 'CUT TO:' },
  ];
  return Array.from({ length: count }, (_, i) => {
    const base = cycle[i % cycle.length]!;
    return { ...base, text: `${base.text} #${i}` };
  });
}

/** Updates typing each word at the start of the first line of `base`, one update per word, as a writer's session produces them. */
export function typingUpdates(base: Uint8Array, words: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const word of words) ((doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, word);
  return updates;
}
