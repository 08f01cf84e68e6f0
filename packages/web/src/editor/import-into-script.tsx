import type { Editor } from '@tiptap/core';
import { Fragment } from '@tiptap/pm/model';
import { TITLE_PAGE_FIELDS, writeTitlePageField, type ImportedScript } from '@writersroom/screenplay';
import { useState } from 'react';
import type * as Y from 'yjs';
import { messageOf } from '../api/client.js';
import { readScriptFile } from '../api/scripts.js';
import { describeElements, ImportReportNotice } from '../ui/import-report.js';
import { dispatchAsOwnUndoStep } from './own-undo-step.js';

/**
 * Replaces the script's content with an imported file's, as one edit of
 * this writer's (collaborators see it at once; one Ctrl/Cmd-Z takes it
 * back), and its title page, when the file has one.
 */
export function replaceScriptContent(editor: Editor, doc: Y.Doc, imported: ImportedScript): void {
  const content = Fragment.fromJSON(editor.schema, imported.document.content);
  dispatchAsOwnUndoStep(editor.view, (tr) => {
    tr.replaceWith(0, tr.doc.content.size, content);
  });
  if (Object.keys(imported.titlePage).length === 0) return;
  doc.transact(() => {
    for (const field of TITLE_PAGE_FIELDS) writeTitlePageField(doc, field, imported.titlePage[field] ?? '');
  });
}

/**
 * "Import into this script": a Fountain, Final Draft or PDF file read by
 * the server, shown for the writer to confirm, then replacing the script's
 * content (see replaceScriptContent), with the import report.
 */
export function ImportIntoScript({ editor, doc }: { editor: Editor | null; doc: Y.Doc }) {
  const [pending, setPending] = useState<{ name: string; imported: ImportedScript } | null>(null);
  const [done, setDone] = useState<ImportedScript | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setDone(null);
    try {
      setPending({ name: file.name, imported: await readScriptFile(file) });
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <div className="import-into-script">
      <label className="file-button">
        Import into this script…
        <input type="file" accept=".fountain,.spmd,.txt,.fdx,.pdf" disabled={!editor} onChange={(event) => void choose(event.target.files?.[0])} />
      </label>
      {pending && (
        <div className="import-confirm" role="alertdialog" aria-label="Replace the script?">
          <p>
            Replace this script’s content with {pending.name}: {describeElements(pending.imported.report)}? Collaborators see it at once; Ctrl+Z undoes it.
          </p>
          <button
            type="button"
            onClick={() => {
              if (editor) replaceScriptContent(editor, doc, pending.imported);
              setDone(pending.imported);
              setPending(null);
            }}
          >
            Replace
          </button>{' '}
          <button type="button" className="quiet" onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
      {done && <ImportReportNotice report={done.report} onDismiss={() => setDone(null)} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
