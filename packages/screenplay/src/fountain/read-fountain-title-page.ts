import { quoted, type NoticeLog } from '../fdx/notice-log.js';
import { MAX_TITLE_PAGE_FIELD_LENGTH, type TitlePage, type TitlePageField } from '../title-page.js';
import { readTitlePageKey } from './fountain-reading.js';
import { TITLE_PAGE_KEYS } from './fountain-title-page.js';
import { readEmphasis } from './read-fountain-emphasis.js';

/** Each field by its key as the spec spells it, in lower case; `Author` and `Authors` are one field. */
const FIELD_OF_KEY: ReadonlyMap<string, TitlePageField> = new Map<string, TitlePageField>([
  ...Object.entries(TITLE_PAGE_KEYS).map(([field, key]): [string, TitlePageField] => [key.toLowerCase(), field as TitlePageField]),
  ['author', 'authors'],
  ['authors', 'authors'],
]);

/** A value's lines go under its key indented by three or more spaces, or a tab. */
const INDENTED = /^(?: {3}|\t)/;

/** A field as read: its key as written and its lines. */
interface Entry {
  key: string;
  line: number;
  values: string[];
}

/**
 * The title page at the top of a Fountain file, and the index of the line
 * after it (0 when there is none). It is the `Key: value` lines up to the
 * first blank line; a value may go on indented lines under its key. Only
 * a key of the spec's opens a title page (later keys may be any): a script
 * may well begin `FADE IN:` or `The phone rings: once, twice.`
 *
 * Fields are plain text: emphasis markers are dropped (with a notice) and
 * escapes resolved. A key with no field of its own is kept in the notes as
 * `Key: value`, with a notice; a key given twice adds its lines.
 */
export function readFountainTitlePage(lines: readonly string[], notices: NoticeLog): { titlePage: TitlePage; bodyStart: number } {
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  if (!opensTitlePage(lines, first)) return { titlePage: {}, bodyStart: 0 };
  const entries: Entry[] = [];
  let end = first;
  for (; end < lines.length && lines[end]!.trim() !== ''; end++) {
    const line = lines[end]!;
    const keyed = INDENTED.test(line) ? undefined : readTitlePageKey(line);
    if (keyed) entries.push({ key: keyed.key, line: end + 1, values: [keyed.value] });
    else entries[entries.length - 1]!.values.push(line);
  }
  return { titlePage: fieldsOf(entries, notices), bodyStart: end };
}

function opensTitlePage(lines: readonly string[], first: number): boolean {
  const keyed = first < lines.length ? readTitlePageKey(lines[first]!) : undefined;
  return keyed !== undefined && FIELD_OF_KEY.has(keyed.key.toLowerCase());
}

function fieldsOf(entries: readonly Entry[], notices: NoticeLog): TitlePage {
  const fields = new Map<TitlePageField, string[]>();
  const add = (field: TitlePageField, values: readonly string[]) => fields.set(field, [...(fields.get(field) ?? []), ...values]);
  for (const entry of entries) {
    const values = entry.values.map((value) => plainValue(value, entry.line, notices)).filter((value) => value !== '');
    const field = FIELD_OF_KEY.get(entry.key.toLowerCase());
    if (field) add(field, values);
    else {
      notices.add(`the title page key "${quoted(entry.key)}" has no field in WritersRoom: it is kept in the notes`, entry.line);
      const [head = '', ...rest] = values;
      add('notes', [`${entry.key}: ${head}`.trimEnd(), ...rest]);
    }
  }
  const titlePage: TitlePage = {};
  for (const [field, values] of fields) {
    const value = values.join('\n');
    if (value === '') continue;
    if (value.length > MAX_TITLE_PAGE_FIELD_LENGTH) notices.add(`a title page field longer than ${MAX_TITLE_PAGE_FIELD_LENGTH} characters was cut to that length`);
    titlePage[field] = value.slice(0, MAX_TITLE_PAGE_FIELD_LENGTH);
  }
  return titlePage;
}

function plainValue(value: string, line: number, notices: NoticeLog): string {
  const read = readEmphasis(value.trim());
  if (read.spans.length > 0) notices.add('bold, italic and underline on the title page are not kept: its fields are plain text', line);
  return read.text;
}
