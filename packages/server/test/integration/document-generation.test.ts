/**
 * [SY26] [SY27]: a browser's copy of a script's document, made before an
 * operator replaced the document (the real `writersroom` CLI, a child
 * process) or before a repair on open, is refused when it comes back instead
 * of being merged into the new document.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { CloseCode, MessageType, SyncStep } from '@writersroom/protocol';
import { buildSeedUpdate } from '@writersroom/screenplay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { runCli } from '../support/cli-runner.js';
import { connectStockClient, eventually, line, text, whenSynced } from '../support/providers.js';
import { openRawSocket } from '../support/raw-socket.js';
import { blocksOf, sampleBlocks, typingUpdates } from '../support/screenplay-reading.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, metricValue, STORAGE_KINDS } from '../support/test-server.js';

/** A well-formed edit that adds an action line: stored at once if the server ever applied it. */
function intruderFrame(): Uint8Array {
  const doc = new Y.Doc();
  const action = new Y.XmlElement('action');
  action.insert(0, [new Y.XmlText('INTRUDER')]);
  doc.getXmlFragment('default').insert(0, [action]);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, SyncStep.Update);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(encoder);
}

/** Resolves with the close the server sent a stock client that the client may not retry (4400–4499). */
function whenClosedForGood(provider: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => provider.once('closed', (event) => resolve(event)));
}

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`document generations on ${kind}`, () => {
    const suite = useServerSuite(kind, { unloadGraceMs: 100, projectionDelayMs: 20, compactIntervalMs: 0 });
    const providers: WebsocketProvider[] = [];
    let cwd: string;

    beforeEach(() => {
      cwd = mkdtempSync(path.join(tmpdir(), 'wr-generation-'));
    });
    afterEach(() => {
      for (const provider of providers.splice(0)) provider.destroy();
      rmSync(cwd, { recursive: true, force: true });
    });

    const operator = (...args: string[]) => runCli(args, { location: suite.db.location, cwd });
    const generationOf = async (scriptId: string): Promise<unknown> =>
      (await suite.call('GET', `/api/scripts/${scriptId}`, 'owner')).body.script.generation;
    const contentOf = async (scriptId: string): Promise<unknown[]> =>
      (await suite.call('GET', `/api/scripts/${scriptId}/content`, 'owner')).body.contentBlocks;
    const loadedScripts = () => metricValue(suite.server.url, 'writersroom_loaded_scripts');
    // The operator's commands are run with nobody connected, as they ask.
    const nothingLoaded = () => eventually(async () => (await loadedScripts()) === 0, 'every script unloaded');
    const client = (scriptId: string, params: Record<string, string> = {}, doc = new Y.Doc()) => {
      const provider = connectStockClient(suite.server.wsBase, scriptId, 'owner', doc, params);
      providers.push(provider);
      return provider;
    };

    /** A raw socket naming `generation` that sends an edit as soon as it is open: how it was closed, and what it received. */
    async function connectNaming(scriptId: string, generation: string) {
      const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:owner&generation=${encodeURIComponent(generation)}`);
      socket.send(intruderFrame());
      const closed = await socket.closed;
      return { ...closed, received: socket.received };
    }

    /** A script with content_blocks, its seed and one edit, as a script that has been written in looks. */
    async function writtenScript(): Promise<string> {
      const owner = await suite.db.storage.provisionUser({ firebaseUid: 'dev:owner' });
      const blocks = sampleBlocks(4);
      const seed = buildSeedUpdate(blocks);
      const script = await suite.db.storage.createScript({ ownerId: owner.userId, title: 'Replaced', contentBlocks: blocks });
      await suite.db.storage.appendVersions([
        { scriptId: script.scriptId, update: seed, createdBy: null, kind: 'baseline' },
        { scriptId: script.scriptId, update: typingUpdates(seed, ['EDITED '])[0]!, createdBy: owner.userId, kind: 'update' },
      ]);
      return script.scriptId;
    }

    it('[SY26] a stock client naming the current generation syncs; one naming none is not checked', async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'owner');
      expect(await generationOf(scriptId)).toBe(0);
      const current = client(scriptId, { generation: '0' });
      const unchecked = client(scriptId);
      await Promise.all([whenSynced(current), whenSynced(unchecked)]);
      line(current.doc).insert(0, 'Both here.');
      await eventually(() => text(unchecked.doc) === 'Both here.', 'the edit reaches the unchecked client');
    });

    const replacements: Array<{ name: string; replace: (scriptId: string) => Promise<string[]>; generation: number }> = [
      {
        name: 'clear-yjs --execute',
        replace: async (scriptId) => [(await operator('clear-yjs', scriptId, '--execute')).stdout],
        generation: 1,
      },
      {
        name: 'reseed --execute',
        replace: async (scriptId) => [(await operator('reseed', scriptId, '--execute')).stdout],
        generation: 1,
      },
      {
        name: 'restore-yjs --execute after a clear',
        replace: async (scriptId) => {
          const cleared = await operator('clear-yjs', scriptId, '--execute', '--out', 'export.json');
          const restored = await operator('restore-yjs', 'export.json', '--execute');
          expect(restored.code, restored.stderr).toBe(0);
          return [cleared.stdout, restored.stdout];
        },
        generation: 2,
      },
    ];

    for (const { name, replace, generation } of replacements) {
      it(`[SY26] after ${name}, a copy of an earlier generation is refused with 4410 before any byte, and nothing it sends is stored`, async () => {
        const scriptId = await writtenScript();
        await nothingLoaded();
        const outputs = await replace(scriptId);
        expect(outputs.at(-1)).toContain(`Document generation ${generation - 1} -> ${generation}: browsers holding a copy of generation ${generation - 1} drop it`);
        expect(await generationOf(scriptId)).toBe(generation);

        // The room is loaded (and stays so) by a client of the current generation, so the refusals below are on a warm room.
        const current = client(scriptId, { generation: String(generation) });
        await whenSynced(current);
        const rows = await suite.db.storage.countVersions(scriptId);
        const content = await contentOf(scriptId);
        expect(blocksOf(current.doc)).toEqual(content);

        for (let earlier = 0; earlier < generation; earlier += 1) {
          const refused = await connectNaming(scriptId, String(earlier));
          expect({ code: refused.code, reason: refused.reason }).toEqual({ code: CloseCode.StaleDocument, reason: 'WR_ERR_STALE_DOCUMENT' });
          expect(refused.received).toHaveLength(0);
        }
        expect(await suite.db.storage.countVersions(scriptId)).toBe(rows);
        expect(await contentOf(scriptId)).toEqual(content);
        expect(JSON.stringify(blocksOf(current.doc))).not.toContain('INTRUDER');
      });
    }

    it('[SY26] the ghost: a copy synced before a reseed comes back naming its generation, is refused, and the line stays single', async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'owner', 'Ghost');
      const copy = new Y.Doc();
      const before = client(scriptId, { generation: '0' }, copy);
      await whenSynced(before);
      line(copy).insert(0, 'A LINE TYPED BEFORE THE RESEED');
      // Stored, and projected into content_blocks, which the reseed rebuilds the document from.
      await eventually(
        async () => JSON.stringify((await suite.db.storage.getScript(scriptId))?.contentBlocks).includes('A LINE TYPED BEFORE THE RESEED'),
        'the line is projected',
      );
      before.destroy();
      await nothingLoaded();

      const reseeded = await operator('reseed', scriptId, '--execute');
      expect(reseeded.code, reseeded.stderr).toBe(0);
      expect(await generationOf(scriptId)).toBe(1);

      // The same browser comes back with its copy, naming the generation it was made from.
      const back = client(scriptId, { generation: '0' }, copy);
      expect(await whenClosedForGood(back)).toEqual({ code: CloseCode.StaleDocument, reason: 'WR_ERR_STALE_DOCUMENT' });

      const stored = JSON.stringify(await contentOf(scriptId));
      expect(stored.split('A LINE TYPED BEFORE THE RESEED')).toHaveLength(2);
      const fresh = client(scriptId, { generation: '1' });
      await whenSynced(fresh);
      expect(text(fresh.doc)).toBe('A LINE TYPED BEFORE THE RESEED');

      // What the refusal prevented: merged into the new document, the old copy writes the line a second time.
      const merged = new Y.Doc();
      Y.applyUpdate(merged, Y.encodeStateAsUpdate(fresh.doc));
      Y.applyUpdate(merged, Y.encodeStateAsUpdate(copy));
      expect(text(merged)).toBe('A LINE TYPED BEFORE THE RESEEDA LINE TYPED BEFORE THE RESEED');
    });

    it('[SY4] [SY26] a repair on open moves the generation on, and the copy named by the old one is refused once the load is done', async () => {
      const owner = await suite.db.storage.provisionUser({ firebaseUid: 'dev:owner' });
      const blocks = sampleBlocks(3);
      const script = await suite.db.storage.createScript({ ownerId: owner.userId, title: 'Damaged', contentBlocks: blocks });
      // Only an edit whose predecessor (the seed) is missing: the load quarantines it and reseeds.
      const later = typingUpdates(buildSeedUpdate(blocks), ['LATER '])[0]!;
      await suite.db.storage.appendVersions([{ scriptId: script.scriptId, update: later, createdBy: null, kind: 'update' }]);
      await nothingLoaded();
      expect(await generationOf(script.scriptId)).toBe(0);

      const refused = await connectNaming(script.scriptId, '0');
      expect({ code: refused.code, reason: refused.reason }).toEqual({ code: CloseCode.StaleDocument, reason: 'WR_ERR_STALE_DOCUMENT' });
      expect(refused.received).toHaveLength(0);
      expect(await generationOf(script.scriptId)).toBe(1);
      expect(await suite.db.storage.listQuarantined(script.scriptId)).toHaveLength(1);
      expect(await suite.db.storage.countVersions(script.scriptId)).toBe(1);

      const repaired = client(script.scriptId, { generation: '1' });
      await whenSynced(repaired);
      expect(blocksOf(repaired.doc)).toEqual(blocks);
    });

    it('[SY27] a generation that is not one non-negative integer is refused with 4400 before the script is loaded', async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'owner');
      await nothingLoaded();
      for (const query of ['generation=abc', 'generation=-1', 'generation=01', 'generation=1.5', 'generation=', 'generation=0&generation=0']) {
        const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:owner&${query}`);
        expect(await socket.closed, query).toEqual({ code: CloseCode.MalformedMessage, reason: 'WR_ERR_INVALID_REQUEST' });
        expect(socket.received, query).toHaveLength(0);
      }
      expect(await loadedScripts()).toBe(0);
      // Authentication still comes first.
      const anonymous = await openRawSocket(`${suite.server.wsBase}/${scriptId}?generation=abc`);
      expect((await anonymous.closed).code).toBe(CloseCode.Unauthenticated);
    });
  });
}
