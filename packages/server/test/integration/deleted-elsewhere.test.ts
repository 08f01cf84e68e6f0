/**
 * A script deleted for good on one server process while a writer on another
 * still writes to it, the two sharing no fan-out (no Redis, or Redis down):
 * the other process cannot store those edits, and must not let them hold
 * back every other script's (sync SPEC [SY46], storage [ST48]).
 *
 * Breakage that fails it: GroupCommit handling ScriptsGoneError as any
 * database failure (the batch retried for ever): the other script's edit is
 * never Saved and B's /healthz turns 503.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloseCode } from '@writersroom/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { line } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { scriptRowCounts } from '../support/script-rows.js';
import { createScriptFor, openTestStorage, STORAGE_KINDS, type TestStorage } from '../support/test-server.js';

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`a script deleted for good on one process while a writer on another still writes, on ${kind}`, () => {
    let db: TestStorage;
    let deletedScriptsDir: string;
    let a: ChildServer;
    let b: ChildServer;

    beforeAll(async () => {
      db = await openTestStorage(kind);
      deletedScriptsDir = mkdtempSync(path.join(tmpdir(), 'wr-deleted-'));
      const env = { DELETED_SCRIPTS_DIR: deletedScriptsDir };
      [a, b] = await Promise.all([startChildServer(db.location, env), startChildServer(db.location, env)]);
    }, 60_000);
    afterAll(async () => {
      await Promise.all([a, b].map((server) => server?.kill('SIGTERM')));
      await db?.cleanup();
      rmSync(deletedScriptsDir, { recursive: true, force: true });
    });

    const call = (server: ChildServer, method: string, url: string) => fetch(`${server.url}${url}`, { method, headers: { authorization: 'Bearer dev:ann' } });
    const open = async (server: ChildServer, scriptId: string) => {
      const client = new SavingClient(`${server.wsBase}/${scriptId}?token=dev:ann`);
      await client.connect();
      return client;
    };
    const type = (client: SavingClient, words: string) => {
      const text = line(client.doc);
      text.insert(text.length, words);
    };

    it('[SY46] its edits are dropped unsaved and its writer told it is gone; every other script on that process goes on being saved', async () => {
      const doomed = await createScriptFor(db.storage, 'ann', 'Doomed');
      const other = await createScriptFor(db.storage, 'ann', 'Other');
      const [doomedWriter, otherWriter] = [await open(b, doomed), await open(b, other)];
      type(doomedWriter, 'First words.');
      type(otherWriter, 'Elsewhere.');
      await Promise.all([doomedWriter.whenSaved(), otherWriter.whenSaved()]);

      // A trashes it and deletes it for good; B hears nothing of either, its writer's socket stays open.
      expect((await call(a, 'DELETE', `/api/scripts/${doomed}`)).status).toBe(200);
      expect((await call(a, 'DELETE', `/api/scripts/${doomed}/permanently`)).status).toBe(200);

      type(doomedWriter, ' Lost words.');
      type(otherWriter, ' Still saved.');
      await otherWriter.whenSaved(5_000);
      expect(await doomedWriter.closed()).toBe(CloseCode.ScriptNotFound);
      expect(doomedWriter.counts.saved).toBeLessThan(doomedWriter.counts.sent);

      // The process stays healthy and keeps saving.
      expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
      type(otherWriter, ' And again.');
      await otherWriter.whenSaved(5_000);
      expect(Object.values(await scriptRowCounts(db.location, doomed)).every((count) => count === 0)).toBe(true);
      otherWriter.close();
    }, 60_000);
  });
}
