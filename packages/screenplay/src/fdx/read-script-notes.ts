import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { readParagraphRuns } from './fdx-text-runs.js';
import type { NoticeLog } from './notice-log.js';
import { rangeStart } from './script-note-range.js';
import type { XmlElement } from './xml-tree.js';

/**
 * The ScriptNote category (`Type=`) WritersRoom's boneyard is written
 * with, and read back as a boneyard: text set aside, which like a note
 * never prints.
 */
export const BONEYARD_NOTE_TYPE = 'Boneyard';

/** Attributes of a ScriptNote WritersRoom has no place for; their loss is noted once. */
const DROPPED_ATTRIBUTES: Readonly<Record<string, string>> = {
  WriterName: "who wrote Final Draft's notes is not kept",
  Name: "the titles of Final Draft's notes are not kept",
};
/** Bookkeeping attributes: no one reads them as part of the note. */
const BOOKKEEPING_ATTRIBUTES: ReadonlySet<string> = new Set(['Id', 'Range', 'Type', 'Color', 'DateTime', 'DateModified', 'RefId', 'WriterID']);

/** A ScriptNote as read: the note (or boneyard) element and where in the script it points, if it says. */
export interface ReadScriptNote {
  element: ProsemirrorNodeJson;
  /** Start of its Range (script-note-range.ts), undefined when it has none that reads. */
  start: number | undefined;
  line: number;
}

/** The notes of a `<ScriptNotes>` section, in file order. */
export function readScriptNotes(section: XmlElement, notices: NoticeLog): ReadScriptNote[] {
  const notes: ReadScriptNote[] = [];
  for (const child of section.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'ScriptNote') notes.push(readScriptNote(child, notices));
    // Final Draft keeps the layout of its notes window here.
    else if (child.name !== 'TableColumnSettings') notices.add(`Final Draft's <${child.name}> among the notes is not kept`, child.line);
  }
  return notes;
}

/** One `<ScriptNote>`: its paragraphs are the note's lines, marks kept. */
export function readScriptNote(note: XmlElement, notices: NoticeLog): ReadScriptNote {
  for (const [name, value] of Object.entries(note.attributes)) {
    const dropped = DROPPED_ATTRIBUTES[name];
    if (dropped !== undefined) {
      if (value.trim() !== '') notices.add(dropped, note.line);
    } else if (!BOOKKEEPING_ATTRIBUTES.has(name)) notices.add(`the ${name} attribute of Final Draft's notes is not kept`, note.line);
  }
  const type = (note.attributes['Type'] ?? '').trim().toLowerCase() === BONEYARD_NOTE_TYPE.toLowerCase() ? 'boneyard' : 'note';
  const runs = readParagraphRuns(note, notices);
  const element: ProsemirrorNodeJson = runs.length > 0 ? { type, content: runs } : { type };
  return { element, start: rangeStart(note.attributes['Range']), line: note.line };
}
