import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WritersRoomError } from '../../errors.js';
import type { ScriptId, Storage } from '../../storage/storage.js';
import { scriptForCaller } from '../script-access.js';
import { parse } from '../parse.js';
import { createScriptBody, listScriptsQuery, renameScriptBody, toScriptView } from './schema.js';

export interface ScriptRoutesDeps {
  storage: Storage;
  /** Called after a script is deleted, so open sockets to it are closed. */
  onScriptDeleted(scriptId: ScriptId): void;
}

/** Scripts: create, list, get, rename, soft delete and restore. */
export function registerScriptRoutes(app: FastifyInstance, deps: ScriptRoutesDeps): void {
  const { storage } = deps;

  const authorise = (request: FastifyRequest, options: Parameters<typeof scriptForCaller>[3] = {}) =>
    scriptForCaller(storage, request.identity, request.params, options);

  app.post('/api/scripts', async (request, reply) => {
    const { title } = parse(createScriptBody, request.body);
    const script = await storage.createScript({ ownerId: request.identity.userId, title });
    return reply.code(201).send({ script: toScriptView(script) });
  });

  app.get('/api/scripts', async (request) => {
    const { deleted } = parse(listScriptsQuery, request.query);
    const scripts = await storage.listScriptsForUser(request.identity.userId, { deleted: deleted === 'true' });
    return { scripts: scripts.map(toScriptView) };
  });

  app.get('/api/scripts/:scriptId', async (request) => {
    const { script, role } = await authorise(request);
    return { script: { ...toScriptView(script), role } };
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
    return { script: toScriptView(restored ?? script) };
  });
}
