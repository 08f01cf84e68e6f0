/**
 * Short logs, always (sync SPEC [SY32]): a script edited past the compaction
 * threshold is compacted while it is open, so a server killed with `kill -9`
 * mid-session is reopened from a baseline and at most the threshold's rows,
 * never from every row of the session, and with every acknowledged edit.
 *
 * A stop (SIGTERM) compacts what grew since the last live compaction, so
 * the next process loads a short log too.
 *
 * Breakage that fails it: the registry not telling the compactor of loads
 * and stored rows (`logWatcher` left out in writers-room.ts): the log stays
 * at one row per edit until the script unloads, which a killed process never
 * does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child-server.js';
import { eventually, line } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { createScriptFor, openTestStorage, STORAGE_KINDS, type TestStorage } from '../support/test-server.js';

const MAX_ROWS = 50;
const EDITS = 300;

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`live compaction on ${kind}`, () => {
    let db: TestStorage;
    beforeAll(async () => {
      db = await openTestStorage(kind);
    });
    afterAll(async () => {
      await db.cleanup();
    });

    it('[SY32] keeps an open script’s log short, so a kill -9 mid-session leaves a baseline and at most the threshold’s rows', async () => {
      const scriptId = await createScriptFor(db.storage, 'writer');
      const server = await startChildServer(db.location, {
        COMPACT_MAX_ROWS: String(MAX_ROWS),
        COMPACT_LIVE_INTERVAL_MS: '300',
        MAX_UPDATES_PER_SECOND: '10000',
      });
      const client = new SavingClient(`${server.wsBase}/${scriptId}?token=dev:writer`);
      try {
        await client.connect();
        const text = line(client.doc);
        for (let i = 0; i < EDITS; i++) {
          text.insert(text.length, `<${i}>`);
          if (i % 25 === 0) await client.whenSaved();
        }
        await client.whenSaved();
        // Every edit stored one row; the live compactions fold them while the writer is still connected.
        await eventually(async () => (await db.storage.countVersions(scriptId)) <= MAX_ROWS + 1, `the log back to at most ${MAX_ROWS + 1} rows`);
      } finally {
        await server.kill('SIGKILL');
        client.close();
      }
      expect(await db.storage.countVersions(scriptId)).toBeLessThanOrEqual(MAX_ROWS + 1);

      const restarted = await startChildServer(db.location);
      try {
        const reader = new SavingClient(`${restarted.wsBase}/${scriptId}?token=dev:writer`);
        await reader.connect();
        const restored = line(reader.doc).toString();
        reader.close();
        // Compacting under live edits lost nothing.
        expect(Array.from({ length: EDITS }, (_, i) => i).filter((i) => !restored.includes(`<${i}>`))).toEqual([]);
      } finally {
        await restarted.kill('SIGTERM');
      }
    });

    it('[SY32] leaves a short log behind a stop: rows stored since the last live compaction are compacted on the way out', async () => {
      const scriptId = await createScriptFor(db.storage, 'writer');
      // One live compaction as the log passes the threshold, then none for a minute: the rest waits for the stop.
      const server = await startChildServer(db.location, {
        COMPACT_MAX_ROWS: String(MAX_ROWS),
        COMPACT_LIVE_INTERVAL_MS: '60000',
        MAX_UPDATES_PER_SECOND: '10000',
      });
      const client = new SavingClient(`${server.wsBase}/${scriptId}?token=dev:writer`);
      try {
        await client.connect();
        const text = line(client.doc);
        for (let i = 0; i < EDITS; i++) text.insert(text.length, `<${i}>`);
        await client.whenSaved();
        expect(await db.storage.countVersions(scriptId)).toBeGreaterThan(MAX_ROWS + 1);
      } finally {
        await server.kill('SIGTERM');
        client.close();
      }
      // Fails if the shutdown leaves the script's rows to the next process (compactor.stop without compactLongLogs).
      expect(await db.storage.countVersions(scriptId)).toBeLessThanOrEqual(MAX_ROWS + 1);
    });
  });
}
