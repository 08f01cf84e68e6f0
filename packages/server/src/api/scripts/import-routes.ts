import type { ImportedScript, ImportReport } from '@writersroom/screenplay';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Limits } from '../../config.js';
import { WritersRoomError } from '../../errors.js';
import { perClientAddress } from '../../http/rate-limits.js';
import { createImportedScript, titleOfImport } from '../../import/imported-script-record.js';
import { formatOf, readScriptFile } from '../../import/script-file.js';
import type { ScriptCatalogue, UserId } from '../../storage/storage.js';
import { parse } from '../parse.js';
import { scriptFileOf, type ScriptFileBody } from './script-file-body.js';
import { toScriptView, type ScriptView } from './schema.js';

const importQuery = z.object({ format: z.string().optional(), title: z.string().optional() });
const title = z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters');

/** The script a file holds, read in the format its request names. */
async function readFileOf(request: FastifyRequest, file: ScriptFileBody): Promise<ImportedScript> {
  const query = parse(importQuery, request.query);
  return readScriptFile(formatOf(query.format ?? file.fields['format'], file.mediaType, file.fileName), file.bytes);
}

/**
 * `POST /api/imports?format=fountain|fdx|pdf`: a script file read as a
 * script (document, title page, report), storing nothing: the editor's
 * "Import into this script" replaces the open script's content with it as
 * one edit of its own. Rate-limited per client address
 * (RATE_LIMIT_IMPORTS_PER_MINUTE): reading a long PDF holds the thread.
 */
export function registerImportRoute(app: FastifyInstance, deps: { limits: Pick<Limits, 'imports'> }): void {
  app.post('/api/imports', { config: { rateLimit: perClientAddress(deps.limits.imports, 'imports') } }, async (request) => {
    const file = await scriptFileOf(request);
    if (!file) throw new WritersRoomError('WR_ERR_INVALID_REQUEST', 'Send the script file as the body (Fountain, FDX or PDF), or upload it as a form.');
    return readFileOf(request, file);
  });
}

/**
 * A new script of a file sent to `POST /api/scripts`, owned by `ownerId`:
 * its whole document (marks and title page included) stored with it
 * (createImportedScript). Titled by `?title=` (or a `title` form field), else
 * the title page's title, else the file's name. Nothing is stored when the
 * file cannot be read.
 */
export async function createScriptFromFile(
  storage: Pick<ScriptCatalogue, 'createScript'>,
  ownerId: UserId,
  request: FastifyRequest,
  file: ScriptFileBody,
): Promise<{ script: ScriptView; report: ImportReport }> {
  const imported = await readFileOf(request, file);
  const scriptTitle = parse(title, parse(importQuery, request.query).title ?? file.fields['title'] ?? titleOfImport(imported, file.fileName));
  const script = await createImportedScript(storage, ownerId, scriptTitle, imported);
  return { script: toScriptView(script), report: imported.report };
}
