import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WritersRoomError } from '../../errors.js';
import { LARGEST_IMPORT_BYTES } from '../../import/script-file.js';

/** A script file as a request carried it: its bytes, and what the request said about it. */
export interface ScriptFileBody {
  bytes: Uint8Array;
  mediaType: string | undefined;
  fileName: string | undefined;
  /** Form fields sent beside the file in a multipart upload (`title`, `format`). */
  fields: Record<string, string>;
}

/** Media types read as a raw file body, not parsed (the JSON API's bodies stay JSON). */
const FILE_MEDIA_TYPES = ['text/plain', 'application/xml', 'text/xml', 'application/pdf', 'application/octet-stream'];

/**
 * Lets routes take a script file as the whole body (`text/plain` Fountain,
 * `application/xml` FDX, `application/pdf`, `application/octet-stream`) or
 * as the one file of a `multipart/form-data` upload, up to the largest
 * import limit (each format's own limit is checked when it is read). JSON
 * bodies keep the server's 1 MiB limit.
 */
export function acceptScriptFiles(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(FILE_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: LARGEST_IMPORT_BYTES }, (_request, body, done) => done(null, body));
  void app.register(multipart, { limits: { fileSize: LARGEST_IMPORT_BYTES, files: 1, fields: 4, fieldSize: 1024, parts: 5 } });
}

/** The script file a request carries, or undefined when its body is the JSON API's. */
export async function scriptFileOf(request: FastifyRequest): Promise<ScriptFileBody | undefined> {
  if (Buffer.isBuffer(request.body)) {
    return { bytes: request.body, mediaType: request.headers['content-type'], fileName: undefined, fields: {} };
  }
  if (!request.isMultipart()) return undefined;
  const fields: Record<string, string> = {};
  let file: Omit<ScriptFileBody, 'fields'> | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'field') fields[part.fieldname] = String(part.value);
    else if (file) throw new WritersRoomError('WR_ERR_INVALID_REQUEST', 'Send one file at a time.');
    else file = { bytes: await part.toBuffer(), mediaType: part.mimetype, fileName: part.filename };
  }
  if (!file) throw new WritersRoomError('WR_ERR_INVALID_REQUEST', 'The upload holds no file.');
  return { ...file, fields };
}
