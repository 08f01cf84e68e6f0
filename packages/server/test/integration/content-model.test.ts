import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode, MessageType, SyncStep } from '@writersroom/protocol';
import { contentBlocksToProsemirror, screenplaySchema } from '@writersroom/screenplay';
import { eventually, whenSynced } from '../support/providers.js';
import { openRawSocket } from '../support/raw-socket.js';
import { blocksOf, sampleBlocks } from '../support/screenplay-reading.js';
import { QUERY_2 } from '../support/plan-queries.js';
import { postgresAvailable } from '../support/postgres.js';
import { useServerSuite } from '../support/server-suite.js';
import { SavingClient } from '../support/saving-client.js';

describe('the screenplay content model on the server', () => {
  const suite = useServerSuite('sqlite', { projectionDelayMs: 50 });

  const createWithContent = async (owner: string, count: number) => {
    const blocks = sampleBlocks(count);
    const created = await suite.call('POST', '/api/scripts', owner, { title: 'Imported', contentBlocks: blocks });
    expect(created.status).toBe(201);
    return { scriptId: created.body.script.scriptId as string, blocks };
  };

  it('[SY20] ten clients opening a never-opened script with 200 blocks at once all see those 200 blocks, once', async () => {
    const { scriptId, blocks } = await createWithContent('ana', 200);
    // Each stock provider listens for the process's 'exit' until destroyed; eleven at once exceed Node's default.
    process.setMaxListeners(20);
    const clients = Array.from({ length: 10 }, () => suite.connect(scriptId, 'ana'));
    await Promise.all(clients.map((client) => whenSynced(client)));
    for (const client of clients) expect(blocksOf(client.doc)).toEqual(blocks);
    expect(await suite.db.storage.countVersions(scriptId)).toBe(1);

    const reload = suite.connect(scriptId, 'ana');
    await whenSynced(reload);
    expect(blocksOf(reload.doc)).toEqual(blocks);
  });

  it('a server-seeded document is exactly what the editor schema builds from the same blocks', async () => {
    const { scriptId, blocks } = await createWithContent('ana', 40);
    const client = suite.connect(scriptId, 'ana');
    await whenSynced(client);
    const fragment = client.doc.getXmlFragment('default');
    const editorView = (await import('@writersroom/screenplay')).readProsemirrorFromFragment(fragment);
    expect(editorView).toEqual(contentBlocksToProsemirror(blocks));
    expect(() => screenplaySchema.nodeFromJSON(editorView).check()).not.toThrow();
  });

  it('[SY22] keeps content_blocks a projection of the document, never newer than the Yjs log', async () => {
    const { scriptId, blocks } = await createWithContent('ben', 3);
    const writer = new SavingClient(`${suite.server.wsBase}/${scriptId}?token=dev:ben`);
    await writer.connect();
    const firstLine = (writer.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    firstLine.insert(firstLine.length, ' (REVISED)');
    await writer.whenSaved();
    const expected = [{ ...blocks[0]!, text: `${blocks[0]!.text} (REVISED)` }, ...blocks.slice(1)];
    await eventually(async () => isDeepStrictEqual((await suite.db.storage.getScript(scriptId))?.contentBlocks, expected), 'projection');
    const script = await suite.db.storage.getScript(scriptId);
    const newest = await suite.db.storage.latestVersion(scriptId);
    expect(script!.updatedAt.getTime()).toBeLessThanOrEqual(newest!.createdAt.getTime());
    writer.close();
  });

  it('[SY23] a REST content write (read, append, write back) while two clients edit converges everywhere, with nothing duplicated', async () => {
    const { scriptId } = await createWithContent('cy', 5);
    const [a, b] = [suite.connect(scriptId, 'cy'), suite.connect(scriptId, 'cy')];
    await Promise.all([whenSynced(a), whenSynced(b)]);
    const lineOf = (doc: Y.Doc, index: number) => (doc.getXmlFragment('default').get(index) as Y.XmlElement).get(0) as Y.XmlText;
    lineOf(a.doc, 1).insert(0, 'A: ');
    lineOf(b.doc, 4).insert(0, 'B: ');
    const typed = async () => {
      const text = JSON.stringify((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'cy')).body.contentBlocks);
      return text.includes('A: ') && text.includes('B: ');
    };
    await eventually(typed, 'the server has both edits');

    // The legacy autosave: read the content, append a block, write it all back.
    const current = (await suite.call('GET', `/api/scripts/${scriptId}/content`, 'cy')).body.contentBlocks as unknown[];
    const written = await suite.call('PUT', `/api/scripts/${scriptId}/content`, 'cy', {
      contentBlocks: [...current, { type: 'action', text: 'Added through REST.' }],
    });
    expect(written.status).toBe(200);

    await eventually(() => blocksOf(a.doc).length === 6 && JSON.stringify(blocksOf(a.doc)) === JSON.stringify(blocksOf(b.doc)), 'clients converge');
    const final = blocksOf(a.doc);
    expect(final.filter((block) => block.text === 'Added through REST.')).toHaveLength(1);
    expect(final.filter((block) => block.text.startsWith('A: '))).toHaveLength(1);
    expect(final.filter((block) => block.text.startsWith('B: '))).toHaveLength(1);
    expect(written.body.contentBlocks).toEqual(final);
    expect((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'cy')).body.contentBlocks).toEqual(final);
  });

  it('[SY21] refuses an update that adds an unknown element type with 4409, leaving the stored document unchanged', async () => {
    const { scriptId, blocks } = await createWithContent('dee', 2);
    const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:dee`);
    const serverState = await socket.next(); // SyncStep1; then build an edit on top of the server's document
    expect(serverState[0]).toBe(MessageType.Sync);
    const hostile = new Y.Doc();
    const loaded = suite.connect(scriptId, 'dee');
    await whenSynced(loaded);
    Y.applyUpdate(hostile, Y.encodeStateAsUpdate(loaded.doc));
    const rowsBefore = await suite.db.storage.countVersions(scriptId);
    let update: Uint8Array | undefined;
    hostile.on('update', (emitted: Uint8Array) => {
      update = emitted;
    });
    hostile.getXmlFragment('default').insert(0, [new Y.XmlElement('script')]);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, SyncStep.Update);
    encoding.writeVarUint8Array(encoder, update!);
    socket.send(encoding.toUint8Array(encoder));

    expect((await socket.closed).code).toBe(CloseCode.UpdateRejected);
    expect(await suite.db.storage.countVersions(scriptId)).toBe(rowsBefore);
    expect((await suite.call('GET', `/api/scripts/${scriptId}/content`, 'dee')).body.contentBlocks).toEqual(blocks);
    expect(blocksOf(loaded.doc)).toEqual(blocks);
  });

  it('answers invalid content over REST with 400 naming the problem, and stores nothing', async () => {
    const bad = await suite.call('POST', '/api/scripts', 'eli', { title: 'Bad', contentBlocks: [{ type: 'action', text: 'ok' }, { type: 'montage', text: '?' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('WR_ERR_INVALID_CONTENT');
    expect(bad.body.error.message).toMatch(/montage/);
    expect((await suite.call('GET', '/api/scripts', 'eli')).body.scripts).toEqual([]);
  });
});


describe.skipIf(!postgresAvailable)('the projection on PostgreSQL', () => {
  const suite = useServerSuite('postgres', { projectionDelayMs: 50 });

  it("after edits through the socket, content_blocks matches the document and the plan's REST-newer-than-Yjs query finds nothing", async () => {
    const created = await suite.call('POST', '/api/scripts', 'fay', { title: 'Projected', contentBlocks: sampleBlocks(4) });
    const scriptId = created.body.script.scriptId as string;
    const writer = new SavingClient(`${suite.server.wsBase}/${scriptId}?token=dev:fay`);
    await writer.connect();
    for (const words of ['NIGHT. ', 'Later. ', 'Much later. ']) {
      ((writer.doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, words);
      await writer.whenSaved();
    }
    const expected = blocksOf(writer.doc);
    await eventually(
      // Structural comparison: jsonb does not keep key order.
      async () => isDeepStrictEqual((await suite.db.storage.getScript(scriptId))?.contentBlocks, expected),
      'content_blocks catches up',
    );
    const client = new pg.Client({ connectionString: (suite.db.location as { url: string }).url });
    await client.connect();
    try {
      const { rows } = await client.query<{ script_id: string }>(QUERY_2);
      expect(rows.map((row) => row.script_id)).not.toContain(scriptId);
    } finally {
      await client.end();
    }
    writer.close();
  });
});
