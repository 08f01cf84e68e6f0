import { NoticeLog } from '../fdx/notice-log.js';
import { emptyScriptDocument } from '../convert-content-blocks.js';
import { countElements, type ImportedScript } from '../formats/imported-script.js';
import type { ProsemirrorJson } from '../parse-prosemirror-document.js';
import { screenplaySchema } from '../screenplay-schema.js';
import { readAsides } from './fountain-asides.js';
import { readSourceLines } from './fountain-source.js';
import { readFountainBody } from './read-fountain-body.js';
import { readFountainTitlePage } from './read-fountain-title-page.js';

/**
 * Reads a Fountain 1.1 script (fountain.io/syntax) into a document of the
 * screenplay schema, its title page and a report of what did not carry over
 * as it was. The lines are made ready (fountain-source.ts), the title page
 * read (read-fountain-title-page.ts), notes and the boneyard found
 * (fountain-asides.ts), then the elements (read-fountain-body.ts), their
 * emphasis as marks (read-fountain-emphasis.ts). Pure, and linear in the
 * length of the text.
 *
 * Any text is Fountain: plain prose is action. What changes on the way
 * (a note taken out of a line, a cue stored in capitals, extra empty lines,
 * a stripped control character) gets a notice with how often and the first
 * line. Parentheticals are stored without their parentheses, as the editor
 * keeps them and the writer writes them back.
 *
 * @throws ScriptFormatError('fountain', …, line?) when the text cannot be a
 *   script at all: binary data, or nothing but blanks.
 */
export function parseFountain(text: string): ImportedScript {
  const notices = new NoticeLog();
  const lines = readSourceLines(text, notices);
  const { titlePage, bodyStart } = readFountainTitlePage(lines, notices);
  const elements = readFountainBody(readAsides(lines.slice(bodyStart), bodyStart + 1), notices);
  // Built with the schema and checked whole (content, attributes, marks): cheaper than
  // parseProsemirrorDocument's walk for untrusted JSON, which this is not.
  const doc = screenplaySchema.nodeFromJSON(elements.length > 0 ? { type: 'doc', content: elements } : emptyScriptDocument());
  doc.check();
  return {
    document: doc.toJSON() as ProsemirrorJson,
    titlePage,
    report: { format: 'fountain', elements: countElements(doc), titlePageFields: Object.keys(titlePage).length, notices: notices.list() },
  };
}
