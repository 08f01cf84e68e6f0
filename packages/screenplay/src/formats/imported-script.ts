import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type { ElementType } from '../element-types.js';
import type { ProsemirrorJson } from '../parse-prosemirror-document.js';
import type { TitlePage } from '../title-page.js';

/** The file formats a script comes in from other tools. */
export type ScriptFormat = 'fountain' | 'fdx' | 'pdf';

/**
 * Something an import did not carry over as it was: converted to another
 * element, kept in another form, or dropped, and why. Where the input has
 * lines, `line` (1-based) says where the first case is; `count` how many
 * times the same thing happened.
 */
export interface ImportNotice {
  message: string;
  count: number;
  line?: number;
}

/** What the writer is told after an import: what the script now holds, and what changed on the way. */
export interface ImportReport {
  format: ScriptFormat;
  /** Elements made, per element type (types with none are absent). */
  elements: Partial<Record<ElementType, number>>;
  /** Title page fields filled in. */
  titlePageFields: number;
  notices: ImportNotice[];
  /** PDF only: how sure the reading of each page is, 0 to 1, and how many of its lines became action for want of a better reading. */
  pages?: Array<{ page: number; confidence: number; unclassified: number }>;
}

/**
 * A script read from a file: its document (valid against the screenplay
 * schema, marks included), its title page, and the report. The server makes
 * a new script of it, or the editor replaces a script's content with it.
 */
export interface ImportedScript {
  document: ProsemirrorJson;
  titlePage: TitlePage;
  report: ImportReport;
}

/**
 * A file that cannot be read as a script in its format: malformed (an XML
 * error, an entity the reader refuses), or not a screenplay at all. Names
 * where, when the format has lines: the 400 it becomes says line and column.
 */
export class ScriptFormatError extends Error {
  override readonly name = 'ScriptFormatError';

  constructor(
    readonly format: ScriptFormat,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line}${column === undefined ? '' : `, column ${column}`})`);
  }
}

/** Elements of `doc` per type, for a report. */
export function countElements(doc: ProsemirrorNode): Partial<Record<ElementType, number>> {
  const counts: Partial<Record<ElementType, number>> = {};
  doc.forEach((node) => {
    const type = node.type.name as ElementType;
    counts[type] = (counts[type] ?? 0) + 1;
  });
  return counts;
}
