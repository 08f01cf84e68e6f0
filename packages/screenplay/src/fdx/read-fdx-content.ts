import { ELEMENT_ATTRIBUTE_NAMES, MAX_SECTION_DEPTH, type DualDialogueSide } from '../element-attributes.js';
import { UPPERCASE_ELEMENTS } from '../element-flow.js';
import type { ElementType } from '../element-types.js';
import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { readParagraphType } from './fdx-paragraph-types.js';
import { readParagraphRuns, readTextRuns, storableText } from './fdx-text-runs.js';
import { quoted, type NoticeLog } from './notice-log.js';
import { readScriptNote } from './read-script-notes.js';
import { paragraphUnits } from './script-note-range.js';
import { upperCaseRuns, withoutOuterParentheses } from './text-run-edits.js';
import type { XmlElement } from './xml-tree.js';

/** One paragraph of the script's `<Content>` as read. */
export interface ContentParagraph {
  /** The elements it became, in order: usually one; a heading and its summary's synopsis; a dual dialogue's. */
  elements: ProsemirrorNodeJson[];
  /** Notes that go before those elements: ones embedded in the paragraph, and ScriptNotes whose Range starts in it. */
  notesBefore: ProsemirrorNodeJson[];
  /** What it counts for in a ScriptNote's Range (script-note-range.ts). */
  units: number;
}

/** Paragraph attributes about layout (indents, spacing) that the element type decides in WritersRoom: dropped without a notice. */
const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set(['Type', 'Alignment', 'Number', 'StartsNewPage', 'FirstIndent', 'Leading', 'LeftIndent', 'RightIndent', 'SpaceBefore', 'Spacing']);

/** Elements in the words of a notice. */
const WORDS: Readonly<Record<ElementType, string>> = {
  action: 'action', sceneHeading: 'scene heading', character: 'character', parenthetical: 'parenthetical', dialogue: 'dialogue',
  transition: 'transition', centered: 'centered text', shot: 'shot', general: 'general text', lyrics: 'lyrics',
  section: 'outline level', synopsis: 'outline body', note: 'note', boneyard: 'boneyard',
};

/** The paragraphs of `<Content>`, each read into elements (a DualDialogue standing alone in `<Content>` counts as a paragraph). */
export function readContent(content: XmlElement, notices: NoticeLog): ContentParagraph[] {
  const paragraphs: ContentParagraph[] = [];
  for (const child of content.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'Paragraph') paragraphs.push(readParagraph(child, notices));
    else if (child.name === 'DualDialogue') {
      const notesBefore: ProsemirrorNodeJson[] = [];
      paragraphs.push({ elements: readDualDialogue(child, notices, notesBefore), notesBefore, units: paragraphUnits(0, 1) });
    } else notices.add(`Final Draft's <${child.name}> in the script's content is not kept`, child.line);
  }
  return paragraphs;
}

function readParagraph(paragraph: XmlElement, notices: NoticeLog, side?: DualDialogueSide): ContentParagraph {
  for (const name of Object.keys(paragraph.attributes)) {
    if (!KNOWN_ATTRIBUTES.has(name)) notices.add(`the ${name} attribute of Final Draft's paragraphs is not kept`, paragraph.line);
  }
  const notesBefore: ProsemirrorNodeJson[] = [];
  const summary: ProsemirrorNodeJson[] = [];
  const dual: ProsemirrorNodeJson[] = [];
  let embeddedBlocks = 0;
  let ownTextLength = 0;
  for (const child of paragraph.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') notices.add('text outside the <Text> runs of a paragraph is not kept', paragraph.line);
      continue;
    }
    if (child.name === 'Text') ownTextLength += textLength(child);
    else if (child.name === 'DualDialogue' && side === undefined) {
      embeddedBlocks += 1;
      dual.push(...readDualDialogue(child, notices, notesBefore));
    } else if (child.name === 'OmittedScene') {
      embeddedBlocks += 1;
      notices.add('the text Final Draft keeps inside an omitted scene is not kept (its heading is)', child.line);
    } else if (child.name === 'SceneProperties') summary.push(...readSceneProperties(child, notices));
    else if (child.name === 'ScriptNote') notesBefore.push(readScriptNote(child, notices).element);
    else notices.add(`Final Draft's <${child.name}> inside a paragraph is not kept`, child.line);
  }
  const units = paragraphUnits(ownTextLength, embeddedBlocks);
  // Final Draft wraps dual dialogue in a paragraph of its own with no text: that paragraph is no element.
  if (dual.length > 0 && ownTextLength === 0) {
    if (paragraph.attributes['StartsNewPage'] === 'Yes') setPageBreak(dual[0]!, paragraph.line, notices);
    return { elements: [...summary, ...dual], notesBefore, units };
  }
  return { elements: [paragraphElement(paragraph, notices, side), ...summary, ...dual], notesBefore, units };
}

/**
 * A `<DualDialogue>`'s paragraphs: the first speech (up to the second
 * character cue) on the left, the rest on the right. Final Draft holds two
 * speeches in one; a third is put on the right with a notice.
 */
function readDualDialogue(block: XmlElement, notices: NoticeLog, notesBefore: ProsemirrorNodeJson[]): ProsemirrorNodeJson[] {
  const elements: ProsemirrorNodeJson[] = [];
  let cues = 0;
  for (const child of block.children) {
    if (typeof child === 'string') continue;
    if (child.name !== 'Paragraph') {
      notices.add(`Final Draft's <${child.name}> inside dual dialogue is not kept`, child.line);
      continue;
    }
    if (child.attributes['Type'] === 'Character') cues += 1;
    if (cues === 3) notices.add('dual dialogue of more than two speeches: the third and later are put on the right', child.line);
    const read = readParagraph(child, notices, cues <= 1 ? 'left' : 'right');
    elements.push(...read.elements);
    notesBefore.push(...read.notesBefore);
  }
  return elements;
}

/** A scene heading's summary (Final Draft's scene properties) is the scene's synopsis, under the heading. */
function readSceneProperties(properties: XmlElement, notices: NoticeLog): ProsemirrorNodeJson[] {
  const synopses: ProsemirrorNodeJson[] = [];
  for (const child of properties.children) {
    if (typeof child === 'string') continue;
    if (child.name !== 'Summary') {
      notices.add(`Final Draft's scene properties other than the summary are not kept (<${child.name}>)`, child.line);
      continue;
    }
    const runs = readParagraphRuns(child, notices);
    // Final Draft may keep an empty summary with every scene: only one with words is a synopsis.
    if (runs.some((run) => (run.text ?? '').trim() !== '')) synopses.push({ type: 'synopsis', content: runs });
  }
  if ((properties.attributes['Title'] ?? '').trim() !== '') notices.add("scene titles (Final Draft's scene properties) are not kept", properties.line);
  return synopses;
}

/** The element of one paragraph, from its type, alignment, runs and attributes. */
function paragraphElement(paragraph: XmlElement, notices: NoticeLog, side: DualDialogueSide | undefined): ProsemirrorNodeJson {
  const typeName = paragraph.attributes['Type'];
  const read = typeName === undefined ? undefined : readParagraphType(typeName);
  if (read === undefined) notices.add(typeName === undefined ? 'paragraphs without a type became action' : `Final Draft's "${quoted(typeName)}" paragraphs became action`, paragraph.line);
  let type: ElementType = read?.type ?? 'action';
  if ((type === 'action' || type === 'general') && paragraph.attributes['Alignment'] === 'Center') type = 'centered';
  let runs = readTextRuns(paragraph, notices);
  if (UPPERCASE_ELEMENTS.has(type)) {
    const upper = upperCaseRuns(runs);
    if (upper.changed) notices.add(`${WORDS[type]} text is stored in capitals, as Final Draft prints it`, paragraph.line);
    runs = upper.runs;
  }
  if (type === 'parenthetical') runs = withoutOuterParentheses(runs);
  const element: ProsemirrorNodeJson = { type };
  if (runs.length > 0) element.content = runs;
  if (read?.type === 'section') {
    if (read.depth > MAX_SECTION_DEPTH) notices.add(`outline levels deeper than ${MAX_SECTION_DEPTH} are kept at level ${MAX_SECTION_DEPTH}`, paragraph.line);
    element.attrs = { depth: Math.min(read.depth, MAX_SECTION_DEPTH) };
  }
  readSceneNumber(element, paragraph, notices);
  if (paragraph.attributes['StartsNewPage'] === 'Yes') setPageBreak(element, paragraph.line, notices);
  if (side !== undefined) {
    if (ELEMENT_ATTRIBUTE_NAMES[type].includes('dualDialogue')) element.attrs = { ...element.attrs, dualDialogue: side };
    else notices.add(`${WORDS[type]} inside dual dialogue is kept, outside the dual dialogue`, paragraph.line);
  }
  return element;
}

function readSceneNumber(element: ProsemirrorNodeJson, paragraph: XmlElement, notices: NoticeLog): void {
  const number = storableText(paragraph.attributes['Number'] ?? '', paragraph.line, notices);
  if (number === '') return;
  if (element.type === 'sceneHeading') element.attrs = { ...element.attrs, sceneNumber: number };
  else notices.add(`scene numbers on ${WORDS[element.type as ElementType]} paragraphs are not kept`, paragraph.line);
}

function setPageBreak(element: ProsemirrorNodeJson, line: number, notices: NoticeLog): void {
  const type = element.type as ElementType;
  if (ELEMENT_ATTRIBUTE_NAMES[type].includes('pageBreakBefore')) element.attrs = { ...element.attrs, pageBreakBefore: true };
  else notices.add(`page breaks before ${WORDS[type]} paragraphs are not kept (they do not print)`, line);
}

/** Characters of a `<Text>` run as the file holds them, for ScriptNote Ranges. */
function textLength(run: XmlElement): number {
  let length = 0;
  for (const part of run.children) if (typeof part === 'string') length += part.length;
  return length;
}
