import { countElements, ScriptFormatError, type ImportedScript } from '../formats/imported-script.js';
import { parseProsemirrorDocument, type ProsemirrorJson, type ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import type { TitlePage } from '../title-page.js';
import { NoticeLog, quoted } from './notice-log.js';
import { readContent, type ContentParagraph } from './read-fdx-content.js';
import { readFdxTitlePage } from './read-fdx-title-page.js';
import { readScriptNotes, type ReadScriptNote } from './read-script-notes.js';
import { readXmlTree, type XmlElement } from './xml-tree.js';

/**
 * Sections of a Final Draft file that hold its settings, not the writer's
 * text: element styles, page layout, headers, spelling lists, revision
 * colours, locked pages, autocomplete lists, window state. Skipped without
 * a notice: every file has them, and WritersRoom decides all of it itself.
 * Any other section (a beat board, production tags, a cast list) may hold
 * the writer's work and is named in a notice.
 */
const SETTINGS_SECTIONS: ReadonlySet<string> = new Set([
  'ElementSettings', 'PageLayout', 'HeaderAndFooter', 'SpellCheckIgnoreLists', 'Revisions', 'SplitState', 'Macros',
  'MoresAndContinueds', 'LockedPages', 'TextState', 'WindowState', 'SmartType', 'Watermarking', 'CharacterHighlighting',
  'DisplayBoards', 'ListItems',
]);
const ROOT_ATTRIBUTES: ReadonlySet<string> = new Set(['DocumentType', 'Template', 'Version']);

/**
 * Reads a Final Draft script (`.fdx`, Final Draft 8 and later) into a
 * document of the screenplay schema, its title page and a report of what
 * did not carry over as it was. The XML is read by a real parser that
 * resolves nothing outside the string (xml-tree.ts); the script's
 * paragraphs become elements (read-fdx-content.ts), its title page fields
 * (read-fdx-title-page.ts), its ScriptNotes notes where they point
 * (read-script-notes.ts). Pure: no DOM, no file or network access.
 *
 * What Final Draft has and WritersRoom does not is converted or dropped,
 * never silently: each kind gets a notice with how often and the first
 * line. Text the storage cannot hold is stripped, with a notice.
 *
 * @throws ScriptFormatError('fdx', …, line, column) when the file is not
 *   well-formed XML, declares entities or external documents in a DOCTYPE,
 *   refers to an undefined entity, or is XML but not a Final Draft script.
 */
export function parseFdx(xml: string): ImportedScript {
  const root = readXmlTree(xml);
  const notices = new NoticeLog();
  requireScript(root, notices);
  let paragraphs: ContentParagraph[] | undefined;
  let titlePage: TitlePage = {};
  let notes: ReadScriptNote[] = [];
  for (const section of root.children) {
    if (typeof section === 'string') continue;
    if (section.name === 'Content' && paragraphs === undefined) paragraphs = readContent(section, notices);
    else if (section.name === 'TitlePage') titlePage = readFdxTitlePage(section, notices);
    else if (section.name === 'ScriptNotes') notes = readScriptNotes(section, notices);
    else if (!SETTINGS_SECTIONS.has(section.name)) notices.add(`Final Draft's <${section.name}> section is not kept`, section.line);
  }
  if (paragraphs === undefined) notices.add('the file holds no script text (no <Content>): the script is empty', root.line);
  const elements = placeNotes(paragraphs ?? [], notes, notices);
  const doc = parseProsemirrorDocument({ type: 'doc', content: elements.length > 0 ? elements : [{ type: 'action' }] });
  return {
    document: doc.toJSON() as ProsemirrorJson,
    titlePage,
    report: { format: 'fdx', elements: countElements(doc), titlePageFields: Object.keys(titlePage).length, notices: notices.list() },
  };
}

/** Refuses XML that is not a Final Draft script, in plain words. */
function requireScript(root: XmlElement, notices: NoticeLog): void {
  if (root.name !== 'FinalDraft') {
    throw new ScriptFormatError('fdx', `this XML file is not a Final Draft script: it is a <${root.name}> document, and a Final Draft script is a <FinalDraft> one`, root.line);
  }
  const type = root.attributes['DocumentType'];
  if (type === undefined) notices.add('the file does not say it is a script (no DocumentType); it was read as one', root.line);
  else if (type !== 'Script') throw new ScriptFormatError('fdx', `this Final Draft file is a ${quoted(type)} document, not a script`, root.line);
  for (const name of Object.keys(root.attributes)) {
    if (!ROOT_ATTRIBUTES.has(name)) notices.add(`the ${name} attribute of <FinalDraft> is not kept`, root.line);
  }
}

/**
 * The script's elements with each note in its place: a ScriptNote goes
 * before the paragraph its Range starts in (so before a dual dialogue as a
 * whole, never between its sides); one pointing past the end, or nowhere,
 * goes at the end.
 */
function placeNotes(paragraphs: readonly ContentParagraph[], notes: readonly ReadScriptNote[], notices: NoticeLog): ProsemirrorNodeJson[] {
  const before = paragraphs.map((paragraph) => [...paragraph.notesBefore]);
  const ends: number[] = [];
  let offset = 0;
  for (const paragraph of paragraphs) ends.push((offset += paragraph.units));
  const atEnd: ProsemirrorNodeJson[] = [];
  for (const note of notes) {
    if (note.start === undefined) notices.add('notes that do not say where in the script they belong are put at its end', note.line);
    const index = note.start === undefined ? -1 : firstEndAfter(ends, note.start);
    if (index === -1) atEnd.push(note.element);
    else before[index]!.push(note.element);
  }
  return [...paragraphs.flatMap((paragraph, index) => [...before[index]!, ...paragraph.elements]), ...atEnd];
}

/** The index of the first of the ascending `ends` above `start`, or -1 (binary search: a feature has thousands of paragraphs). */
function firstEndAfter(ends: readonly number[], start: number): number {
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ends[middle]! > start) high = middle;
    else low = middle + 1;
  }
  return low < ends.length ? low : -1;
}
