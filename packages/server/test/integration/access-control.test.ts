import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CloseCode, MessageType, SyncStep } from '@writersroom/protocol';
import * as Y from 'yjs';
import { eventually, text, whenSynced, line } from '../support/providers.js';
import { openRawSocket } from '../support/raw-socket.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, type TestStorage } from '../support/test-server.js';
import type { CollaboratorRole } from '../../src/storage/storage.js';

/** The document as stored: every row applied to a fresh doc. */
async function storedText(db: TestStorage, scriptId: string): Promise<string> {
  const doc = new Y.Doc();
  for (const row of await db.storage.loadVersions(scriptId)) Y.applyUpdate(doc, row.update);
  return line(doc).toString();
}

describe('access control on the socket', () => {
  const suite = useServerSuite();
  const share = async (scriptId: string, name: string, role: CollaboratorRole) => {
    const user = await suite.db.storage.provisionUser({ firebaseUid: `dev:${name}`, email: `${name}@writersroom.invalid` });
    await suite.db.storage.setCollaborator(scriptId, user.userId, role);
    return user.userId;
  };

  // Viewers and commenters are read-only alike: every attempt below is made as each.
  for (const role of ['viewer', 'commenter'] as const) {
    // Breakage tried for the commenter: canEdit as atLeast(role, 'commenter') (auth/roles.ts) let its edits in.
    it(`[SY16] a ${role}'s edits through a stock client change neither the live document nor the database; an editor's do`, async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'olive');
      await share(scriptId, 'vera', role);
      await share(scriptId, 'eddie', 'editor');
      const owner = suite.connect(scriptId, 'olive');
      const reader = suite.connect(scriptId, 'vera');
      const editor = suite.connect(scriptId, 'eddie');
      await Promise.all([whenSynced(owner), whenSynced(reader), whenSynced(editor)]);

      line(owner.doc).insert(0, 'EXT. PIER - DAWN');
      await eventually(() => text(reader.doc) === 'EXT. PIER - DAWN', `the ${role} receives live edits`);
      await eventually(async () => (await storedText(suite.db, scriptId)) === 'EXT. PIER - DAWN', 'stored');
      const rowsBefore = await suite.db.storage.countVersions(scriptId);

      line(reader.doc).insert(0, 'READER WAS HERE ');
      line(editor.doc).insert(text(editor.doc).length, ' (editor)');
      await eventually(() => text(owner.doc) === 'EXT. PIER - DAWN (editor)', "the editor's edit reaches the owner");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(text(owner.doc)).toBe('EXT. PIER - DAWN (editor)');
      expect(await storedText(suite.db, scriptId)).toBe('EXT. PIER - DAWN (editor)');
      expect(await suite.db.storage.countVersions(scriptId)).toBe(rowsBefore + 1);
      // A fresh reader sees exactly the server's document.
      const fresh = suite.connect(scriptId, 'olive');
      await whenSynced(fresh);
      expect(text(fresh.doc)).toBe('EXT. PIER - DAWN (editor)');
    });

    it(`[SY16] a ${role} is told once, with the standard permission-denied message, that it cannot edit`, async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'olive');
      await share(scriptId, 'vera', role);
      const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:vera`);
      const readerDoc = new Y.Doc();
      readerDoc.getXmlFragment('default').insert(0, [new Y.XmlElement('action')]);
      const update = Y.encodeStateAsUpdate(readerDoc);
      const rowsBefore = await suite.db.storage.countVersions(scriptId);
      // Both kinds of document message a client can send: SyncStep2 and Update.
      for (const step of [SyncStep.Step2, SyncStep.Update, SyncStep.Update]) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.Sync);
        encoding.writeVarUint(encoder, step);
        encoding.writeVarUint8Array(encoder, update);
        socket.send(encoding.toUint8Array(encoder));
      }
      await eventually(() => socket.received.some((frame) => frame[0] === MessageType.Auth), 'permission denied received');
      const notices = socket.received.filter((frame) => frame[0] === MessageType.Auth);
      expect(notices).toHaveLength(1);
      const decoder = decoding.createDecoder(notices[0]!);
      decoding.readVarUint(decoder);
      expect(decoding.readVarUint(decoder)).toBe(0); // permission denied
      expect(decoding.readVarString(decoder)).toMatch(/read-only/);
      expect(await suite.db.storage.countVersions(scriptId)).toBe(rowsBefore);
      socket.ws.close();
    });

    it(`a ${role} can read and export over REST, but replacing the content, renaming, deleting and making links are refused and change nothing`, async () => {
      // Breakage tried for the commenter: ranking it with editors in auth/roles.ts (atLeast) let the PUT and rename through.
      const scriptId = await createScriptFor(suite.db.storage, 'olive', 'Pier');
      await share(scriptId, 'vera', role);
      const owner = suite.connect(scriptId, 'olive');
      await whenSynced(owner);
      line(owner.doc).insert(0, 'EXT. PIER - DAWN');
      await eventually(async () => (await storedText(suite.db, scriptId)) === 'EXT. PIER - DAWN', 'stored');
      const rowsBefore = await suite.db.storage.countVersions(scriptId);
      const content = (await suite.call('GET', `/api/scripts/${scriptId}/content`, 'vera')).body.contentBlocks;
      expect(JSON.stringify(content)).toContain('EXT. PIER - DAWN');

      const attempts = [
        ['PUT', `/api/scripts/${scriptId}/content`, { contentBlocks: [{ type: 'action', text: 'Imported over the top.' }] }, /^Only an editor can change the content\.$/],
        ['PATCH', `/api/scripts/${scriptId}`, { title: 'Mine now' }, /^Only an editor can rename a script\.$/],
        ['DELETE', `/api/scripts/${scriptId}`, undefined, /^Only the owner can delete a script\.$/],
        ['POST', `/api/scripts/${scriptId}/share-links`, { role }, /^Only an editor can create share links\.$/],
      ] as const;
      for (const [method, path, body, message] of attempts) {
        const response = await suite.call(method, path, 'vera', body);
        expect({ status: response.status, code: response.body.error?.code }, `${method} ${path}`).toEqual({ status: 403, code: 'WR_ERR_FORBIDDEN' });
        expect(response.body.error.message).toMatch(message);
      }
      expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'vera')).body.script).toMatchObject({ title: 'Pier', deletedAt: null, role });
      expect((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'vera')).body.contentBlocks).toEqual(content);
      expect(text(owner.doc)).toBe('EXT. PIER - DAWN');
      expect(await suite.db.storage.countVersions(scriptId)).toBe(rowsBefore);
      expect(await suite.db.storage.listShareLinks(scriptId)).toEqual([]);
      const exported = await fetch(`${suite.server.url}/api/scripts/${scriptId}/export?format=fountain`, { headers: { authorization: 'Bearer dev:vera' } });
      expect(exported.status).toBe(200);
      expect(await exported.text()).toContain('EXT. PIER - DAWN');
    });
  }

  it('[SY1] someone without access gets 4003 on the socket and 403 over REST, and not one byte of the script', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'olive', 'Secret Project');
    const owner = suite.connect(scriptId, 'olive');
    await whenSynced(owner);
    line(owner.doc).insert(0, 'CONFIDENTIAL PLOT TWIST');
    await eventually(async () => (await suite.db.storage.countVersions(scriptId)) > 0, 'stored');

    const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:mallory`);
    expect((await socket.closed).code).toBe(CloseCode.Forbidden);
    expect(socket.received).toHaveLength(0);

    for (const [method, path] of [
      ['GET', `/api/scripts/${scriptId}`],
      ['GET', `/api/scripts/${scriptId}/collaborators`],
      ['PATCH', `/api/scripts/${scriptId}`],
    ] as const) {
      const response = await suite.call(method, path, 'mallory', method === 'PATCH' ? { title: 'Mine' } : undefined);
      const body = JSON.stringify(response.body);
      expect(response.status).toBe(403);
      expect(body).not.toContain('Secret Project');
      expect(body).not.toContain('CONFIDENTIAL');
    }
    const listed = JSON.stringify((await suite.call('GET', '/api/scripts', 'mallory')).body);
    expect(listed).not.toContain(scriptId);
  });

  it('[SY17] removing a collaborator closes their open socket with 4003 within 5 s', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'olive');
    const userId = await share(scriptId, 'cole', 'editor');
    const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:cole`);
    await socket.next();
    const started = Date.now();
    expect((await suite.call('DELETE', `/api/scripts/${scriptId}/collaborators/${userId}`, 'olive')).status).toBe(204);
    expect((await socket.closed).code).toBe(CloseCode.Forbidden);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('[SY17] downgrading an editor to viewer makes their open socket read-only at once', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'olive');
    const userId = await share(scriptId, 'dora', 'editor');
    const owner = suite.connect(scriptId, 'olive');
    const dora = suite.connect(scriptId, 'dora');
    await Promise.all([whenSynced(owner), whenSynced(dora)]);
    line(dora.doc).insert(0, 'Before. ');
    await eventually(() => text(owner.doc) === 'Before. ', 'editor edit accepted');

    const response = await suite.call('PATCH', `/api/scripts/${scriptId}/collaborators/${userId}`, 'olive', { role: 'viewer' });
    expect(response.status).toBe(200);
    line(dora.doc).insert(text(dora.doc).length, 'After.');
    line(owner.doc).insert(0, '>');
    await eventually(() => text(dora.doc).startsWith('>'), 'the downgraded socket still receives edits');
    expect(dora.wsconnected).toBe(true);
    expect(text(owner.doc)).toBe('>Before. ');
    expect(await storedText(suite.db, scriptId)).toBe('>Before. ');
  });
});
