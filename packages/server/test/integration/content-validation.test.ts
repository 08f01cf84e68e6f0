import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildSeedUpdate, type ContentBlock } from '@writersroom/screenplay';
import type { NewVersion } from '../../src/storage/storage.js';
import { whenSynced } from '../support/providers.js';
import { blocksOf, sampleBlocks, typingUpdates } from '../support/screenplay-reading.js';
import { useServerSuite } from '../support/server-suite.js';
import { capturedLogger, metricValue } from '../support/test-server.js';


/** The old backend's seeding: a Y.Array('content') of TipTap-style JSON nodes. */
function legacyDocument(blocks: ContentBlock[]): Uint8Array {
  const names: Record<string, string> = { scene_heading: 'sceneHeading', action: 'action', character: 'character', dialogue: 'dialogue' };
  const doc = new Y.Doc();
  doc.getArray('content').push(blocks.map((block) => ({ type: names[block.type], content: [{ type: 'text', text: block.text }] })));
  return Y.encodeStateAsUpdate(doc);
}

describe('[SY4] validation and repair on load', () => {
  const log = capturedLogger();
  const suite = useServerSuite('sqlite', {}, { logger: log.logger });

  /** A script whose projection holds `blocks` and whose stored rows are exactly `rows`. */
  const fixture = async (blocks: ContentBlock[], rows: (scriptId: string) => Array<Omit<NewVersion, 'scriptId'>>) => {
    const owner = await suite.db.storage.provisionUser({ firebaseUid: 'dev:fixer' });
    const script = await suite.db.storage.createScript({ ownerId: owner.userId, title: 'Fixture', contentBlocks: blocks });
    await suite.db.storage.appendVersions(rows(script.scriptId).map((row) => ({ ...row, scriptId: script.scriptId })));
    return script.scriptId;
  };
  const open = async (scriptId: string) => {
    const client = suite.connect(scriptId, 'fixer');
    await whenSynced(client);
    return blocksOf(client.doc);
  };
  const counted = (reason: string) => metricValue(suite.server.url, 'yjs_corruption_detected_total', `reason="${reason}"`);
  const logged = (scriptId: string, reason: string) => log.lines().some((line) => line.scriptId === scriptId && line.reason === reason);

  const blocks = sampleBlocks(6);
  const seed = buildSeedUpdate(blocks);
  const row = (update: Uint8Array, kind: 'update' | 'baseline' = 'update') => ({ update, createdBy: null, kind });

  it('quarantines a row of random bytes and a truncated row, and serves the rest', async () => {
    const edit = typingUpdates(seed, ['FADE IN: '])[0]!;
    const random = Uint8Array.from({ length: 64 }, (_, i) => (i * 73 + 19) % 256);
    const truncated = typingUpdates(seed, ['LOST '])[0]!.slice(0, 5);
    const scriptId = await fixture(blocks, () => [row(seed, 'baseline'), row(random), row(edit), row(truncated)]);

    const served = await open(scriptId);
    expect(served[0]!.text).toBe(`FADE IN: ${blocks[0]!.text}`);
    expect(served.slice(1)).toEqual(blocks.slice(1));
    const quarantined = await suite.db.storage.listQuarantined(scriptId);
    expect(quarantined.map((version) => Array.from(version.update))).toEqual([Array.from(random), Array.from(truncated)]);
    expect(quarantined.every((version) => version.reason.length > 0)).toBe(true);
    expect(await suite.db.storage.countVersions(scriptId)).toBe(2);
    expect(await counted('undecodable_row')).toBeGreaterThanOrEqual(1);
    expect(logged(scriptId, 'undecodable_row')).toBe(true);
  });

  it('repairs a script with a missing early row from its content_blocks, keeping the damaged rows in quarantine', async () => {
    const later = typingUpdates(seed, ['LATER '])[0]!;
    const scriptId = await fixture(blocks, () => [row(later)]);
    expect(await open(scriptId)).toEqual(blocks);
    expect((await suite.db.storage.listQuarantined(scriptId)).map((version) => Array.from(version.update))).toEqual([Array.from(later)]);
    expect(await counted('missing_predecessor')).toBeGreaterThanOrEqual(1);
    expect(logged(scriptId, 'missing_predecessor')).toBe(true);
  });

  it('reseeds an empty document stored over non-empty content_blocks', async () => {
    const scriptId = await fixture(blocks, () => [row(Y.encodeStateAsUpdate(new Y.Doc()))]);
    expect(await open(scriptId)).toEqual(blocks);
    expect(await counted('empty_over_content')).toBeGreaterThanOrEqual(1);
    expect(logged(scriptId, 'empty_over_content')).toBe(true);
    // The repair is stored: a second load finds nothing to repair.
    const before = await counted('empty_over_content');
    expect(await open(scriptId)).toEqual(blocks);
    expect(await counted('empty_over_content')).toBe(before);
  });

  it("moves content written the old backend's way (Y.Array('content')) into the editor's fragment", async () => {
    const legacy: ContentBlock[] = [
      { type: 'scene_heading', text: 'INT. LIGHTHOUSE - NIGHT' },
      { type: 'action', text: 'The lamp turns.' },
      { type: 'character', text: 'KEEPER' },
      { type: 'dialogue', text: 'Ships again.' },
    ];
    const scriptId = await fixture([], () => [row(legacyDocument(legacy))]);
    expect(await open(scriptId)).toEqual(legacy);
    expect(await counted('legacy_content_array')).toBeGreaterThanOrEqual(1);
    expect(logged(scriptId, 'legacy_content_array')).toBe(true);
  });

  it('does not resurrect content a writer deleted, even when the projection is stale', async () => {
    // The writer deleted every element; the crash came before the projection caught up.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seed);
    const fragment = doc.getXmlFragment('default');
    const before = Y.encodeStateVector(doc);
    fragment.delete(0, fragment.length);
    const deletion = Y.encodeStateAsUpdate(doc, before);
    const scriptId = await fixture(blocks, () => [row(seed, 'baseline'), row(deletion)]);
    expect(await open(scriptId)).toEqual([]);
  });
});
