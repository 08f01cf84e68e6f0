/**
 * [SY21] A WebSocket update that would put text the storage cannot hold
 * (storage [ST39]) into a script, in typed text, an attribute value or a
 * mark's value, is refused whole with 4409 on both storages: not applied,
 * not stored, not broadcast, and the other writers carry on. What arrives is
 * what lib0 encodes: strings travel as UTF-8, so a lone surrogate a client
 * types reaches the server as U+FFFD, which is stored like any character.
 */
import { isDeepStrictEqual } from 'node:util';
import { CloseCode, encodeUpdate } from '@writersroom/protocol';
import { type ContentBlock } from '@writersroom/screenplay';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, whenSynced } from '../support/providers.js';
import { openRawSocket } from '../support/raw-socket.js';
import { blocksOf } from '../support/screenplay-reading.js';
import { useServerSuite } from '../support/server-suite.js';
import { STORAGE_KINDS } from '../support/test-server.js';

const BLOCKS: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. ARCHIVE - NIGHT', metadata: { sceneNumber: '1' } },
  { type: 'action', text: 'Boxes to the ceiling.' },
];

type Fragment = Y.XmlFragment;
const element = (fragment: Fragment, index: number) => fragment.get(index) as Y.XmlElement;
const lineOf = (fragment: Fragment, index: number) => element(fragment, index).get(0) as Y.XmlText;

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`[SY21] WebSocket updates holding text that cannot be stored, on ${kind}`, () => {
    const suite = useServerSuite(kind, { projectionDelayMs: 20 });

    /** A script with BLOCKS, opened by a writer who stays connected throughout. */
    const openScript = async (writer: string) => {
      const created = await suite.call('POST', '/api/scripts', writer, { title: 'Archive', contentBlocks: BLOCKS });
      const scriptId = created.body.script.scriptId as string;
      const other = suite.connect(scriptId, writer);
      await whenSynced(other);
      return { scriptId, other };
    };

    /**
     * Sends, over a socket of its own, the update `edit` makes to a copy of
     * `base` (the server's document as `base` received it), and resolves
     * with how the server closed that socket (`open` if it did not within 2 s).
     */
    const sendEdit = async (scriptId: string, writer: string, base: Y.Doc, edit: (fragment: Fragment) => void) => {
      const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:${writer}`);
      await socket.next(); // the server's SyncStep1: the document is loaded
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
      let update: Uint8Array | undefined;
      copy.on('update', (emitted: Uint8Array) => (update = emitted));
      copy.transact(() => edit(copy.getXmlFragment('default')));
      socket.send(encodeUpdate(update!));
      const stillOpen = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 2000));
      const outcome = await Promise.race([socket.closed, stillOpen]);
      socket.ws.close();
      return outcome;
    };

    /** Nothing of the refused updates is anywhere: rows, the other writer's screen, a fresh reader; the other writer still saves. */
    const expectUntouched = async (scriptId: string, other: ReturnType<typeof suite.connect>, rows: number) => {
      expect(await suite.db.storage.countVersions(scriptId)).toBe(rows);
      expect(blocksOf(other.doc)).toEqual(BLOCKS);
      expect((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'ann')).body.contentBlocks).toEqual(BLOCKS);
      expect(other.wsconnected).toBe(true);
      lineOf(other.doc.getXmlFragment('default'), 1).insert(0, 'Still here. ');
      await eventually(async () => (await suite.db.storage.countVersions(scriptId)) === rows + 1, 'the other writer’s edit is stored');
    };

    // Breakage: without checkStorableText in the schema guard, these updates were applied, stored and broadcast.
    it('refuses NUL and other C0 controls in typed text with 4409', async () => {
      const { scriptId, other } = await openScript('ann');
      const rows = await suite.db.storage.countVersions(scriptId);
      for (const character of ['\u0000', '\u0007', '\u001b', '\r']) {
        const closed = await sendEdit(scriptId, 'ann', other.doc, (fragment) => lineOf(fragment, 1).insert(5, `pasted${character}`));
        expect(closed, JSON.stringify(character)).toEqual({ code: CloseCode.UpdateRejected, reason: 'WR_ERR_UPDATE_REJECTED' });
      }
      await expectUntouched(scriptId, other, rows);
    });

    // Breakage: without checkStorableText in the schema guard, both updates were applied (the socket stayed open).
    it('refuses NUL in an attribute value (sceneNumber), on a new element or an existing one, with 4409', async () => {
      const { scriptId, other } = await openScript('ann');
      const rows = await suite.db.storage.countVersions(scriptId);
      const edits: Array<(fragment: Fragment) => void> = [
        (fragment) => element(fragment, 0).setAttribute('sceneNumber', '1\u0000'),
        (fragment) => {
          const heading = new Y.XmlElement('sceneHeading');
          heading.setAttribute('sceneNumber', '\u00002');
          heading.insert(0, [new Y.XmlText('EXT. YARD - DAY')]);
          fragment.insert(2, [heading]);
        },
      ];
      for (const edit of edits) {
        expect(await sendEdit(scriptId, 'ann', other.doc, edit)).toEqual({ code: CloseCode.UpdateRejected, reason: 'WR_ERR_UPDATE_REJECTED' });
      }
      await expectUntouched(scriptId, other, rows);
    });

    // The schema's marks carry no attributes: this is refused as an unknown attribute too, guard check or not.
    it("refuses NUL or a lone surrogate in a mark's value with 4409", async () => {
      const { scriptId, other } = await openScript('ann');
      const rows = await suite.db.storage.countVersions(scriptId);
      for (const character of ['\u0000', '\ud800']) {
        const closed = await sendEdit(scriptId, 'ann', other.doc, (fragment) => lineOf(fragment, 1).format(0, 5, { bold: { note: character } }));
        expect(closed).toEqual({ code: CloseCode.UpdateRejected, reason: 'WR_ERR_UPDATE_REJECTED' });
      }
      await expectUntouched(scriptId, other, rows);
    });

    // Breakage: with tab added to the unstorable pattern, the edit was refused and never projected.
    it('accepts tab and newline in typed text, and stores and projects them exactly', async () => {
      const { scriptId, other } = await openScript('ann');
      lineOf(other.doc.getXmlFragment('default'), 1).insert(0, 'A\tB\nC ');
      const expected = [BLOCKS[0], { type: 'action', text: `A\tB\nC ${BLOCKS[1]!.text}` }];
      // Structural comparison: jsonb does not keep key order.
      await eventually(async () => isDeepStrictEqual((await suite.db.storage.getScript(scriptId))?.contentBlocks, expected), 'projected');
      expect(other.wsconnected).toBe(true);
    });

    it('receives a lone surrogate a client types as U+FFFD (lib0 writes UTF-8), and stores and projects that', async () => {
      const { scriptId, other } = await openScript('ann');
      lineOf(other.doc.getXmlFragment('default'), 1).insert(0, 'x\ud800y ');
      const expected = [BLOCKS[0], { type: 'action', text: `x\ufffdy ${BLOCKS[1]!.text}` }];
      // Structural comparison: jsonb does not keep key order.
      await eventually(async () => isDeepStrictEqual((await suite.db.storage.getScript(scriptId))?.contentBlocks, expected), 'projected');
      const reader = suite.connect(scriptId, 'ann');
      await whenSynced(reader);
      expect(blocksOf(reader.doc)).toEqual(expected);
      // The sender's own copy keeps what it typed; Yjs replaced it on the wire, not the server.
      expect(blocksOf(other.doc)[1]!.text.startsWith('x\ud800y')).toBe(true);
      expect(other.wsconnected).toBe(true);
    });
  });
}
