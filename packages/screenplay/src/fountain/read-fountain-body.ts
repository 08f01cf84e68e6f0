import type { NoticeLog } from '../fdx/notice-log.js';
import { upperCaseRuns } from '../fdx/text-run-edits.js';
import { MAX_SECTION_DEPTH, type DualDialogueSide } from '../element-attributes.js';
import { UPPERCASE_ELEMENTS } from '../element-flow.js';
import { isPrinted, type ElementType } from '../element-types.js';
import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import type { Aside, SourceItem, TextLine } from './fountain-asides.js';
import { SCENE_NUMBER } from './fountain-elements.js';
import {
  readsAsCentered,
  readsAsCueBySpec,
  readsAsForcedSceneHeading,
  readsAsPageBreak,
  readsAsSceneHeading,
  readsAsTransitionBySpec,
  startsWithMarkup,
} from './fountain-reading.js';
import { textRuns } from './fountain-text-runs.js';

/** Elements whose lines in a row make one element; any other is one line each. */
type GroupedType = 'action' | 'dialogue' | 'lyrics' | 'centered' | 'synopsis';

/** One line as read: the element it belongs to and its text, markers taken off (emphasis and escapes still in). */
type ReadLine =
  | { type: GroupedType | 'parenthetical' | 'transition' | 'sceneHeading' | 'character'; text: string; line: number }
  | { type: 'section'; text: string; line: number; depth: number }
  | { type: 'pageBreak'; line: number };

/**
 * Reads the script's lines (after the title page, asides found) into
 * elements. Elements are paragraphs, split at empty lines, as the spec
 * reads them: a scene heading or transition is a paragraph of one line, a
 * character cue the first line of a paragraph that goes on (its speech:
 * parentheticals, dialogue, lyrics), anything else action, where a line
 * may be forced to lyrics, centered text, a transition, a section, a
 * synopsis or a page break by its first character. A line of spaces only
 * keeps a paragraph going (the spec's two spaces) and is an empty line in it.
 */
export function readFountainBody(items: readonly SourceItem[], notices: NoticeLog): ProsemirrorNodeJson[] {
  const reader = new BodyReader(notices);
  let paragraph: SourceItem[] = [];
  let emptyLines = 0;
  for (const item of items) {
    if (item.type === 'text' && isEmptyLine(item.text)) {
      if (paragraph.length > 0) reader.readParagraph(paragraph);
      else if (emptyLines > 0 && reader.hasElements) notices.add('extra empty lines between elements are not kept: WritersRoom spaces elements by their type', item.line);
      paragraph = [];
      emptyLines += 1;
      continue;
    }
    emptyLines = 0;
    paragraph.push(item);
  }
  if (paragraph.length > 0) reader.readParagraph(paragraph);
  return reader.finish();
}

/** An empty line ends a paragraph; two or more spaces (or tabs) are the spec's way to keep it going. */
function isEmptyLine(text: string): boolean {
  return text.length < 2 && text.trim() === '';
}

const WORDS: Readonly<Partial<Record<ElementType, string>>> = { sceneHeading: 'scene heading', character: 'character cue', transition: 'transition' };

class BodyReader {
  private readonly elements: ProsemirrorNodeJson[] = [];
  /** The line of a page break not yet given to a printed element. */
  private pageBreak: number | undefined;
  /** The speech just read, while a `^` speech could make it the left of a pair. */
  private lastSpeech: { elements: ProsemirrorNodeJson[]; paired: boolean } | undefined;

  constructor(private readonly notices: NoticeLog) {}

  get hasElements(): boolean {
    return this.elements.length > 0;
  }

  readParagraph(items: readonly SourceItem[]): void {
    const trimmed = withoutBlankEdges(items);
    const lines = trimmed.filter((item): item is TextLine => item.type === 'text');
    const first = lines[0]?.text.trim() ?? '';
    const speaks = lines.length > 1 && lines[1]!.text.trim() !== '' && (first.startsWith('@') || readsAsUnforcedCue(first));
    const speech = speaks ? this.readSpeech(trimmed) : undefined;
    if (!speaks) this.readLines(trimmed, lines.length === 1);
    for (const line of lines) for (const aside of line.asides) this.addInlineAside(aside);
    if (speech) this.lastSpeech = speech;
  }

  finish(): ProsemirrorNodeJson[] {
    if (this.pageBreak !== undefined) this.notices.add('a page break with nothing printed after it is not kept', this.pageBreak);
    return this.elements;
  }

  /** A cue and what is spoken under it; a `^` at the end of the cue pairs it, on the right, with the speech just before. */
  private readSpeech(items: readonly SourceItem[]): { elements: ProsemirrorNodeJson[]; paired: boolean } {
    const [cueItem, ...rest] = items as [TextLine, ...SourceItem[]];
    let cue = cueItem.text.trim();
    if (cue.startsWith('@')) cue = cue.slice(1).trim();
    const dual = cue.endsWith('^');
    if (dual) cue = cue.slice(0, -1).trimEnd();
    let side: DualDialogueSide | undefined;
    if (dual && this.lastSpeech && !this.lastSpeech.paired) {
      for (const element of this.lastSpeech.elements) element.attrs = { ...element.attrs, dualDialogue: 'left' };
      side = 'right';
    } else if (dual) this.notices.add('a cue marked ^ (dual dialogue) with no speech right before it is read as an ordinary speech', cueItem.line);
    const spoken: ProsemirrorNodeJson[] = [];
    const say = (element: ProsemirrorNodeJson | undefined) => {
      if (!element) return;
      if (side) element.attrs = { ...element.attrs, dualDialogue: side };
      spoken.push(element);
    };
    say(this.add({ type: 'character', text: cue, line: cueItem.line }));
    this.readGroups(rest, (line) => spokenLine(line), say);
    return { elements: spoken, paired: side !== undefined };
  }

  /** A paragraph that is no speech: line by line; `alone` when it is one line, which may then be a heading or a transition. */
  private readLines(items: readonly SourceItem[], alone: boolean): void {
    this.readGroups(items, (line) => (alone ? (lineAlone(line) ?? markedLine(line)) : markedLine(line)), () => undefined);
  }

  /** Reads lines into elements, lines of a grouped type in a row into one; an aside stands between elements where it is. */
  private readGroups(items: readonly SourceItem[], read: (line: TextLine) => ReadLine, added: (element: ProsemirrorNodeJson | undefined) => void): void {
    let group: { type: GroupedType; lines: string[]; line: number } | undefined;
    const flush = () => {
      if (group) added(this.add({ type: group.type, text: withoutEmptyEdges(group.lines).join('\n'), line: group.line }));
      group = undefined;
    };
    for (const item of items) {
      if (item.type !== 'text') {
        flush();
        this.addAside(item);
        continue;
      }
      const line = read(item);
      if (isGrouped(line.type) && 'text' in line) {
        if (group?.type === line.type) group.lines.push(line.text);
        else {
          flush();
          group = { type: line.type, lines: [line.text], line: line.line };
        }
        continue;
      }
      flush();
      if (line.type === 'pageBreak') this.breakPage(line.line);
      else added(this.add(line));
    }
    flush();
  }

  /** The element of `line`, added; none when it has no text. */
  private add(line: Exclude<ReadLine, { type: 'pageBreak' }>): ProsemirrorNodeJson | undefined {
    const { type } = line;
    const heading = type === 'sceneHeading' ? withSceneNumber(line.text) : { text: line.text };
    let runs = textRuns(heading.text.split('\n'));
    if (runs.length === 0) return undefined;
    if (UPPERCASE_ELEMENTS.has(type)) {
      const upper = upperCaseRuns(runs);
      if (upper.changed) this.notices.add(`${WORDS[type]} text is stored in capitals, as WritersRoom prints it`, line.line);
      runs = upper.runs;
    }
    const element: ProsemirrorNodeJson = { type, content: runs };
    if (heading.sceneNumber !== undefined) element.attrs = { sceneNumber: heading.sceneNumber };
    if (line.type === 'section') {
      if (line.depth > MAX_SECTION_DEPTH) this.notices.add(`sections deeper than ${MAX_SECTION_DEPTH} (#) are kept at depth ${MAX_SECTION_DEPTH}`, line.line);
      element.attrs = { depth: Math.min(line.depth, MAX_SECTION_DEPTH) };
    }
    this.push(element);
    return element;
  }

  private addAside(aside: Aside): void {
    this.push({ type: aside.type, content: [{ type: 'text', text: aside.text }] });
  }

  private addInlineAside(aside: Aside): void {
    const what = aside.type === 'note' ? 'notes ([[…]])' : 'boneyard (/* … */)';
    this.notices.add(`${what} inside a line of text are taken out of it and kept after its paragraph`, aside.line);
    this.addAside(aside);
  }

  private push(element: ProsemirrorNodeJson): void {
    if (this.pageBreak !== undefined && isPrinted(element.type as ElementType)) {
      element.attrs = { ...element.attrs, pageBreakBefore: true };
      this.pageBreak = undefined;
    }
    this.elements.push(element);
    this.lastSpeech = undefined;
  }

  private breakPage(line: number): void {
    if (this.pageBreak !== undefined) this.notices.add('page breaks with nothing printed between them are kept as one', line);
    this.pageBreak ??= line;
    this.lastSpeech = undefined;
  }
}

/** A cue with no `@`: by the spec, and not a line another rule claims when it stands alone (`INT. HOUSE`, `CUT TO:`, markup). */
function readsAsUnforcedCue(line: string): boolean {
  const name = line.endsWith('^') ? line.slice(0, -1).trimEnd() : line;
  return readsAsCueBySpec(name) && !startsWithMarkup(name) && !readsAsSceneHeading(name) && !readsAsTransitionBySpec(name);
}

/** A line under a cue: a parenthetical, lyrics, or dialogue (which has no forcing: `!` or `#` there is text). */
function spokenLine(item: TextLine): ReadLine {
  const text = item.text.trim();
  if (text.length >= 2 && text.startsWith('(') && text.endsWith(')')) return { type: 'parenthetical', text: text.slice(1, -1).trim(), line: item.line };
  if (text.startsWith('~')) return { type: 'lyrics', text: text.slice(1).trim(), line: item.line };
  return { type: 'dialogue', text, line: item.line };
}

/** A paragraph's only line: a scene heading (forced with `.` or by its prefix), a transition by the spec, or a cue forced with `@` and nothing spoken. */
function lineAlone(item: TextLine): ReadLine | undefined {
  const text = item.text.trim();
  if (readsAsForcedSceneHeading(text)) return { type: 'sceneHeading', text: text.slice(1).trim(), line: item.line };
  if (readsAsSceneHeading(text)) return { type: 'sceneHeading', text, line: item.line };
  if (text.startsWith('@')) return { type: 'character', text: text.slice(1).trim(), line: item.line };
  if (readsAsTransitionBySpec(text) && !startsWithMarkup(text)) return { type: 'transition', text, line: item.line };
  return undefined;
}

/** A line outside a speech, by its first character; action unless that forces something else. */
function markedLine(item: TextLine): ReadLine {
  const { line } = item;
  const text = item.text.trim();
  if (text === '') return { type: 'action', text: '', line };
  if (text.startsWith('!')) {
    // Forced action keeps its indent: the `!` may stand before or after it.
    const indent = item.text.length - item.text.trimStart().length;
    return { type: 'action', text: (item.text.slice(0, indent) + item.text.slice(indent + 1)).trimEnd(), line };
  }
  if (readsAsPageBreak(text)) return { type: 'pageBreak', line };
  if (text.startsWith('~')) return { type: 'lyrics', text: text.slice(1).trim(), line };
  if (readsAsCentered(text)) return { type: 'centered', text: text.slice(1, -1).trim(), line };
  if (text.startsWith('>')) return { type: 'transition', text: text.slice(1).trim(), line };
  if (text.startsWith('#')) {
    let depth = 0;
    while (text[depth] === '#') depth++;
    return { type: 'section', text: text.slice(depth).trim(), line, depth };
  }
  if (text.startsWith('=')) return { type: 'synopsis', text: text.slice(1).trim(), line };
  return { type: 'action', text: item.text.trimEnd(), line };
}

const GROUPED: ReadonlySet<string> = new Set<GroupedType>(['action', 'dialogue', 'lyrics', 'centered', 'synopsis']);

function isGrouped(type: ReadLine['type']): type is GroupedType {
  return GROUPED.has(type);
}

/** `#12A#` at the end of a heading is its scene number (found from the end: no pattern runs over the line). */
function withSceneNumber(heading: string): { text: string; sceneNumber?: string } {
  const text = heading.trimEnd();
  const open = text.endsWith('#') ? text.lastIndexOf('#', text.length - 2) : -1;
  const number = open === -1 ? '' : text.slice(open + 1, -1);
  return SCENE_NUMBER.test(number) ? { text: text.slice(0, open).trimEnd(), sceneNumber: number } : { text };
}

/** A paragraph without the lines of spaces at its edges, which keep nothing going there. */
function withoutBlankEdges(items: readonly SourceItem[]): SourceItem[] {
  const isBlank = (item: SourceItem) => item.type === 'text' && item.text.trim() === '' && item.asides.length === 0;
  let start = 0;
  let end = items.length;
  while (start < end && isBlank(items[start]!)) start++;
  while (end > start && isBlank(items[end - 1]!)) end--;
  return items.slice(start, end);
}

function withoutEmptyEdges(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end).map((line) => (line.trim() === '' ? '' : line));
}
