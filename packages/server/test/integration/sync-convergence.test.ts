import { describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/postgres.js';
import { SavingClient } from '../support/saving-client.js';
import { eventually, text, whenSynced, line } from '../support/providers.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, type StorageKind } from '../support/test-server.js';

const kinds: Array<{ kind: StorageKind; available: boolean }> = [
  { kind: 'sqlite', available: true },
  { kind: 'postgres', available: postgresAvailable },
];

for (const { kind, available } of kinds) {
  describe.skipIf(!available)(`sync with stock y-websocket clients on ${kind}`, () => {
    const suite = useServerSuite(kind);

    it('two clients converge and a third that joins later receives the full state', async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'alice');
      await suite.db.storage.setCollaborator(scriptId, (await suite.db.storage.provisionUser({ firebaseUid: 'dev:bob' })).userId, 'editor');
      const a = suite.connect(scriptId, 'alice');
      const b = suite.connect(scriptId, 'bob');
      await Promise.all([whenSynced(a), whenSynced(b)]);

      line(a.doc).insert(0, 'INT. KITCHEN - NIGHT\n');
      line(b.doc).insert(0, 'FADE IN:\n');
      await eventually(() => text(a.doc) === text(b.doc) && text(a.doc).length === 30, 'a and b converge');

      const late = suite.connect(scriptId, 'alice');
      await whenSynced(late);
      expect(text(late.doc)).toBe(text(a.doc));
      expect(text(late.doc)).toContain('INT. KITCHEN - NIGHT');
      expect(text(late.doc)).toContain('FADE IN:');
    });

    it('[SY7] a client that reconnects with nothing new adds zero rows', async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'carol');
      const client = new SavingClient(`${suite.server.wsBase}/${scriptId}?token=dev:carol`);
      await client.connect();
      line(client.doc).insert(0, 'A line that is already stored.');
      await client.whenSaved();
      const rowsBefore = await suite.db.storage.countVersions(scriptId);
      expect(rowsBefore).toBeGreaterThan(0);

      // Reconnect twice, and re-send the whole state each time as a careless client would.
      for (let attempt = 0; attempt < 2; attempt++) {
        client.close();
        await client.connect();
        client.sendFullState();
        await client.whenSaved();
        expect(client.counts.sent).toBeGreaterThan(0);
      }
      expect(await suite.db.storage.countVersions(scriptId)).toBe(rowsBefore);
    });

    it('[SY13] a client that leaves disappears from the others\' awareness', async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'dana');
      const watcher = suite.connect(scriptId, 'dana');
      const leaver = suite.connect(scriptId, 'dana');
      leaver.awareness.setLocalStateField('user', { name: 'Dana (laptop)' });
      await Promise.all([whenSynced(watcher), whenSynced(leaver)]);
      await eventually(() => watcher.awareness.getStates().has(leaver.doc.clientID), 'watcher sees leaver');
      leaver.destroy();
      await eventually(() => !watcher.awareness.getStates().has(leaver.awareness.clientID), 'leaver removed');
    });
  });
}
