import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type { ElementType } from '../element-types.js';
import { addsParentheses } from '../pages/element-lines.js';
import { paragraphTypeOf, type ParagraphElementType } from './fdx-paragraph-types.js';
import { textRunsXml } from './fdx-text-runs.js';
import { formatRange, paragraphUnits } from './script-note-range.js';
import { escapeXmlAttribute } from './xml-escape.js';

/** A note or boneyard element and the `Range=` of the paragraph it stood before. */
export interface AnchoredNote {
  element: ProsemirrorNode;
  range: string;
}

/**
 * Where an element's text counts in ScriptNote Ranges (script-note-range.ts):
 * from `start`, `length` units of it. An element whose text no paragraph
 * counts (a note, either side of dual dialogue, a scene's summary) has
 * length 0 at the paragraph it belongs to.
 */
export interface TextPlace {
  start: number;
  length: number;
}

/** The script's `<Content>` paragraphs, and the notes taken out of the flow to be written as ScriptNotes. */
export interface WrittenContent {
  paragraphs: string[];
  notes: AnchoredNote[];
  /** Each element's place, by its index in the document. */
  places: TextPlace[];
  /** The units all paragraphs count: a Range starting here points past the script's end. */
  length: number;
}

interface Attrs {
  sceneNumber?: string | null;
  dualDialogue?: 'left' | 'right' | null;
  pageBreakBefore?: boolean | null;
  depth?: number | null;
}

const NOTE_TYPES: ReadonlySet<string> = new Set<ElementType>(['note', 'boneyard']);

/**
 * `doc`'s elements as Final Draft paragraphs, one each, except:
 * - notes and the boneyard do not print and have no paragraph: they become
 *   ScriptNotes pointing at the paragraph they stood before;
 * - a run of dual dialogue is one `<DualDialogue>` per pair of speeches
 *   (a new one where a left side follows a right one), wrapped in a
 *   paragraph as Final Draft does; a note inside the run points at the pair;
 * - a synopsis with words right under a scene heading is that scene's
 *   summary (its `<SceneProperties>`), where Final Draft keeps a scene's synopsis.
 */
export function writeContent(doc: ProsemirrorNode): WrittenContent {
  const elements: ProsemirrorNode[] = [];
  doc.forEach((element) => elements.push(element));
  const paragraphs: string[] = [];
  const notes: AnchoredNote[] = [];
  const places: TextPlace[] = [];
  let pending: ProsemirrorNode[] = [];
  let offset = 0;
  const anchorPending = (length: number) => {
    for (const element of pending) notes.push({ element, range: formatRange(offset, length) });
    pending = [];
  };
  /** The elements before `to` not placed yet (notes, a dual run's members) count nothing, at the paragraph starting at `offset`. */
  const placeUncounted = (to: number) => {
    for (let index = places.length; index < to; index++) places.push({ start: offset, length: 0 });
  };

  for (let index = 0; index < elements.length; ) {
    const element = elements[index]!;
    if (NOTE_TYPES.has(element.type.name)) {
      pending.push(element);
      index += 1;
    } else if (isDual(element)) {
      const run = dualRun(elements, index);
      pending.push(...run.notes);
      anchorPending(0);
      placeUncounted(run.next);
      paragraphs.push(dualDialogueXml(run.members));
      offset += paragraphUnits(0, 1);
      index = run.next;
    } else {
      const next = elements[index + 1];
      const summary = element.type.name === 'sceneHeading' && next?.type.name === 'synopsis' && next.textContent.trim() !== '' ? next : undefined;
      const written = paragraphXml(element, { summary });
      anchorPending(written.textLength);
      placeUncounted(index);
      places.push({ start: offset + written.textStart, length: element.textContent.length });
      if (summary !== undefined) places.push({ start: offset, length: 0 });
      paragraphs.push(written.xml);
      offset += paragraphUnits(written.textLength, 0);
      index += summary === undefined ? 1 : 2;
    }
  }
  anchorPending(0);
  placeUncounted(elements.length);
  return { paragraphs, notes, places, length: offset };
}

function isDual(element: ProsemirrorNode): boolean {
  return (element.attrs as Attrs).dualDialogue != null;
}

/**
 * The dual dialogue starting at `start`: its elements up to the first that
 * is not dual dialogue or is a left side after a right one; notes inside it
 * are taken out (to point at the pair) rather than splitting it.
 */
function dualRun(elements: readonly ProsemirrorNode[], start: number): { members: ProsemirrorNode[]; notes: ProsemirrorNode[]; next: number } {
  const members: ProsemirrorNode[] = [];
  const notes: ProsemirrorNode[] = [];
  let sawRight = false;
  let index = start;
  while (index < elements.length) {
    let after = index;
    while (after < elements.length && NOTE_TYPES.has(elements[after]!.type.name)) after += 1;
    const element = elements[after];
    const side = element === undefined ? undefined : (element.attrs as Attrs).dualDialogue;
    if (element === undefined || side == null || (side === 'left' && sawRight)) break;
    notes.push(...elements.slice(index, after));
    members.push(element);
    sawRight ||= side === 'right';
    index = after + 1;
  }
  return { members, notes, next: index };
}

/** One `<DualDialogue>` in its paragraph; a page break before the pair goes on that paragraph. */
function dualDialogueXml(members: readonly ProsemirrorNode[]): string {
  const pageBreak = (members[0]!.attrs as Attrs).pageBreakBefore === true;
  const inner = members.map((member, index) => paragraphXml(member, { pageBreak: index > 0 }).xml).join('');
  return `<Paragraph Type="General"${pageBreak ? ' StartsNewPage="Yes"' : ''}><DualDialogue>${inner}</DualDialogue></Paragraph>`;
}

/**
 * One element's paragraph, the length of the text it holds (for ScriptNote
 * Ranges) and where the element's own text starts in it (after a `(`). A
 * parenthetical gets the parentheses WritersRoom prints but does not store;
 * `pageBreak: false` leaves a page break to the caller.
 */
function paragraphXml(element: ProsemirrorNode, options: { summary?: ProsemirrorNode | undefined; pageBreak?: boolean }): { xml: string; textLength: number; textStart: number } {
  const type = element.type.name as ParagraphElementType;
  const attrs = element.attrs as Attrs;
  let head = `<Paragraph Type="${escapeXmlAttribute(paragraphTypeOf(type, attrs.depth))}"`;
  if (attrs.sceneNumber != null && attrs.sceneNumber !== '') head += ` Number="${escapeXmlAttribute(attrs.sceneNumber)}"`;
  if (type === 'centered') head += ' Alignment="Center"';
  if (attrs.pageBreakBefore === true && options.pageBreak !== false) head += ' StartsNewPage="Yes"';
  const summary = options.summary === undefined ? '' : `<SceneProperties><Summary><Paragraph>${textRunsXml(options.summary)}</Paragraph></Summary></SceneProperties>`;
  const parenthesised = type === 'parenthetical' && addsParentheses(element.textContent);
  const runs = parenthesised ? `<Text>(</Text>${element.childCount > 0 ? textRunsXml(element) : ''}<Text>)</Text>` : textRunsXml(element);
  return { xml: `${head}>${summary}${runs}</Paragraph>`, textLength: element.textContent.length + (parenthesised ? 2 : 0), textStart: parenthesised ? 1 : 0 };
}
