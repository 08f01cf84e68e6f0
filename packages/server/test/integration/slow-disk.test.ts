/**
 * The event loop never waits for the disk (issue: ahead of the peers). On a
 * disk whose every sync of the write-ahead log takes 1.5 s (an LD_PRELOAD
 * shim around fsync and fdatasync, test/support/slow-sync), two writers
 * connected to one script keep seeing each other's edits while a commit
 * waits for its sync, and Saved still comes only after the sync of the
 * commit that holds the edit returned. Every shape of write resolves only
 * after a sync; a transaction that only read costs none.
 *
 * Breakages that fail it: `synchronous = FULL` in open-sqlite-database.ts
 * with the storage on Kysely's own SqliteDialect (SQLite syncs inside the
 * commit, on the event loop): the second edit reaches the other writer only
 * after the first commit's sync. Not awaiting `walSync.sync()` in the
 * dialect's connection: Saved comes before any sync of the log. Taking
 * statements that return rows for reads: `insert … returning` resolves
 * unsynced. Taking `begin immediate` for a write: a read-only transaction
 * waits for a sync.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child-server.js';
import { eventually, line } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { buildSlowSync, type SlowSync } from '../support/slow-sync/slow-sync.js';
import { createScriptFor, openTestStorage, type TestStorage } from '../support/test-server.js';

const SYNC_DELAY_MS = 1_500;
const WRITES_CHILD = fileURLToPath(new URL('../support/slow-sync/storage-writes-child.ts', import.meta.url));

describe('a slow disk under SQLite', () => {
  let db: TestStorage;
  let dir: string;
  let slowSync: SlowSync;
  let quickSync: SlowSync;
  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    dir = await mkdtemp(join(tmpdir(), 'writersroom-slow-sync-'));
    slowSync = await buildSlowSync(join(dir, 'slow'), SYNC_DELAY_MS);
    quickSync = await buildSlowSync(join(dir, 'quick'), 200);
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

  it('resolves every kind of write only after a sync that began after it, and a transaction that only read without one', async () => {
    const file = join(dir, 'writes.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', WRITES_CHILD, file], { env: { ...process.env, ...quickSync.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const syncs = await quickSync.syncs();
    const during = (began: number, resolved: number) => syncs.filter((sync) => sync.start >= began && sync.end !== undefined && sync.end <= resolved);
    const operations = new Map(output.trim().split('\n').map((row) => { const [name, began, resolved] = row.split(' '); return [name!, during(Number(began), Number(resolved)).length]; }));
    // Fails if a statement that returns rows (`insert … returning`) is taken for a read, or if `begin immediate` counts as a write.
    expect(Object.fromEntries(operations)).toEqual({ 'insert-returning': 1, append: 1, 'read-only-transaction': 0 });
  }, 60_000);
});
