import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.js';
import { createSqliteStorage } from '../storage/sqlite-storage.js';
import type { ScriptId, Storage, StoredVersion } from '../storage/storage.js';
import { blankPageUpdate, line } from '../../test/support/providers.js';
import { compactAll, compactScript, mergeVersionRows } from './compaction.js';
import { openScriptDocument } from './open-script-document.js';

/** Typing on a blank page: one update per keystroke burst, as an editor emits them. */
function typingHistory(): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, blankPageUpdate());
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = line(doc);
  text.insert(0, 'INT. KITCHEN - NIGHT. ');
  // A passage typed and then deleted: compaction must not keep it.
  for (const word of 'THIS PASSAGE WAS DELETED LATER '.split(/(?= )/)) text.insert(text.length, word);
  text.delete(22, 'THIS PASSAGE WAS DELETED LATER '.length);
  for (let i = 0; i < 150; i++) text.insert(text.length, `w${i} `);
  return { updates, doc };
}

function textOf(rows: readonly StoredVersion[]): string {
  const doc = new Y.Doc();
  doc.transact(() => rows.forEach((row) => Y.applyUpdate(doc, row.update)));
  return line(doc).toString();
}

const contains = (haystack: Uint8Array, needle: string) => Buffer.from(haystack).includes(Buffer.from(needle));

describe('compactScript', () => {
  let dir: string;
  let storage: Storage;
  let ownerId: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wr-compaction-'));
    storage = createSqliteStorage({ file: path.join(dir, 'writersroom.sqlite') });
    await storage.migrate();
    ownerId = (await storage.provisionUser({ firebaseUid: 'dev:ann' })).userId;
  });

  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function scriptWith(updates: readonly Uint8Array[], baseline: Uint8Array | null = blankPageUpdate()): Promise<ScriptId> {
    const { scriptId } = await storage.createScript({ ownerId, title: 't' });
    await storage.appendVersions([
      ...(baseline ? [{ scriptId, update: baseline, createdBy: null, kind: 'baseline' as const }] : []),
      ...updates.map((update) => ({ scriptId, update, createdBy: ownerId, kind: 'update' as const })),
    ]);
    return scriptId;
  }

  it('[ST30] merges a typing history into one baseline of the same document, deleted text garbage-collected', async () => {
    const { updates, doc } = typingHistory();
    const scriptId = await scriptWith(updates);
    const before = await storage.loadVersions(scriptId);
    expect(before.some((row) => contains(row.update, 'PASSAGE'))).toBe(true);

    const result = await compactScript(storage, scriptId);
    expect(result).toMatchObject({ scriptId, status: 'compacted', rowsBefore: updates.length + 1, rowsRemoved: updates.length + 1 });
    expect(result.reason).toBeUndefined();
    expect(result.bytesBefore).toBe(before.reduce((sum, row) => sum + row.update.byteLength, 0));
    expect(result.bytesAfter).toBeLessThan(result.bytesBefore / 4);
    expect(result.durationMs).toBeGreaterThan(0);

    const after = await storage.loadVersions(scriptId);
    expect(after).toHaveLength(1);
    expect(after[0]!.update.byteLength).toBe(result.bytesAfter);
    expect(contains(after[0]!.update, 'PASSAGE')).toBe(false);
    // Y.mergeUpdates, by contrast, keeps the deleted text.
    expect(contains(Y.mergeUpdates(before.map((row) => row.update)), 'PASSAGE')).toBe(true);
    expect(textOf(after)).toBe(line(doc).toString());
  });

  it('[SY4] a compacted script opens with the same content and no corruption reported', async () => {
    const { updates, doc } = typingHistory();
    const scriptId = await scriptWith(updates);
    await compactScript(storage, scriptId);
    const reasons: string[] = [];
    const opened = await openScriptDocument(storage, scriptId, { corruption: (reason) => reasons.push(reason), logger: createLogger('silent') });
    expect(reasons).toEqual([]);
    expect(opened.rowCount).toBe(1);
    expect(line(opened.doc).toString()).toBe(line(doc).toString());
  });

  it('[ST31] edits stored while the compaction runs stay, and the log still rebuilds everything', async () => {
    const { updates, doc } = typingHistory();
    const [late, ...earlier] = [updates.at(-1)!, ...updates.slice(0, -1)];
    const scriptId = await scriptWith(earlier);
    const appended: Array<Promise<void>> = [];
    const result = await compactScript(storage, scriptId, {
      afterInsert: () => void appended.push(storage.appendVersions([{ scriptId, update: late, createdBy: ownerId, kind: 'update' }])),
    });
    await Promise.all(appended);
    expect(result.status).toBe('compacted');
    const rows = await storage.loadVersions(scriptId);
    expect(rows.map((row) => row.kind)).toEqual(['baseline', 'update']);
    expect(textOf(rows)).toBe(line(doc).toString());
  });

  it('a log with a missing predecessor or an undecodable row is not compacted (damaged) and stays as it was', async () => {
    const { updates } = typingHistory();
    const gap = await scriptWith([updates[0]!, ...updates.slice(2)]);
    const garbage = await scriptWith([updates[0]!, Uint8Array.of(0xff, 0xff, 0xff)]);
    for (const scriptId of [gap, garbage]) {
      const before = await storage.loadVersions(scriptId);
      const result = await compactScript(storage, scriptId, { lock: 'try' });
      expect(result).toMatchObject({ status: 'skipped', reason: 'damaged', rowsBefore: before.length, rowsRemoved: 0, bytesAfter: 0 });
      expect(await storage.loadVersions(scriptId)).toEqual(before);
    }
    const gapRows = await storage.loadVersions(gap);
    expect(() => mergeVersionRows(gapRows)).toThrow(/missing predecessors/);
  });

  it('a script with fewer than two rows is skipped as too-few-rows', async () => {
    const scriptId = await scriptWith([]);
    expect(await compactScript(storage, scriptId)).toMatchObject({ status: 'skipped', reason: 'too-few-rows', rowsBefore: 0 });
    expect(await storage.countVersions(scriptId)).toBe(1);
  });

  it('[ST34] compactAll compacts each candidate once, in order, reporting progress', async () => {
    const { updates } = typingHistory();
    const big = await scriptWith(updates);
    const small = await scriptWith(updates.slice(0, 20));
    const tiny = await scriptWith(updates.slice(0, 3));
    const progress: Array<[ScriptId, number, number]> = [];
    const results = await compactAll(storage, { maxRows: 10, maxAgeMs: 7 * 24 * 3600 * 1000, now: new Date() }, (result, done, total) =>
      progress.push([result.scriptId, done, total]),
    );
    expect(results.map((r) => [r.scriptId, r.status])).toEqual([
      [big, 'compacted'],
      [small, 'compacted'],
    ]);
    expect(progress).toEqual([
      [big, 1, 2],
      [small, 2, 2],
    ]);
    expect(await storage.countVersions(tiny)).toBe(4);
    expect(await compactAll(storage, { maxRows: 10, maxAgeMs: 7 * 24 * 3600 * 1000, now: new Date() })).toEqual([]);
  });

  it('compactAll stops before the next script once its signal is aborted', async () => {
    const { updates } = typingHistory();
    await scriptWith(updates);
    await scriptWith(updates.slice(0, 20));
    const controller = new AbortController();
    const results = await compactAll(storage, { maxRows: 10, maxAgeMs: 7 * 24 * 3600 * 1000, now: new Date() }, () => controller.abort(), { signal: controller.signal });
    expect(results).toHaveLength(1);
  });
});
