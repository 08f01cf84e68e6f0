import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Limits } from '../../config.js';
import { perClientAddress } from '../../http/rate-limits.js';
import { ContentFormatError, parseContentBlocks, type ContentBlock } from '@writersroom/screenplay';
import type { DocumentAccess } from '../../sync/document-access.js';
import { WritersRoomError } from '../../errors.js';
import type { ScriptId, Storage } from '../../storage/storage.js';
import { scriptForCaller } from '../script-access.js';
import { parse } from '../parse.js';
import type { PresentWriter } from '../../sync/present-writers.js';
import { registerDeleteForeverRoute } from './delete-forever-route.js';
import { registerExportRoute } from './export-route.js';
import { createScriptFromFile, registerImportRoute } from './import-routes.js';
import { acceptScriptFiles, scriptFileOf } from './script-file-body.js';
import { contentBody, createScriptBody, listScriptsQuery, renameScriptBody, toPresent, toScriptView, toSharedWith } from './schema.js';

export interface ScriptRoutesDeps {
  limits: Pick<Limits, 'scriptCreations' | 'exports' | 'imports'>;
  storage: Storage;
  documents: DocumentAccess;
  /** Called after a script is deleted, so open sockets to it are closed. */
  onScriptDeleted(scriptId: ScriptId): void;
  /** Who has a script open, as this process knows (its own writers and those other processes relay). */
  presentWriters(scriptId: ScriptId): PresentWriter[];
  /** Drops this process's loaded copy of a script deleted for good. */
  forgetScript(scriptId: ScriptId): void;
  /** Where scripts deleted for good are exported first (DELETED_SCRIPTS_DIR). */
  deletedScriptsDir: string;
}

/** Validates content blocks; bad content is the caller's mistake, named precisely. */
function contentBlocks(raw: unknown[]): ContentBlock[] {
  try {
    return parseContentBlocks(raw);
  } catch (error) {
    if (error instanceof ContentFormatError) throw new WritersRoomError('WR_ERR_INVALID_CONTENT', error.message);
    throw error;
  }
}

/**
 * Scripts: create (optionally with content to import), list, get, rename,
 * soft delete and restore; read and replace content through the document;
 * export it (export-route.ts).
 */
export function registerScriptRoutes(app: FastifyInstance, deps: ScriptRoutesDeps): void {
  const { storage } = deps;
  acceptScriptFiles(app);

  const authorise = (request: FastifyRequest, options: Parameters<typeof scriptForCaller>[3] = {}) =>
    scriptForCaller(storage, request.identity, request.params, options);

  app.post('/api/scripts', { config: { rateLimit: perClientAddress(deps.limits.scriptCreations, 'script-creations') } }, async (request, reply) => {
    const file = await scriptFileOf(request);
    if (file) return reply.code(201).send(await createScriptFromFile(storage, request.identity.userId, request, file));
    const body = parse(createScriptBody, request.body);
    // Imported content is stored as the projection; the server seeds the document from it on first open, once.
    const imported = body.contentBlocks === undefined ? null : contentBlocks(body.contentBlocks);
    const script = await storage.createScript({ ownerId: request.identity.userId, title: body.title, contentBlocks: imported });
    return reply.code(201).send({ script: toScriptView(script) });
  });

  app.get('/api/scripts', async (request) => {
    const { deleted } = parse(listScriptsQuery, request.query);
    const { userId } = request.identity;
    // Three queries however many scripts, rather than one sharing request per script from the client.
    const [scripts, collaborators, invitations] = await Promise.all([
      storage.listScriptsForUser(userId, { deleted: deleted === 'true' }),
      storage.listCollaboratorsByOwner(userId),
      storage.listInvitationsByOwner(userId),
    ]);
    return {
      scripts: scripts.map((script) => {
        const view = { ...toScriptView(script), pageCount: script.pageCount, present: toPresent(deps.presentWriters(script.scriptId)) };
        if (script.role !== 'owner') return view;
        return { ...view, sharedWith: toSharedWith(collaborators.get(script.scriptId), invitations.get(script.scriptId)) };
      }),
    };
  });

  app.get('/api/scripts/:scriptId', async (request) => {
    const { script, role } = await authorise(request);
    return { script: { ...toScriptView(script), role } };
  });

  app.get('/api/scripts/:scriptId/content', async (request) => {
    const { script } = await authorise(request);
    return { contentBlocks: await deps.documents.read(script.scriptId) };
  });

  registerExportRoute(app, deps);
  registerDeleteForeverRoute(app, deps);
  registerImportRoute(app, deps);

  app.put('/api/scripts/:scriptId/content', async (request) => {
    const { script } = await authorise(request, { minimum: 'editor', action: 'change the content' });
    const blocks = contentBlocks(parse(contentBody, request.body).contentBlocks);
    return { contentBlocks: await deps.documents.replace(script.scriptId, blocks, request.identity.userId) };
  });

  app.patch('/api/scripts/:scriptId', async (request) => {
    const { script, role } = await authorise(request, { minimum: 'editor', action: 'rename a script' });
    const { title } = parse(renameScriptBody, request.body);
    const renamed = await storage.renameScript(script.scriptId, title);
    if (!renamed) throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
    return { script: { ...toScriptView(renamed), role } };
  });

  app.delete('/api/scripts/:scriptId', async (request) => {
    const { script } = await authorise(request, { minimum: 'owner', action: 'delete a script' });
    const deleted = await storage.setScriptDeleted(script.scriptId, true);
    deps.onScriptDeleted(script.scriptId);
    return { script: toScriptView(deleted ?? script) };
  });

  app.post('/api/scripts/:scriptId/restore', async (request) => {
    const { script } = await authorise(request, { minimum: 'owner', action: 'restore a script', includeDeleted: true });
    const restored = await storage.setScriptDeleted(script.scriptId, false);
    // Deleted for good since it was read (on another process, say): there is nothing to restore.
    if (!restored) throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
    return { script: toScriptView(restored) };
  });
}
