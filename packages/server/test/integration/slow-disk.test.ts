/**
 * The event loop never waits for the disk (issue: ahead of the peers). On a
 * disk whose every sync of the write-ahead log takes 1.5 s (an LD_PRELOAD
 * shim around fsync and fdatasync, test/support/slow-sync), two writers
 * connected to one script keep seeing each other's edits while a commit
 * waits for its sync, and Saved still comes only after the sync of the
 * commit that holds the edit returned.
 *
 * Breakage that fails it: `synchronous = FULL` in open-sqlite-database.ts with
 * the storage on Kysely's own SqliteDialect (SQLite syncs inside the commit,
 * on the event loop): the second edit reaches the other writer only after the
 * first commit's sync. Not awaiting `walSync.sync()` in the dialect's
 * connection: Saved comes before any sync of the log.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child-server.js';
import { eventually, line } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { buildSlowSync, type SlowSync } from '../support/slow-sync/slow-sync.js';
import { createScriptFor, openTestStorage, type TestStorage } from '../support/test-server.js';

const SYNC_DELAY_MS = 1_500;

describe('a slow disk under SQLite', () => {
  let db: TestStorage;
  let dir: string;
  let slowSync: SlowSync;
  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    dir = await mkdtemp(join(tmpdir(), 'writersroom-slow-sync-'));
    slowSync = await buildSlowSync(dir, SYNC_DELAY_MS);
  });
  afterAll(async () => {
    await db.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('does not hold up fan-out while a commit waits for its sync, and says Saved only after that sync', async () => {
    const scriptId = await createScriptFor(db.storage, 'writer');
    const server = await startChildServer(db.location, slowSync.env);
    const writer = new SavingClient(`${server.wsBase}/${scriptId}?token=dev:writer`);
    const reader = new SavingClient(`${server.wsBase}/${scriptId}?token=dev:writer`);
    try {
      await writer.connect();
      await reader.connect();
      await writeFile(slowSync.flag, '');

      line(writer.doc).insert(0, 'one');
      await eventually(async () => (await slowSync.syncs()).length > 0, 'the first commit’s sync to begin');
      const sentSecond = Date.now();
      line(writer.doc).insert(3, ' two');
      await eventually(() => line(reader.doc).toString() === 'one two', 'the second edit at the other writer');
      const secondArrived = Date.now();
      await writer.whenSaved(4 * SYNC_DELAY_MS + 5_000);
      const saved = Date.now();

      const syncs = await slowSync.syncs();
      // Fan-out went on during the first sync.
      expect(secondArrived).toBeLessThan(syncs[0]!.end ?? Infinity);
      // A sync that began after the second edit was sent had returned before Saved.
      expect(syncs.some((sync) => sync.start >= sentSecond && sync.end !== undefined && sync.end <= saved)).toBe(true);
    } finally {
      writer.close();
      reader.close();
      await rm(slowSync.flag, { force: true });
      await server.kill('SIGTERM');
    }
  }, 60_000);
});
