import {
  MAX_TITLE_PAGE_FIELD_LENGTH,
  readTitlePage,
  TITLE_PAGE_FIELDS,
  TITLE_PAGE_LABELS,
  TITLE_PAGE_MAP,
  titlePageFieldProblem,
  writeTitlePageField,
  type TitlePage,
  type TitlePageField,
} from '@writersroom/screenplay';
import { useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/** Fields that hold several lines on a title page. */
const MULTILINE: ReadonlySet<TitlePageField> = new Set(['authors', 'contact', 'notes']);

const HINTS: Partial<Record<TitlePageField, string>> = {
  credit: 'Written by',
  source: 'Based on the novel by …',
  draftDate: 'First draft, 6 December 2026',
};

/**
 * The title page's fields, kept in the script's document: every keystroke is
 * an edit like any other, so collaborators see it live and it is saved with
 * the script. Viewers see the fields read-only.
 */
export function TitlePageForm({ doc, scriptTitle, readOnly }: { doc: Y.Doc; scriptTitle: string; readOnly: boolean }) {
  const page = useTitlePage(doc);
  const [problem, setProblem] = useState<string | null>(null);
  const write = (field: TitlePageField, value: string) => {
    const refused = titlePageFieldProblem(field, value);
    setProblem(refused ?? null);
    if (!refused) writeTitlePageField(doc, field, value);
  };
  return (
    <form className="title-page-form" aria-label="Title page" onSubmit={(event) => event.preventDefault()}>
      {TITLE_PAGE_FIELDS.map((field) => {
        const common = {
          value: page[field] ?? '',
          readOnly,
          maxLength: MAX_TITLE_PAGE_FIELD_LENGTH,
          placeholder: field === 'title' ? scriptTitle : HINTS[field],
          onChange: (event: { target: { value: string } }) => write(field, event.target.value),
        };
        return (
          <label key={field}>
            {TITLE_PAGE_LABELS[field]}
            {MULTILINE.has(field) ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
          </label>
        );
      })}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <p className="muted">An empty title prints the script’s title. The title page comes first in the PDF.</p>
    </form>
  );
}

/** The title page as the document holds it, updated on every change (this writer's and collaborators'). */
function useTitlePage(doc: Y.Doc): TitlePage {
  const snapshot = useSyncExternalStore(
    (onChange) => {
      const map = doc.getMap(TITLE_PAGE_MAP);
      map.observe(onChange);
      return () => map.unobserve(onChange);
    },
    () => JSON.stringify(readTitlePage(doc)),
  );
  return JSON.parse(snapshot) as TitlePage;
}
