import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type { ExportedThread } from '../comments/exported-thread.js';
import type { TitlePage } from '../title-page.js';
import { textRunsXml } from './fdx-text-runs.js';
import { BONEYARD_NOTE_TYPE } from './read-script-notes.js';
import { commentNotesXml } from './write-comment-notes.js';
import { writeContent, type AnchoredNote } from './write-fdx-content.js';
import { titlePageXml } from './write-fdx-title-page.js';
import { escapeXmlAttribute } from './xml-escape.js';

export interface WriteFdxOptions {
  /** The title to print when the title page has none: the script's name, as the PDF export does. */
  fallbackTitle?: string;
  /** Comment threads to write as ScriptNotes over their text (write-comment-notes.ts); none by default. */
  comments?: readonly ExportedThread[];
}

/**
 * Final Draft 12's file format version: the first with outline elements,
 * which sections and synopses are written as. Older versions open the
 * file after a warning and show those as paragraphs of an unknown type.
 */
const FDX_VERSION = '5';

/**
 * The script as a Final Draft file (`.fdx`) that Final Draft opens and
 * `parseFdx` reads back to the same document. `doc` is a document of the
 * screenplay schema, `titlePage` its title page (`readTitlePage`).
 *
 * Element by element (fdx-paragraph-types.ts): each printed element is the
 * paragraph type of its name (centered text is a centred Action, lyrics
 * are Lyrics), with its scene number as `Number=`, a page break as
 * `StartsNewPage="Yes"`, bold, italic and underline as `Style=` runs
 * (`Bold+Italic+Underline`). Dual dialogue is `<DualDialogue>`; a
 * parenthetical carries the parentheses Final Draft stores in its text.
 * The outline, which Final Draft 12 has too: a section is `Outline N` (its
 * depth), a synopsis is `Outline Body`, or the scene's summary when it
 * sits right under a scene heading (write-fdx-content.ts). Notes are
 * ScriptNotes pointing at the paragraph they stood before, the boneyard a
 * ScriptNote of the category "Boneyard": Final Draft shows both beside the
 * script and never prints them. Comment threads, when asked for, follow
 * them as ScriptNotes over the text they are on. The title page is laid out as Final
 * Draft's (write-fdx-title-page.ts).
 *
 * What does not come back as it was (parse-fdx.ts reads the rest exactly):
 * a parenthetical stored with its own parentheses reads back without them;
 * a note inside dual dialogue comes back before the pair; dual dialogue
 * that is not a left speech then a right one (each starting with its cue)
 * comes back in Final Draft's shape; title page fields that do not look
 * like what they are (see read-fdx-title-page.ts). Characters XML cannot
 * carry become U+FFFD (xml-escape.ts).
 */
export function writeFdx(doc: ProsemirrorNode, titlePage: TitlePage = {}, options: WriteFdxOptions = {}): string {
  const content = writeContent(doc);
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
    `<FinalDraft DocumentType="Script" Template="No" Version="${FDX_VERSION}">`,
    '  <Content>',
    ...content.paragraphs.map((paragraph) => `    ${paragraph}`),
    '  </Content>',
    ...titlePageXml(titlePage, options.fallbackTitle).map((line) => `  ${line}`),
    ...scriptNotesXml([...noteElementsXml(content.notes), ...commentNotesXml(options.comments ?? [], content.places, content.length, content.notes.length + 1)]).map(
      (line) => `  ${line}`,
    ),
    '</FinalDraft>',
    '',
  ].join('\n');
}

/** `<ScriptNotes>` around the notes written, none when there are none. */
function scriptNotesXml(notes: readonly string[]): string[] {
  return notes.length === 0 ? [] : ['<ScriptNotes>', ...notes.map((note) => `  ${note}`), '</ScriptNotes>'];
}

/** The script's notes and boneyard, numbered from 1 in script order; a note's lines are its paragraph's, as written in the script. */
function noteElementsXml(notes: readonly AnchoredNote[]): string[] {
  return notes.map(({ element, range }, index) => {
    const category = element.type.name === 'boneyard' ? ` Type="${BONEYARD_NOTE_TYPE}"` : '';
    return `<ScriptNote Id="${index + 1}" Range="${escapeXmlAttribute(range)}"${category}><Paragraph>${textRunsXml(element)}</Paragraph></ScriptNote>`;
  });
}
