import { compareVersions } from '@writersroom/screenplay';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WritersRoomError } from '../../errors.js';
import { readContent, readDocument, type CheckpointDocument } from '../../history/checkpoint-content.js';
import type { Checkpointer } from '../../history/checkpointer.js';
import type { CheckpointRecord, ScriptId, Storage } from '../../storage/storage.js';
import type { DocumentAccess } from '../../sync/document-access.js';
import { parse } from '../parse.js';
import { peopleOf } from '../people.js';
import { scriptForCaller } from '../script-access.js';
import { checkpointParams, compareQuery, nameBody, toCheckpointView } from './schema.js';

export interface HistoryRoutesDeps {
  storage: Storage;
  documents: DocumentAccess;
  checkpointer: Checkpointer;
}

/**
 * A script's history: its checkpoints listed, read, compared element by
 * element, named, and restored as a forward edit. Viewers and up read;
 * editors name and restore.
 */
export function registerHistoryRoutes(app: FastifyInstance, deps: HistoryRoutesDeps): void {
  const { storage, documents, checkpointer } = deps;
  const authorise = (request: FastifyRequest, options: Parameters<typeof scriptForCaller>[3] = {}) =>
    scriptForCaller(storage, request.identity, request.params, options);

  const views = async (checkpoints: CheckpointRecord[]) => {
    const person = await peopleOf(storage, checkpoints.flatMap((c) => [c.takenBy, ...c.authors]));
    return checkpoints.map((checkpoint) => toCheckpointView(checkpoint, person));
  };

  /** @throws WR_ERR_NOT_FOUND when the id names no checkpoint of this script. */
  const stored = async (scriptId: ScriptId, checkpointId: string) => {
    const found = await storage.getCheckpoint(scriptId, checkpointId);
    if (!found) throw new WritersRoomError('WR_ERR_NOT_FOUND', 'This script has no such version.');
    return found;
  };

  const contentOf = async (scriptId: ScriptId, checkpointId: string): Promise<CheckpointDocument> =>
    checkpointId === 'current' ? documents.readWith(scriptId, readDocument) : readContent((await stored(scriptId, checkpointId)).content);

  app.get('/api/scripts/:scriptId/history', async (request) => {
    const { script } = await authorise(request);
    return { checkpoints: await views(await storage.listCheckpoints(script.scriptId)) };
  });

  app.get('/api/scripts/:scriptId/history/compare', async (request) => {
    const { script } = await authorise(request);
    const { from, to } = parse(compareQuery, request.query);
    const [before, after] = await Promise.all([contentOf(script.scriptId, from), contentOf(script.scriptId, to)]);
    return { comparison: compareVersions(before.document, after.document) };
  });

  app.get('/api/scripts/:scriptId/history/:checkpointId', async (request) => {
    const { script } = await authorise(request);
    const { checkpointId } = parse(checkpointParams, request.params);
    const { checkpoint, content } = await stored(script.scriptId, checkpointId);
    const [view] = await views([checkpoint]);
    return { checkpoint: view, ...(await readContent(content)) };
  });

  app.post('/api/scripts/:scriptId/history', async (request, reply) => {
    const { script } = await authorise(request, { minimum: 'editor', action: 'name a draft' });
    const { name } = parse(nameBody, request.body);
    const takenBy = request.identity.userId;
    const checkpoint = await documents.readWith(script.scriptId, (doc) => checkpointer.take({ scriptId: script.scriptId, doc }, { kind: 'named', name, takenBy }));
    const [view] = await views([checkpoint]);
    return reply.code(201).send({ checkpoint: view });
  });

  app.patch('/api/scripts/:scriptId/history/:checkpointId', async (request) => {
    const { script } = await authorise(request, { minimum: 'editor', action: 'name a draft' });
    const { checkpointId } = parse(checkpointParams, request.params);
    const { name } = parse(nameBody, request.body);
    const named = await storage.nameCheckpoint(script.scriptId, checkpointId, name, request.identity.userId);
    if (!named) throw new WritersRoomError('WR_ERR_NOT_FOUND', 'This script has no such version.');
    checkpointer.changed(script.scriptId);
    const [view] = await views([named]);
    return { checkpoint: view };
  });

  app.post('/api/scripts/:scriptId/history/:checkpointId/restore', async (request) => {
    const { script } = await authorise(request, { minimum: 'editor', action: 'restore a version' });
    const { checkpointId } = parse(checkpointParams, request.params);
    const { checkpoint, content } = await stored(script.scriptId, checkpointId);
    const restored = await readContent(content);
    const takenBy = request.identity.userId;
    const label = checkpoint.name ?? checkpoint.createdAt.toISOString().slice(0, 16).replace('T', ' ');
    // A forward edit through the live document: open pages follow it, offline copies merge with it.
    const taken = await documents.restore(script.scriptId, restored, takenBy, (doc) =>
      checkpointer.take({ scriptId: script.scriptId, doc }, { kind: 'restore', name: `Restored “${label}”`, takenBy, restoredFrom: checkpoint.checkpointId }),
    );
    const [view] = await views([taken]);
    return { checkpoint: view };
  });
}
