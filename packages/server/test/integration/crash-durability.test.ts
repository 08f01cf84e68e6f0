import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child-server.js';
import { postgresAvailable } from '../support/postgres.js';
import { SavingClient } from '../support/saving-client.js';
import { createScriptFor, openTestStorage, type StorageKind, type TestStorage } from '../support/test-server.js';
import { connectStockClient, eventually, line, whenSynced } from '../support/providers.js';

const kinds: Array<{ kind: StorageKind; available: boolean }> = [
  { kind: 'sqlite', available: true },
  { kind: 'postgres', available: postgresAvailable },
];

const EDITS = 400;
const COMMIT_WINDOW_MS = 1_000;

for (const { kind, available } of kinds) {
  describe.skipIf(!available)(`kill -9 of the server on ${kind}`, () => {
    let db: TestStorage;
    beforeAll(async () => {
      db = await openTestStorage(kind);
    });
    afterAll(async () => {
      await db.cleanup();
    });

    it('[SY9] loses no edit whose Saved acknowledgement the client had received', async () => {
      const scriptId = await createScriptFor(db.storage, 'writer');
      // A wide commit window: the tail of the edits waits in it, uncommitted, for far longer than it takes to reach
      // the server, so the kill lands between their arrival and their commit, where a premature Saved is caught.
      // (With the default 2 ms, whether the kill lands in that gap is luck, on SQLite above all, whose commit is synchronous.)
      // The edits go out as fast as a loop can send them, far past a writer's pace: not a flood to refuse here.
      const first = await startChildServer(db.location, { COMMIT_WINDOW_MS: String(COMMIT_WINDOW_MS), MAX_UPDATES_PER_SECOND: '10000' });
      const client = new SavingClient(`${first.wsBase}/${scriptId}?token=dev:writer`);
      await client.connect();
      const watcher = connectStockClient(first.wsBase, scriptId, 'writer');
      await whenSynced(watcher);

      // Each edit is one Update message; remember how many messages had been sent once it was.
      const text = line(client.doc);
      const sentAfterEdit: number[] = [];
      for (let i = 0; i < EDITS; i++) {
        text.insert(text.length, `<${i}>`);
        sentAfterEdit.push(client.counts.sent);
        if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
        if (i === EDITS / 2) await client.whenSaved();
      }
      // Once another client has the last edit, the server has applied every one, and any Saved it sends before the
      // commit is on its way: kill without warning while the tail still waits in the commit window.
      await eventually(() => line(watcher.doc).toString().includes(`<${EDITS - 1}>`), 'the server has applied every edit');
      await first.kill('SIGKILL');
      const acknowledged = client.counts.saved;
      client.close();
      watcher.destroy();
      expect(acknowledged).toBeGreaterThanOrEqual(sentAfterEdit[EDITS / 2]!);

      const second = await startChildServer(db.location);
      try {
        const reader = new SavingClient(`${second.wsBase}/${scriptId}?token=dev:writer`);
        await reader.connect();
        const restored = line(reader.doc).toString();
        reader.close();
        const lost = sentAfterEdit.flatMap((sent, i) => (sent <= acknowledged && !restored.includes(`<${i}>`) ? [i] : []));
        // Fails if Saved is sent before the rows are durable (connection.ts trackDurability not awaiting writesSettled).
        expect(lost).toEqual([]);
        // And the kill landed while edits the server had applied were not yet acknowledged: the gap this test is about.
        expect(acknowledged).toBeLessThan(sentAfterEdit[EDITS - 1]!);
      } finally {
        await second.kill('SIGTERM');
      }
    });
  });
}
