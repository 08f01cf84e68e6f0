import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT, type ElementType, type LayoutBlock } from '@writersroom/screenplay';
import { LINES_PER_PAGE, elementLineCount } from './screenplay-layout.js';
import { SeededRandom } from './seeded-random.js';
import * as text from './screenplay-text.js';

/** The default seed of the fixture; change it and every figure changes with it. */
export const DEFAULT_FIXTURE_SEED = 20_240_601;

/** A feature film runs about 120 pages (a page is roughly a minute of screen time). */
export const DEFAULT_PAGES = 120;

export interface ScreenplayElement {
  type: ElementType;
  text: string;
}

export interface ScreenplayFixture {
  /** The document as TipTap's Collaboration extension would hold it. */
  doc: Y.Doc;
  elements: readonly ScreenplayElement[];
  /** Printed lines by the 55-lines-per-page heuristic (screenplay-layout.ts). */
  lines: number;
  /** `lines / LINES_PER_PAGE`, fractional. */
  pages: number;
  /** Characters of text, summed over all elements. */
  characters: number;
}

/** Appends one scene (heading, action, a dialogue exchange with beats, maybe a transition) to `out`. */
function writeScene(random: SeededRandom, out: ScreenplayElement[]): void {
  const heading = text.sceneHeading(random);
  const speakers = [random.pickSkewed(text.CAST), random.pickSkewed(text.CAST), random.pickSkewed(text.CAST)]
    .filter((name, i, all) => all.indexOf(name) === i)
    .slice(0, random.int(2, 3));
  out.push({ type: 'sceneHeading', text: heading }, { type: 'action', text: text.establishingAction(random, heading) });
  if (random.chance(0.5)) out.push({ type: 'action', text: text.actionBeat(random, speakers) });
  for (let speeches = random.int(6, 16), i = 0; i < speeches; i++) {
    const speaker = speakers[i % speakers.length] ?? text.CAST[0];
    out.push({ type: 'character', text: text.characterCue(random, speaker) });
    if (random.chance(0.3)) out.push({ type: 'parenthetical', text: text.parenthetical(random) });
    out.push({ type: 'dialogue', text: text.dialogue(random, speakers.filter((s) => s !== speaker)) });
    if (random.chance(0.6)) out.push({ type: 'action', text: text.actionBeat(random, speakers) });
    if (random.chance(0.02)) out.push({ type: 'shot', text: text.shot(random) }, { type: 'action', text: text.actionBeat(random, speakers) });
  }
  if (random.chance(0.2)) out.push({ type: 'transition', text: random.pick(text.TRANSITIONS) });
}

/**
 * The elements of a screenplay of about `pages` pages: FADE IN:, scenes until
 * the page count is reached, FADE OUT. and THE END. Deterministic in `seed`.
 */
export function generateScreenplayElements(seed = DEFAULT_FIXTURE_SEED, pages = DEFAULT_PAGES): ScreenplayElement[] {
  const random = new SeededRandom(seed);
  const targetLines = pages * LINES_PER_PAGE;
  const elements: ScreenplayElement[] = [{ type: 'transition', text: 'FADE IN:' }];
  // The closing two elements take 4 lines; stop the scenes just short of the target.
  let lines = elementLineCount('transition', 'FADE IN:') + 4;
  while (lines < targetLines) {
    const scene: ScreenplayElement[] = [];
    writeScene(random, scene);
    for (const element of scene) {
      if (lines >= targetLines) break;
      elements.push(element);
      lines += elementLineCount(element.type, element.text);
    }
  }
  elements.push({ type: 'transition', text: 'FADE OUT.' }, { type: 'centered', text: 'THE END' });
  return elements;
}

/** The elements as the pagination engine and the Fountain writer read them; the fixture carries no marks. */
export function toLayoutBlocks(elements: readonly ScreenplayElement[]): LayoutBlock[] {
  return elements.map((element) => ({ type: element.type, text: element.text, styles: [] }));
}

/**
 * Builds the Y.Doc shape TipTap's Collaboration extension (y-prosemirror)
 * produces: one `Y.XmlFragment` named DOCUMENT_FRAGMENT, one `Y.XmlElement`
 * per paragraph node, named after the node, holding one `Y.XmlText`. The
 * client id is fixed so the encoded bytes are the same on every run.
 */
export function buildScreenplayDoc(elements: readonly ScreenplayElement[], clientId = 1): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  doc.transact(() => {
    fragment.insert(
      0,
      elements.map((element) => {
        const node = new Y.XmlElement(element.type);
        node.insert(0, [new Y.XmlText(element.text)]);
        return node;
      }),
    );
  });
  return doc;
}

/** The fixture screenplay: elements, document and its size by the page heuristic. */
export function createScreenplayFixture(seed = DEFAULT_FIXTURE_SEED, pages = DEFAULT_PAGES): ScreenplayFixture {
  const elements = generateScreenplayElements(seed, pages);
  const lines = elements.reduce((sum, e) => sum + elementLineCount(e.type, e.text), 0);
  return {
    doc: buildScreenplayDoc(elements),
    elements,
    lines,
    pages: lines / LINES_PER_PAGE,
    characters: elements.reduce((sum, e) => sum + e.text.length, 0),
  };
}

const TYPED_WORDS = ['the ', 'door ', 'she ', 'never ', 'said ', 'it ', 'again', '. ', 'Maya ', 'waits', ', ', 'and ', 'rain ', 'falls '];

/**
 * `count` editing updates on top of `base`, each the update one transaction
 * emitted (`doc.on('update')`), as a writer produces them: bursts of 1–6
 * typed characters that continue at the cursor, backspaces now and then, and
 * jumps to another element of the script every few dozen edits. Applied in
 * order after a baseline of `base`, they rebuild the edited document; `base`
 * itself is not changed.
 */
export function generateEditingUpdates(base: Y.Doc, count: number, seed = DEFAULT_FIXTURE_SEED): Uint8Array[] {
  const random = new SeededRandom(seed ^ 0x5eed);
  const doc = new Y.Doc();
  doc.clientID = 2;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const texts = doc.getXmlFragment(DOCUMENT_FRAGMENT).toArray().flatMap((node) =>
    node instanceof Y.XmlElement ? node.toArray().filter((child): child is Y.XmlText => child instanceof Y.XmlText) : [],
  );
  if (texts.length === 0) throw new Error('generateEditingUpdates needs a document with text');
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));

  let target = random.pick(texts);
  let cursor = random.int(0, target.length);
  while (updates.length < count) {
    if (random.chance(0.03)) {
      target = random.pick(texts);
      cursor = random.int(0, target.length);
    }
    if (cursor > 0 && random.chance(0.12)) {
      const deleted = random.int(1, Math.min(5, cursor));
      target.delete(cursor - deleted, deleted);
      cursor -= deleted;
    } else {
      const word = random.pick(TYPED_WORDS);
      const typed = word.slice(0, random.int(1, Math.min(6, word.length)));
      target.insert(cursor, typed);
      cursor += typed.length;
    }
  }
  doc.destroy();
  return updates;
}
