import * as Y from 'yjs';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { createSqliteStorage } from '../../src/storage/sqlite-storage.js';
import type { ScriptId, Storage, UserId } from '../../src/storage/storage.js';
import { LOAD_ORIGIN } from '../../src/sync/origins.js';
import { Room } from '../../src/sync/room.js';
import { blankPageUpdate } from './providers.js';

/** The limits a server has when no variable sets them. */
export const DEFAULT_LIMITS = loadConfig({}).limits;

export interface BlankScript {
  storage: Storage;
  /** The owner, a provisioned user: rows can name them as `created_by`. */
  userId: UserId;
  scriptId: ScriptId;
}

/**
 * A migrated in-memory SQLite database holding one script whose log is a
 * blank page (one baseline row, as seeding leaves it) and its owner. The
 * caller closes the storage.
 */
export async function createBlankScript(): Promise<BlankScript> {
  const storage = createSqliteStorage({ file: ':memory:' });
  await storage.migrate();
  const owner = await storage.provisionUser({ firebaseUid: 'dev:ada', displayName: 'Ada' });
  const { scriptId } = await storage.createScript({ ownerId: owner.userId, title: 'Blank' });
  await storage.appendVersions([{ scriptId, update: blankPageUpdate(), createdBy: null, kind: 'baseline' }]);
  return { storage, userId: owner.userId, scriptId };
}

/**
 * A room over a blank page, loaded as the registry loads one (origin
 * `load`), with no sinks: the test adds the ones it needs.
 */
export function blankRoom(options: { scriptId?: ScriptId; metrics?: Metrics; logger?: Logger; maxDocumentBytes?: number } = {}): Room {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, blankPageUpdate(), LOAD_ORIGIN);
  return new Room({
    scriptId: options.scriptId ?? 'script-under-test',
    doc,
    generation: 0,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_LIMITS.maxDocumentBytes,
    metrics: options.metrics ?? new Metrics({ processMetrics: false }),
    logger: options.logger ?? createLogger('silent'),
  });
}
