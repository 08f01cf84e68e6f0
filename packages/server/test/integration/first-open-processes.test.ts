/**
 * [SY4] [SY20] storage [ST25]: seeding and repairs with several server
 * processes on one PostgreSQL database. Each case opens the same scripts
 * through three real server processes at the same moment, then reads them
 * back through a fourth that has never seen them: the content is there
 * exactly once, and the log holds one seed or one repair, never a copy per
 * process.
 *
 * Breakages that fail them: the code before this fix failed all three (no
 * read of the log after a lost seeding race, then a repair written with the
 * loaded doc's random client id: the fresh import's log held its seed plus a
 * repair, so a fourth process served 400 blocks for 200). Writing a repair
 * without deciding again under the script's lock (`storage.appendVersions`
 * of content written into the loaded doc) fails the racing-repairs case
 * alone: each process that found the legacy array adds a copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ContentBlock } from '@writersroom/screenplay';
import type { Storage, StoredVersion } from '../../src/storage/storage.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { postgresAvailable } from '../support/postgres.js';
import { connectStockClient, whenSynced } from '../support/providers.js';
import { blocksOf, sampleBlocks } from '../support/screenplay-reading.js';
import { openTestStorage, type TestStorage } from '../support/test-server.js';

const PROCESSES = 3;
const OPENERS_PER_PROCESS = 10;
const SCRIPTS = 3;
const BLOCKS = sampleBlocks(200);

/** A script as the old backend left it: content_blocks, plus a Y.Array('content') row the editor never reads. */
function legacyRow(blocks: readonly ContentBlock[]): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray('content').push(blocks.map((block) => ({ ...block })));
  return Y.encodeStateAsUpdate(doc);
}

/** Rows whose first one is lost: the document they build is partial (missing predecessors). */
function rowsMissingTheirFirst(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getXmlFragment('default');
  for (let i = 0; i < 4; i++) {
    const element = new Y.XmlElement('action');
    element.insert(0, [new Y.XmlText(`line ${i}`)]);
    text.insert(text.length, [element]);
  }
  return updates.slice(1);
}

describe.skipIf(!postgresAvailable)('opening a script from three server processes at once, on PostgreSQL', () => {
  let db: TestStorage;
  let storage: Storage;
  let servers: ChildServer[] = [];
  let owner: string;

  beforeAll(async () => {
    db = await openTestStorage('postgres');
    storage = db.storage;
    owner = (await storage.provisionUser({ firebaseUid: 'dev:writer', displayName: 'writer' })).userId;
    servers = await Promise.all(Array.from({ length: PROCESSES }, () => startChildServer(db.location)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill('SIGTERM')));
    await db.cleanup();
  });

  async function createScripts(prepare: (scriptId: string) => Promise<void>): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < SCRIPTS; i++) {
      const script = await storage.createScript({ ownerId: owner, title: `Import ${i}`, contentBlocks: BLOCKS });
      await prepare(script.scriptId);
      ids.push(script.scriptId);
    }
    return ids;
  }

  /** Every opener of every script connects at once, spread over the processes; resolves with what each was served. */
  async function openAllAtOnce(scriptIds: string[]): Promise<ContentBlock[][]> {
    const providers: WebsocketProvider[] = [];
    try {
      for (const scriptId of scriptIds) {
        for (const server of servers) {
          for (let i = 0; i < OPENERS_PER_PROCESS; i++) providers.push(connectStockClient(server.wsBase, scriptId, 'writer'));
        }
      }
      await Promise.all(providers.map((provider) => whenSynced(provider, 30_000)));
      return providers.map((provider) => blocksOf(provider.doc));
    } finally {
      for (const provider of providers) provider.destroy();
    }
  }

  /** What a process that never had the script in memory serves. */
  async function servedByAFreshProcess(scriptId: string): Promise<ContentBlock[]> {
    const fresh = await startChildServer(db.location);
    const provider = connectStockClient(fresh.wsBase, scriptId, 'writer');
    try {
      await whenSynced(provider, 30_000);
      return blocksOf(provider.doc);
    } finally {
      provider.destroy();
      await fresh.kill('SIGTERM');
    }
  }

  const kinds = (rows: StoredVersion[]) => rows.map((row) => row.kind);

  it('[SY20] [ST25] a fresh import is seeded once: every opener and a fourth process see its 200 blocks once', async () => {
    const scriptIds = await createScripts(async () => undefined);
    const served = await openAllAtOnce(scriptIds);
    expect(served).toHaveLength(SCRIPTS * PROCESSES * OPENERS_PER_PROCESS);
    for (const blocks of served) expect(blocks).toEqual(BLOCKS);
    for (const scriptId of scriptIds) {
      expect(kinds(await storage.loadVersions(scriptId))).toEqual(['baseline']);
      expect(await servedByAFreshProcess(scriptId)).toEqual(BLOCKS);
    }
  });

  it("[SY4] [ST25] two repairs racing: content left in the old backend's Y.Array is moved into the fragment once", async () => {
    const scriptIds = await createScripts((scriptId) =>
      storage.appendVersions([{ scriptId, update: legacyRow(BLOCKS), createdBy: null, kind: 'update' }]),
    );
    for (const blocks of await openAllAtOnce(scriptIds)) expect(blocks).toEqual(BLOCKS);
    for (const scriptId of scriptIds) {
      expect(kinds(await storage.loadVersions(scriptId))).toEqual(['update', 'update']);
      expect(await servedByAFreshProcess(scriptId)).toEqual(BLOCKS);
    }
  });

  it('[SY4] [ST25] [ST37] a reseed racing a seed: a log with missing rows is quarantined and reseeded once', async () => {
    const scriptIds = await createScripts((scriptId) =>
      storage.appendVersions(rowsMissingTheirFirst().map((update) => ({ scriptId, update, createdBy: null, kind: 'update' as const }))),
    );
    for (const blocks of await openAllAtOnce(scriptIds)) expect(blocks).toEqual(BLOCKS);
    for (const scriptId of scriptIds) {
      expect(kinds(await storage.loadVersions(scriptId))).toEqual(['baseline']);
      expect(await storage.listQuarantined(scriptId)).toHaveLength(3);
      expect(await storage.getGeneration(scriptId)).toBe(1);
      expect(await servedByAFreshProcess(scriptId)).toEqual(BLOCKS);
    }
  });
});
