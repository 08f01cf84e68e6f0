import { printableScriptOf } from '@writersroom/screenplay';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Limits } from '../../config.js';
import { PAPER_NAMES } from '../../export/paper-names.js';
import { EXPORT_FORMATS, scriptFile } from '../../export/script-file.js';
import { anchorsIn, exportedThreads, openThreadsOf } from '../../export/script-comments.js';
import { attachmentDisposition } from '../../http/content-disposition.js';
import { perClientAddress } from '../../http/rate-limits.js';
import type { Storage } from '../../storage/storage.js';
import type { DocumentAccess } from '../../sync/document-access.js';
import { parse } from '../parse.js';
import { scriptForCaller } from '../script-access.js';

/** `format` names what to export; `paper` applies to the PDF; `comments=include` adds the open comment threads. */
const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS),
  paper: z.enum(PAPER_NAMES).default('letter'),
  comments: z.literal('include', 'must be include (to add the comments), or be left out').optional(),
});

export interface ExportRouteDeps {
  limits: Pick<Limits, 'exports'>;
  storage: Storage;
  documents: DocumentAccess;
}

/**
 * `GET /api/scripts/:scriptId/export?format=pdf|fountain|fdx[&paper=letter|a4][&comments=include]`:
 * the script as a file to download, for anyone who may read it (viewers too,
 * who see comments, so may take them along). Comments stay out unless
 * `comments=include`: then the open threads go in (script-file.ts).
 * It prints the live document, what writers see at this moment (loading the
 * script, and seeding or repairing it, as opening it does), so the pages
 * break where the editor breaks them. The caller's access is checked before
 * the query, so a stranger learns nothing but 404 or 403. The file is never
 * cached: access can be withdrawn and the script changes. Printing a long
 * script holds the server's one thread for a few hundred milliseconds, so
 * exports are rate-limited per client address (RATE_LIMIT_EXPORTS_PER_MINUTE).
 */
export function registerExportRoute(app: FastifyInstance, deps: ExportRouteDeps): void {
  app.get('/api/scripts/:scriptId/export', { config: { rateLimit: perClientAddress(deps.limits.exports, 'exports') } }, async (request, reply) => {
    const { script } = await scriptForCaller(deps.storage, request.identity, request.params);
    const { format, paper, comments } = parse(exportQuery, request.query);
    const threads = comments === 'include' ? await openThreadsOf(deps.storage, script.scriptId) : [];
    // Read while the script is held, anchors in the same read as the text; paginating and drawing need only the copies.
    const { printable, anchors } = await deps.documents.readWith(script.scriptId, (doc) => ({ printable: printableScriptOf(doc), anchors: anchorsIn(doc, threads) }));
    const exported = comments === 'include' ? await exportedThreads(deps.storage, threads, anchors) : undefined;
    const file = await scriptFile(format, printable, script, paper, exported);
    return reply
      .type(file.mediaType)
      .header('content-disposition', attachmentDisposition(script.title, file.extension))
      .header('cache-control', 'no-store')
      .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
  });
}
