import { buildDocumentUpdate, prosemirrorToContentBlocks, type ImportedScript } from '@writersroom/screenplay';
import type { ScriptCatalogue, ScriptRecord, UserId } from '../storage/storage.js';

/**
 * Stores an imported script as a new script of `ownerId`: its whole document
 * (marks and title page included) as its first row, in the same transaction
 * as the script (storage [ST40]), and its `content_blocks` the projection of
 * that document. The REST import and the CLI's both come here.
 */
export function createImportedScript(
  storage: Pick<ScriptCatalogue, 'createScript'>,
  ownerId: UserId,
  title: string,
  imported: ImportedScript,
): Promise<ScriptRecord> {
  const contentBlocks = prosemirrorToContentBlocks(imported.document);
  return storage.createScript({ ownerId, title, contentBlocks, document: buildDocumentUpdate(imported.document, imported.titlePage) });
}

/**
 * The title a new script of an import gets when none was asked for: the
 * title page's title on one line, else the file's name without its
 * extension, else "Untitled script".
 */
export function titleOfImport(imported: ImportedScript, fileName: string | undefined): string {
  const fromTitlePage = imported.titlePage.title
    ?.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  const fromFile = fileName?.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').trim();
  return (fromTitlePage || fromFile || 'Untitled script').slice(0, 200);
}
