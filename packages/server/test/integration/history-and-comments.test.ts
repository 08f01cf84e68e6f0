/**
 * A script's history (checkpoints, named drafts, restore as a forward edit)
 * and comments anchored to its text, through the real server, the stock
 * y-websocket client and REST (sync SPEC [SY42]–[SY44], storage [ST42]–[ST44]).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeServerFrame, encodeNoticeRequest } from '@writersroom/protocol';
import { DOCUMENT_FRAGMENT, type ContentBlock } from '@writersroom/screenplay';
import { eventually, whenSynced } from '../support/providers.js';
import { openRawSocket } from '../support/raw-socket.js';
import { blocksOf } from '../support/screenplay-reading.js';
import { useServerSuite, type ServerSuite } from '../support/server-suite.js';
import { STORAGE_KINDS } from '../support/test-server.js';

const QUIET_MS = 150;
const HISTORY = { quietMs: QUIET_MS, maxIntervalMs: 60_000, retention: { keepAllMs: 3_600_000, hourlyMs: 0, dailyMs: 0 } };

const texts = (doc: Y.Doc) => blocksOf(doc).map((block) => block.text);
const element = (doc: Y.Doc, index: number) => doc.getXmlFragment(DOCUMENT_FRAGMENT).get(index) as Y.XmlElement;
const textIn = (doc: Y.Doc, index: number) => element(doc, index).get(0) as Y.XmlText;

function appendLine(doc: Y.Doc, text: string): void {
  const line = new Y.XmlElement('action');
  line.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  fragment.insert(fragment.length, [line]);
}

/** The text of each element of a checkpoint's document, as GET /history/:id returns it. */
function checkpointTexts(document: { content: Array<{ content?: Array<{ text: string }> }> }): string[] {
  return document.content.map((node) => (node.content ?? []).map((t) => t.text).join(''));
}

async function createScript(suite: ServerSuite, owner: string, lines: string[]): Promise<string> {
  const contentBlocks: ContentBlock[] = lines.map((text) => ({ type: 'action', text }));
  const created = await suite.call('POST', '/api/scripts', owner, { title: 'History', contentBlocks });
  expect(created.status).toBe(201);
  return created.body.script.scriptId as string;
}

async function share(suite: ServerSuite, scriptId: string, name: string, role: 'editor' | 'commenter' | 'viewer'): Promise<void> {
  const user = await suite.db.storage.provisionUser({ firebaseUid: `dev:${name}`, displayName: name });
  await suite.db.storage.setCollaborator(scriptId, user.userId, role);
}

const LINES = ['INT. ATTIC - NIGHT', 'The rain falls hard on the roof.', 'MARA counts the leaks.', 'She gives up.'];

describe('history and comments through the real server', () => {
  const suite = useServerSuite('sqlite', { history: HISTORY, unloadGraceMs: 30, compactMaxRows: 3, compactLiveIntervalMs: 10, projectionDelayMs: 20 });

  // Breakage that fails this: compaction deleting from script_checkpoints, or content captured after the unload destroyed the document.
  it('[SY42] every checkpoint and named draft keeps its exact content while compaction and sweeps run across sessions', async () => {
    const scriptId = await createScript(suite, 'ana', LINES);
    const expected = new Map<string, string[]>();
    for (let session = 0; session < 3; session++) {
      const client = suite.connect(scriptId, 'ana');
      await whenSynced(client);
      for (let word = 0; word < 6; word++) textIn(client.doc, 1).insert(0, `s${session}w${word} `);
      appendLine(client.doc, `Session ${session} ends here.`);
      const before = (await suite.db.storage.listCheckpoints(scriptId)).length;
      if (session === 1) {
        const named = await suite.call('POST', `/api/scripts/${scriptId}/history`, 'ana', { name: 'Draft 2 — to producer' });
        expect(named.status).toBe(201);
        expect(named.body.checkpoint).toMatchObject({ kind: 'named', name: 'Draft 2 — to producer', takenBy: { name: 'ana' } });
        expected.set(named.body.checkpoint.checkpointId, texts(client.doc));
        textIn(client.doc, 0).insert(0, 'LATER ');
      }
      const sessionEnd = texts(client.doc);
      // The quiet period passes with the writer still there: an automatic checkpoint of exactly this text.
      await eventually(async () => (await suite.db.storage.listCheckpoints(scriptId)).length > before + (session === 1 ? 1 : 0), 'an automatic checkpoint');
      const [newest] = await suite.db.storage.listCheckpoints(scriptId);
      expect(newest).toMatchObject({ kind: 'auto' });
      expected.set(newest!.checkpointId, sessionEnd);
      client.destroy();
      for (let sweep = 0; sweep < 3; sweep++) await suite.server.compactor.sweep();
    }
    expect(await suite.db.storage.countVersions(scriptId)).toBeLessThanOrEqual(3);

    const listed = await suite.call('GET', `/api/scripts/${scriptId}/history`, 'ana');
    expect(listed.status).toBe(200);
    expect(listed.body.checkpoints.map((c: { checkpointId: string }) => c.checkpointId).sort()).toEqual([...expected.keys()].sort());
    for (const [checkpointId, lines] of expected) {
      const read = await suite.call('GET', `/api/scripts/${scriptId}/history/${checkpointId}`, 'ana');
      expect(read.status).toBe(200);
      expect(checkpointTexts(read.body.document)).toEqual(lines);
    }
    const auto = listed.body.checkpoints.find((c: { kind: string }) => c.kind === 'auto');
    expect(auto).toMatchObject({ authors: [{ name: 'ana' }] });
    expect(auto.pageCount).toBeGreaterThanOrEqual(1);
    expect(auto.sizeBytes).toBeGreaterThan(0);
  });

  // Breakage that fails this: DocumentAccess.restore taking the checkpoint without applying the content to the live document.
  it('[SY43] a restore reaches open pages live; an offline writer merges without resurrecting what it removed; history shows it', async () => {
    const scriptId = await createScript(suite, 'ana', LINES);
    for (const name of ['ben', 'cal', 'dan']) await share(suite, scriptId, name, 'editor');
    const ana = suite.connect(scriptId, 'ana');
    await whenSynced(ana);
    const draft = await suite.call('POST', `/api/scripts/${scriptId}/history`, 'ana', { name: 'Draft 1' });
    expect(draft.status).toBe(201);

    const [ben, cal, dan] = ['ben', 'cal', 'dan'].map((name) => suite.connect(scriptId, name));
    await Promise.all([ben, cal, dan].map((client) => whenSynced(client!)));
    textIn(ana.doc, 1).insert(0, 'REWRITE: ');
    ana.doc.getXmlFragment(DOCUMENT_FRAGMENT).delete(2, 1);
    appendLine(ana.doc, 'A line the rewrite added.');
    const rewritten = texts(ana.doc);
    await eventually(() => JSON.stringify(texts(dan!.doc)) === JSON.stringify(rewritten), 'dan has the rewrite');
    dan!.disconnect();
    appendLine(dan!.doc, "Dan's line, written offline.");

    const restored = await suite.call('POST', `/api/scripts/${scriptId}/history/${draft.body.checkpoint.checkpointId}/restore`, 'ben');
    expect(restored.status).toBe(200);
    expect(restored.body.checkpoint).toMatchObject({ kind: 'restore', restoredFrom: draft.body.checkpoint.checkpointId, takenBy: { name: 'ben' } });
    for (const client of [ana, ben!, cal!]) await eventually(() => JSON.stringify(texts(client.doc)) === JSON.stringify(LINES), 'the restored draft shows live');
    expect(ana.wsconnected && cal!.wsconnected).toBe(true);

    dan!.connect();
    const merged = [...LINES, "Dan's line, written offline."];
    for (const client of [dan!, ana]) await eventually(() => JSON.stringify(texts(client.doc)) === JSON.stringify(merged), 'the offline line merges, nothing removed comes back');

    const history = await suite.call('GET', `/api/scripts/${scriptId}/history`, 'cal');
    expect(history.body.checkpoints[0]).toMatchObject({ kind: 'restore', name: 'Restored “Draft 1”' });
    // The restore is itself a version: restoring what came before it undoes it.
    const compared = await suite.call('GET', `/api/scripts/${scriptId}/history/compare?from=${draft.body.checkpoint.checkpointId}&to=current`, 'cal');
    expect(compared.status).toBe(200);
    expect(compared.body.comparison).toMatchObject({ added: 1, removed: 0, changed: 0 });
  });

  // Breakage that fails this: anchors stored as absolute offsets (they drift with the typing before them), or no collapsed check on delete.
  it('[SY44] a comment keeps its anchor while two writers type before and inside it, shows live, and detaches when its text is deleted', async () => {
    const scriptId = await createScript(suite, 'ana', LINES);
    await share(suite, scriptId, 'ben', 'editor');
    await share(suite, scriptId, 'cara', 'commenter');
    const [ana, ben] = [suite.connect(scriptId, 'ana'), suite.connect(scriptId, 'ben')];
    await Promise.all([whenSynced(ana), whenSynced(ben)]);
    const listener = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:ben`);
    listener.send(encodeNoticeRequest());

    const line = textIn(ana.doc, 1);
    const anchor = {
      start: Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(line, 4))).toString('base64'),
      end: Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(line, 14, -1))).toString('base64'),
    };
    const created = await suite.call('POST', `/api/scripts/${scriptId}/comments`, 'cara', { anchor, quote: 'rain falls', body: 'Is it raining inside too?' });
    expect(created.status).toBe(201);
    expect(created.body.thread).toMatchObject({ quote: 'rain falls', detached: false, comments: [{ author: { name: 'cara' }, body: 'Is it raining inside too?' }] });
    await eventually(() => listener.received.some((frame) => isNotice(frame, 'comments')), 'a live notice of the new comment');

    textIn(ana.doc, 1).insert(0, 'Outside, ');
    await eventually(() => textIn(ben.doc, 1).toString().startsWith('Outside, '), 'ben sees the typing before the anchor');
    textIn(ben.doc, 1).insert(textIn(ben.doc, 1).toString().indexOf('falls'), 'cold ');
    await eventually(() => textIn(ana.doc, 1).toString() === textIn(ben.doc, 1).toString() && textIn(ana.doc, 1).length > 40, 'both writers converge');
    expect(textIn(ana.doc, 1).toString()).toBe('Outside, The rain cold falls hard on the roof.');
    const listed = await suite.call('GET', `/api/scripts/${scriptId}/comments`, 'ana');
    expect(listed.body.threads).toHaveLength(1);
    expect(listed.body.threads[0].detached).toBe(false);
    const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(anchor.start, 'base64')), ana.doc)!;
    const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(anchor.end, 'base64')), ana.doc)!;
    expect(textIn(ana.doc, 1).toString().slice(start.index, end.index)).toBe('rain cold falls');

    const reply = await suite.call('POST', `/api/scripts/${scriptId}/comments/${created.body.thread.threadId}/replies`, 'ben', { body: 'Only in the attic.' });
    expect(reply.status).toBe(201);
    const resolved = await suite.call('POST', `/api/scripts/${scriptId}/comments/${created.body.thread.threadId}/resolve`, 'cara');
    expect(resolved.body.thread).toMatchObject({ resolvedBy: { name: 'cara' } });

    textIn(ben.doc, 1).delete(start.index, 'rain cold falls'.length);
    await eventually(async () => (await suite.call('GET', `/api/scripts/${scriptId}/comments`, 'ana')).body.threads[0]?.detached === true, 'the comment detaches, and stays');
    listener.ws.close();
  });

  it('roles: viewers read history and comments; commenters comment but neither name nor restore; editors do', async () => {
    const scriptId = await createScript(suite, 'ana', LINES);
    await share(suite, scriptId, 'vic', 'viewer');
    await share(suite, scriptId, 'cara', 'commenter');
    await share(suite, scriptId, 'ed', 'editor');
    const draft = await suite.call('POST', `/api/scripts/${scriptId}/history`, 'ed', { name: 'By the editor' });
    expect(draft.status).toBe(201);
    const id = draft.body.checkpoint.checkpointId as string;
    const anchor = await anchorOfLine(suite, scriptId, 1);
    for (const who of ['vic', 'cara']) {
      expect((await suite.call('GET', `/api/scripts/${scriptId}/history`, who)).status).toBe(200);
      expect((await suite.call('GET', `/api/scripts/${scriptId}/history/${id}`, who)).status).toBe(200);
      expect((await suite.call('GET', `/api/scripts/${scriptId}/comments`, who)).status).toBe(200);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/history`, who, { name: 'Mine' })).status).toBe(403);
      expect((await suite.call('PATCH', `/api/scripts/${scriptId}/history/${id}`, who, { name: 'Mine' })).status).toBe(403);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/history/${id}/restore`, who)).status).toBe(403);
    }
    expect((await suite.call('POST', `/api/scripts/${scriptId}/comments`, 'vic', { anchor, quote: 'x', body: 'Hi' })).status).toBe(403);
    const thread = await suite.call('POST', `/api/scripts/${scriptId}/comments`, 'cara', { anchor, quote: 'x', body: 'Hi' });
    expect(thread.status).toBe(201);
    const path = `/api/scripts/${scriptId}/comments/${thread.body.thread.threadId}/comments/${thread.body.thread.comments[0].commentId}`;
    expect((await suite.call('PATCH', path, 'ed', { body: 'Not mine' })).status).toBe(403);
    expect((await suite.call('DELETE', path, 'ed')).status).toBe(403);
    expect((await suite.call('PATCH', path, 'cara', { body: 'Hello' })).body.thread.comments[0]).toMatchObject({ body: 'Hello' });
    // The owner may remove any comment (moderation); the thread goes with its only comment.
    expect((await suite.call('DELETE', path, 'ana')).body).toEqual({ thread: null });
    expect((await suite.call('POST', `/api/scripts/${scriptId}/history/${id}/restore`, 'ed')).status).toBe(200);
    expect((await suite.call('GET', `/api/scripts/${scriptId}/history`, 'stranger')).status).toBe(403);
  });
});

/** Anchors on part of a line, made on a client's copy as the editor makes them. */
async function anchorOfLine(suite: ServerSuite, scriptId: string, index: number): Promise<{ start: string; end: string }> {
  const client = suite.connect(scriptId, 'ana');
  await whenSynced(client);
  const line = textIn(client.doc, index);
  const encode = (at: number, assoc: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(line, at, assoc))).toString('base64');
  const anchor = { start: encode(0, 0), end: encode(3, -1) };
  client.destroy();
  return anchor;
}

function isNotice(frame: Uint8Array, topic: string): boolean {
  try {
    const decoded = decodeServerFrame(frame);
    return decoded.type === 'notice' && decoded.topic === topic;
  } catch {
    return false;
  }
}

for (const { kind, available } of STORAGE_KINDS) {
  describe.skipIf(!available)(`bad history and comment requests change nothing, on ${kind}`, () => {
    const suite = useServerSuite(kind, { history: HISTORY });

    // Breakage that fails this: creating the thread before resolving its anchor (a garbage anchor would be stored, then listed as detached).
    it('malformed anchors, unknown ids, empty or overlong text get a clear error and store nothing', async () => {
      const scriptId = await createScript(suite, 'ana', LINES);
      const other = await createScript(suite, 'ana', ['Elsewhere.']);
      const anchor = await anchorOfLine(suite, scriptId, 1);
      const post = (body: unknown, id = scriptId) => suite.call('POST', `/api/scripts/${id}/comments`, 'ana', body);
      const garbage = Buffer.from('not a position').toString('base64');
      for (const [body, code] of [
        [{ anchor: { start: garbage, end: garbage }, quote: '', body: 'Hi' }, 'WR_ERR_INVALID_REQUEST'],
        [{ anchor: { start: '%%%', end: anchor.end }, quote: '', body: 'Hi' }, 'WR_ERR_INVALID_REQUEST'],
        [{ anchor: { start: anchor.end, end: anchor.start }, quote: '', body: 'Hi' }, 'WR_ERR_INVALID_REQUEST'],
        [{ anchor, quote: '', body: '   ' }, 'WR_ERR_INVALID_REQUEST'],
        [{ anchor, quote: '', body: 'x'.repeat(10_001) }, 'WR_ERR_INVALID_REQUEST'],
        [{ anchor, quote: '', body: 'Bell\u0007' }, 'WR_ERR_UNSTORABLE_TEXT'],
      ] as const) {
        const refused = await post(body);
        expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 400, code });
      }
      // Another script's anchor is not in this script's text.
      expect((await post({ anchor, quote: '', body: 'Hi' }, other)).status).toBe(400);
      expect(await suite.db.storage.listThreads(scriptId)).toEqual([]);

      const unknown = '0b6f1e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
      expect((await suite.call('GET', `/api/scripts/${scriptId}/history/${unknown}`, 'ana')).body.error.code).toBe('WR_ERR_NOT_FOUND');
      expect((await suite.call('GET', `/api/scripts/${scriptId}/history/not-an-id`, 'ana')).status).toBe(404);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/history/${unknown}/restore`, 'ana')).status).toBe(404);
      expect((await suite.call('GET', `/api/scripts/${scriptId}/history/compare?from=${unknown}&to=current`, 'ana')).status).toBe(404);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/comments/${unknown}/replies`, 'ana', { body: 'Hi' })).status).toBe(404);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/history`, 'ana', { name: 'x'.repeat(201) })).status).toBe(400);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/history`, 'ana', undefined, '{"name":')).status).toBe(400);
      expect(await suite.db.storage.listCheckpoints(scriptId)).toEqual([]);

      // A checkpoint or thread of another script is not reachable through this one.
      const draft = await suite.call('POST', `/api/scripts/${other}/history`, 'ana', { name: 'Other draft' });
      expect((await suite.call('GET', `/api/scripts/${scriptId}/history/${draft.body.checkpoint.checkpointId}`, 'ana')).status).toBe(404);
      expect((await suite.call('POST', `/api/scripts/${scriptId}/history/${draft.body.checkpoint.checkpointId}/restore`, 'ana')).status).toBe(404);
    });
  });
}
