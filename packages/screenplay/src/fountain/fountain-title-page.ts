import { TITLE_PAGE_FIELDS, type TitlePage, type TitlePageField } from '../title-page.js';
import { emphasisLines } from './fountain-emphasis.js';

/** The spec's key of each field; `authors` is `Author`, or `Authors` when it holds several lines (several authors). */
export const TITLE_PAGE_KEYS: Readonly<Record<Exclude<TitlePageField, 'authors'>, string>> = {
  title: 'Title',
  credit: 'Credit',
  source: 'Source',
  draftDate: 'Draft date',
  contact: 'Contact',
  copyright: 'Copyright',
  notes: 'Notes',
};

/** How far a value's lines are indented under their key: the spec asks for 3 or more spaces, or a tab. */
const VALUE_INDENT = '    ';

/**
 * The title page as Fountain's `Key: value` lines, in the order of
 * TITLE_PAGE_FIELDS; a value of several lines goes under its key, each line
 * indented. Empty fields, and empty lines inside a value (which would end
 * the title page), are left out; `*` and `_` are escaped. No lines for an
 * empty title page. A value line that itself reads `Key: value` may be
 * taken by some readers for a field of its own.
 */
export function titlePageLines(titlePage: TitlePage): string[] {
  const lines: string[] = [];
  for (const field of TITLE_PAGE_FIELDS) {
    const values = (titlePage[field] ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((line) => emphasisLines(line, [])[0]!.written);
    if (values.length === 0) continue;
    const key = field === 'authors' ? (values.length > 1 ? 'Authors' : 'Author') : TITLE_PAGE_KEYS[field];
    if (values.length === 1) lines.push(`${key}: ${values[0]}`);
    else lines.push(`${key}:`, ...values.map((value) => VALUE_INDENT + value));
  }
  return lines;
}
