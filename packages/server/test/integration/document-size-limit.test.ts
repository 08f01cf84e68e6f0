/**
 * MAX_DOCUMENT_BYTES (README, Configuration; SECURITY.md, "Floods"): a
 * script at its size limit refuses every change that would grow it, over
 * WebSocket (4413) and REST (413), with a message that says so, and keeps
 * everything it had; a change that only deletes is still taken, so writers
 * can make room. The same on both storages.
 *
 * Each test names the breakage that fails it.
 */
import { CloseCode, encodeUpdate } from '@writersroom/protocol';
import type { ContentBlock } from '@writersroom/screenplay';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, line, whenSynced } from '../support/providers.js';
import { openRawSocket } from '../support/raw-socket.js';
import { blocksOf } from '../support/screenplay-reading.js';
import { useServerSuite } from '../support/server-suite.js';
import { STORAGE_KINDS, testConfig } from '../support/test-server.js';
import { typeInto, updateOf, writerCopy } from '../support/writer-edits.js';

const LIMIT_BYTES = 64 * 1024;
const CHUNK = 'The rain keeps coming. '.repeat(100);

const BLOCKS: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. ARCHIVE - NIGHT' },
  { type: 'action', text: 'Boxes to the ceiling.' },
];

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`a script at MAX_DOCUMENT_BYTES, on ${kind}`, () => {
    const suite = useServerSuite(kind, { limits: { ...testConfig().limits, maxDocumentBytes: LIMIT_BYTES } });

    /** A writer's own socket on the script, with the server's document as it stands. */
    const openWriter = async (scriptId: string) => {
      const watcher = suite.connect(scriptId, 'ann');
      await whenSynced(watcher);
      const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:ann`);
      await socket.next();
      return { socket, copy: writerCopy(watcher.doc, 5150 + Math.floor(Math.random() * 1000)), watcher };
    };

    it('refuses growth past the limit with 4413 over WebSocket and 413 over REST, keeps what it had, and still takes deletions', async () => {
      const created = await suite.call('POST', '/api/scripts', 'ann', { title: 'Archive', contentBlocks: BLOCKS });
      const scriptId = created.body.script.scriptId as string;
      const { socket, copy, watcher } = await openWriter(scriptId);

      // Type a paragraph at a time until the server refuses one: everything before it is applied, the refused one is not.
      let accepted = 0;
      let closed: { code: number; reason: string } | undefined;
      socket.closed.then((outcome) => (closed = outcome));
      while (closed === undefined) {
        if (accepted > (2 * LIMIT_BYTES) / CHUNK.length) throw new Error('the server took twice its size limit');
        const update = typeInto(copy, CHUNK, 0);
        socket.send(encodeUpdate(update));
        const before = line(watcher.doc).length;
        await eventually(() => closed !== undefined || line(watcher.doc).length > before, 'the paragraph is applied or refused');
        if (closed === undefined) accepted += 1;
      }
      // Fails if Room.assertRoomFor is not asked before applying a client's update (the socket would take every paragraph).
      expect({ code: closed.code, reason: closed.reason }).toEqual({ code: CloseCode.DocumentTooLarge, reason: 'WR_ERR_DOCUMENT_TOO_LARGE' });
      expect(accepted).toBeGreaterThan(10);
      const full = Y.encodeStateAsUpdate(watcher.doc).byteLength;
      expect(full).toBeLessThanOrEqual(LIMIT_BYTES);
      expect(full + CHUNK.length).toBeGreaterThan(LIMIT_BYTES);

      // What the script had stays, exactly: every accepted paragraph, stored, and nothing of the refused one.
      const kept = CHUNK.repeat(accepted) + BLOCKS[0]!.text;
      const expectedContent = [{ ...BLOCKS[0]!, text: kept }, BLOCKS[1]!];
      expect(blocksOf(watcher.doc)).toEqual(expectedContent);
      await eventually(async () => (await suite.call('GET', `/api/scripts/${scriptId}/content`, 'ann')).body.contentBlocks?.[0]?.text === kept, 'the kept content is read back');
      const rows = await suite.db.storage.countVersions(scriptId);

      // REST: the same refusal, in words, and nothing changes.
      const grown = await suite.call('PUT', `/api/scripts/${scriptId}/content`, 'ann', {
        contentBlocks: [...expectedContent, { type: 'action', text: CHUNK }],
      });
      // Fails if DocumentAccess.replace applies the change without Room.assertRoomFor.
      expect(grown.status).toBe(413);
      expect(grown.body.error.code).toBe('WR_ERR_DOCUMENT_TOO_LARGE');
      expect(grown.body.error.message).toMatch(/size limit \(0\.1 MiB\); delete something or split it into several scripts/);
      expect(await suite.db.storage.countVersions(scriptId)).toBe(rows);
      expect(blocksOf(watcher.doc)).toEqual(expectedContent);

      // A change that only deletes is taken, so a writer at the limit can make room, and then write again.
      const second = await openWriter(scriptId);
      const heading = line(second.copy);
      second.socket.send(encodeUpdate(updateOf(second.copy, () => heading.delete(0, CHUNK.length * 4))));
      await eventually(() => line(watcher.doc).length === kept.length - CHUNK.length * 4, 'the deletion is applied');
      // (room.test.ts shows the deletion taken on a document exactly at its limit, where measuring it like growth fails.)
      second.socket.send(encodeUpdate(typeInto(second.copy, 'Room again. ', 0)));
      await eventually(() => line(watcher.doc).toString().startsWith('Room again. '), 'a small addition is applied after the deletion');
      await eventually(async () => (await suite.db.storage.countVersions(scriptId)) === rows + 2, 'both changes are stored');
      second.socket.ws.close();
    });
  });
}
