import type { FastifyInstance } from 'fastify';
import { WritersRoomError } from '../../errors.js';
import type { Role, ScriptId, Storage } from '../../storage/storage.js';
import type { Identity } from '../../auth/authenticator.js';
import { parse } from '../parse.js';
import { createScriptBody, listScriptsQuery, renameScriptBody, scriptParams, toScriptView } from './schema.js';

export interface ScriptRoutesDeps {
  storage: Storage;
  /** Called after a script is deleted, so open sockets to it are closed. */
  onScriptDeleted(scriptId: ScriptId): void;
}

const canRename: ReadonlySet<Role> = new Set(['owner', 'editor']);

/** Scripts: create, list, get, rename, soft delete and restore. */
export function registerScriptRoutes(app: FastifyInstance, deps: ScriptRoutesDeps): void {
  const { storage } = deps;

  /** Loads a script the caller may see; 404 when it does not exist, 403 when it is not theirs. */
  async function authorise(identity: Identity, rawParams: unknown, options: { includeDeleted?: boolean } = {}) {
    const { scriptId } = parse(scriptParams, rawParams);
    const [script, role] = await Promise.all([storage.getScript(scriptId, options), storage.getRole(scriptId, identity.userId)]);
    if (!script) throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
    if (!role) throw new WritersRoomError('WR_ERR_FORBIDDEN');
    return { script, role };
  }

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
    const { script, role } = await authorise(request.identity, request.params);
    return { script: { ...toScriptView(script), role } };
  });

  app.patch('/api/scripts/:scriptId', async (request) => {
    const { script, role } = await authorise(request.identity, request.params);
    if (!canRename.has(role)) throw new WritersRoomError('WR_ERR_FORBIDDEN', 'Viewers cannot rename a script.');
    const { title } = parse(renameScriptBody, request.body);
    const renamed = await storage.renameScript(script.scriptId, title);
    if (!renamed) throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
    return { script: { ...toScriptView(renamed), role } };
  });

  app.delete('/api/scripts/:scriptId', async (request) => {
    const { script, role } = await authorise(request.identity, request.params);
    if (role !== 'owner') throw new WritersRoomError('WR_ERR_FORBIDDEN', 'Only the owner can delete a script.');
    const deleted = await storage.setScriptDeleted(script.scriptId, true);
    deps.onScriptDeleted(script.scriptId);
    return { script: toScriptView(deleted ?? script) };
  });

  app.post('/api/scripts/:scriptId/restore', async (request) => {
    const { script, role } = await authorise(request.identity, request.params, { includeDeleted: true });
    if (role !== 'owner') throw new WritersRoomError('WR_ERR_FORBIDDEN', 'Only the owner can restore a script.');
    const restored = await storage.setScriptDeleted(script.scriptId, false);
    return { script: toScriptView(restored ?? script) };
  });
}
