import * as Y from 'yjs';
import { findUnstorableCharacter } from './unstorable-text.js';

/**
 * The script's title page, kept in the Yjs document beside the screenplay
 * (a `Y.Map` root of its own, one string per field), so that collaborators
 * see a change live, offline copies merge it like any edit, and the
 * document's history carries it. Fields are the ones Fountain's title page
 * and the industry's title pages use; an empty or missing field prints
 * nothing.
 */
export const TITLE_PAGE_MAP = 'titlePage';

export const TITLE_PAGE_FIELDS = ['title', 'credit', 'authors', 'source', 'draftDate', 'contact', 'copyright', 'notes'] as const;
export type TitlePageField = (typeof TITLE_PAGE_FIELDS)[number];
export type TitlePage = Partial<Record<TitlePageField, string>>;

/** What the UI calls each field. */
export const TITLE_PAGE_LABELS: Readonly<Record<TitlePageField, string>> = {
  title: 'Title',
  credit: 'Credit',
  authors: 'Author(s)',
  source: 'Source',
  draftDate: 'Draft date',
  contact: 'Contact',
  copyright: 'Copyright',
  notes: 'Notes',
};

/** Longest value of one field: a title page holds a few lines each (an agent's address, a "based on" line). */
export const MAX_TITLE_PAGE_FIELD_LENGTH = 2000;

const FIELDS: ReadonlySet<string> = new Set(TITLE_PAGE_FIELDS);

export function isTitlePageField(key: string): key is TitlePageField {
  return FIELDS.has(key);
}

/**
 * Why `value` cannot be the title page's `key`, or undefined when it can: a
 * known field, a string, no longer than MAX_TITLE_PAGE_FIELD_LENGTH, and
 * nothing the storage cannot hold. The schema guard asks this of every
 * write to the title page; the UI asks it before writing.
 */
export function titlePageFieldProblem(key: string, value: unknown): string | undefined {
  if (!isTitlePageField(key)) return `unknown title page field '${key}'`;
  if (typeof value !== 'string') return `title page field '${key}' set to ${value === null ? 'null' : typeof value} instead of text`;
  if (value.length > MAX_TITLE_PAGE_FIELD_LENGTH) return `title page field '${key}' is ${value.length} characters long (at most ${MAX_TITLE_PAGE_FIELD_LENGTH})`;
  const unstorable = findUnstorableCharacter(value);
  if (unstorable) return `title page field '${key}' holds ${unstorable.name} at index ${unstorable.index}, which cannot be stored`;
  return undefined;
}

/** The title page as the document holds it now; fields never set are absent. */
export function readTitlePage(doc: Y.Doc): TitlePage {
  const map = doc.getMap<unknown>(TITLE_PAGE_MAP);
  const page: TitlePage = {};
  for (const field of TITLE_PAGE_FIELDS) {
    const value = map.get(field);
    if (typeof value === 'string' && value !== '') page[field] = value;
  }
  return page;
}

/**
 * Sets one field, in one transaction with `origin`; a value equal to the
 * current one writes nothing. An empty string clears the field.
 * @throws Error naming the problem when `titlePageFieldProblem` finds one.
 */
export function writeTitlePageField(doc: Y.Doc, field: TitlePageField, value: string, origin?: unknown): void {
  const problem = titlePageFieldProblem(field, value);
  if (problem) throw new Error(problem);
  const map = doc.getMap<unknown>(TITLE_PAGE_MAP);
  if ((map.get(field) ?? '') === value) return;
  doc.transact(() => {
    if (value === '') map.delete(field);
    else map.set(field, value);
  }, origin);
}
