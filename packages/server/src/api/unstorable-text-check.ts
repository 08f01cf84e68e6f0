import { describeUnstorableText, findUnstorableJson } from '@writersroom/screenplay';
import type { FastifyInstance } from 'fastify';
import { WritersRoomError } from '../errors.js';

/**
 * Refuses every request whose JSON body, query string or path parameters hold
 * text that cannot be stored (NUL, lone surrogates, C0 controls but tab and
 * newline: unstorable-text.ts), once for every route, before the route reads
 * any of it. Without it PostgreSQL refuses such text with an error (a 500)
 * while SQLite stores it, and a NUL reaching the document would break its
 * projection for good. Runs after authentication (onRequest), so an anonymous
 * caller still learns nothing but 401.
 *
 * @throws WR_ERR_UNSTORABLE_TEXT (400) naming the field (`contentBlocks[3].text`,
 *   `query.deleted`, `params.email`) and the character.
 */
export function registerUnstorableTextCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // A script file (Fountain's CRLF, a PDF's bytes) is its reader's to clean: it strips what cannot be stored and reports it.
    const body = Buffer.isBuffer(request.body) ? undefined : request.body;
    const found = findUnstorableJson(body) ?? findUnstorableJson(request.query, 'query') ?? findUnstorableJson(request.params, 'params');
    if (found === undefined) return;
    throw new WritersRoomError(
      'WR_ERR_UNSTORABLE_TEXT',
      `${describeUnstorableText(found)}: text cannot hold control characters other than tab and newline, or lone surrogates.`,
    );
  });
}
