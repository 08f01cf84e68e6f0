import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child-server.js';
import { postgresAvailable } from '../support/postgres.js';
import { SavingClient } from '../support/saving-client.js';
import { createScriptFor, openTestStorage, type StorageKind, type TestStorage } from '../support/test-server.js';
import { line } from '../support/providers.js';

const kinds: Array<{ kind: StorageKind; available: boolean }> = [
  { kind: 'sqlite', available: true },
  { kind: 'postgres', available: postgresAvailable },
];

const EDITS = 400;

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
      const first = await startChildServer(db.location);
      const client = new SavingClient(`${first.wsBase}/${scriptId}?token=dev:writer`);
      await client.connect();

      // Each edit is one Update message; remember how many messages had been sent once it was.
      const text = line(client.doc);
      const sentAfterEdit: number[] = [];
      for (let i = 0; i < EDITS; i++) {
        text.insert(text.length, `<${i}>`);
        sentAfterEdit.push(client.counts.sent);
        if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
        if (i === EDITS / 2) await client.whenSaved();
      }
      // Kill without warning while the tail of the edits is still in flight.
      await first.kill('SIGKILL');
      const acknowledged = client.counts.saved;
      client.close();
      expect(acknowledged).toBeGreaterThanOrEqual(sentAfterEdit[EDITS / 2]!);

      const second = await startChildServer(db.location);
      try {
        const reader = new SavingClient(`${second.wsBase}/${scriptId}?token=dev:writer`);
        await reader.connect();
        const restored = line(reader.doc).toString();
        reader.close();
        const lost = sentAfterEdit.flatMap((sent, i) => (sent <= acknowledged && !restored.includes(`<${i}>`) ? [i] : []));
        expect(lost).toEqual([]);
      } finally {
        await second.kill('SIGTERM');
      }
    });
  });
}
