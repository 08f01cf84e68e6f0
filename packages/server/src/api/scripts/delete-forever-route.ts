import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { defaultExportPath, exportOf, writeExportFile } from '../../cli/export-file.js';
import { WritersRoomError } from '../../errors.js';
import type { ScriptId, Storage } from '../../storage/storage.js';
import { scriptForCaller } from '../script-access.js';

export interface DeleteForeverDeps {
  storage: Storage;
  /** Where each script's rows are exported before it is deleted (DELETED_SCRIPTS_DIR). */
  deletedScriptsDir: string;
  /** Closes the script's sockets in every process (4004). */
  onScriptDeleted(scriptId: ScriptId): void;
  /** Drops this process's loaded copy, so nothing of it is checkpointed or projected after the rows are gone. */
  forgetScript(scriptId: ScriptId): void;
}

/**
 * `DELETE /api/scripts/:scriptId/permanently`: the owner deletes a script
 * from the trash for good. Every row of its log is first written to an
 * export file (the format `clear-yjs` writes and `restore-yjs` reads, with
 * its checksum, fsynced and read back) in `deletedScriptsDir`; only then is
 * the script deleted, and only if its log still holds exactly the exported
 * rows (storage [ST45]). An export that cannot be written deletes nothing;
 * a delete refused after the export (the script restored from the Trash
 * meanwhile, or written to) removes that export again.
 * Answers with the export file's name; the operator finds it in that folder.
 */
export function registerDeleteForeverRoute(app: FastifyInstance, deps: DeleteForeverDeps): void {
  const { storage } = deps;
  app.delete('/api/scripts/:scriptId/permanently', async (request) => {
    const { script } = await scriptForCaller(storage, request.identity, request.params, {
      minimum: 'owner',
      action: 'delete a script for good',
      includeDeleted: true,
    });
    if (script.deletedAt === null) throw new WritersRoomError('WR_ERR_CONFLICT', 'Only a script in the Trash can be deleted for good: delete it first.');
    const rows = await storage.loadVersions(script.scriptId);
    const file = defaultExportPath(deps.deletedScriptsDir, script.scriptId);
    try {
      await mkdir(deps.deletedScriptsDir, { recursive: true });
      await writeExportFile(file, exportOf(script, storage.dialect, rows));
    } catch (error) {
      throw new WritersRoomError('WR_ERR_INTERNAL', 'The script could not be exported before deleting it, so nothing was deleted.', { cause: error });
    }
    const outcome = await storage.deleteScriptForever(script.scriptId, rows.map((row) => row.versionId));
    // Refused, the script keeps its rows: an export beside those of scripts really deleted would only mislead.
    if (outcome !== 'deleted') await rm(file, { force: true });
    if (outcome === 'not-found') throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
    if (outcome === 'not-in-trash') throw new WritersRoomError('WR_ERR_CONFLICT', 'The script was restored meanwhile; nothing was deleted.');
    if (outcome === 'log-changed') throw new WritersRoomError('WR_ERR_CONFLICT', 'The script changed while it was exported; nothing was deleted. Try again.');
    deps.forgetScript(script.scriptId);
    deps.onScriptDeleted(script.scriptId);
    const exportFile = path.basename(file);
    request.log.info({ scriptId: script.scriptId, exportFile: file, rows: rows.length, by: request.identity.userId }, 'script deleted for good');
    return { scriptId: script.scriptId, title: script.title, exportFile };
  });
}
