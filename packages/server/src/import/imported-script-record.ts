import { buildDocumentUpdate, documentToContentBlocks, parseProsemirrorDocument, type ContentBlock, type ImportedScript } from '@writersroom/screenplay';
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
  return storage.createScript({ ownerId, title, ...storedFormOf(imported) });
}

/** What an imported script is stored as: its document as one Yjs update, and that document's content_blocks. */
export function storedFormOf(imported: ImportedScript): { contentBlocks: ContentBlock[]; document: Uint8Array } {
  const document = parseProsemirrorDocument(imported.document);
  return { contentBlocks: documentToContentBlocks(document), document: buildDocumentUpdate(document, imported.titlePage) };
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
