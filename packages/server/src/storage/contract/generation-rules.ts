/**
 * Contract rules ST36–ST38: the document generation, which moves on only when
 * a script's document is replaced as a whole.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import type { ScriptId, StoredVersion } from '../storage.js';
import { OTHER_UNKNOWN_ID, UNKNOWN_ID, markers, row, seedWhenEmpty, type ContractFixture } from './contract-fixture.js';

const BLOCKS = [{ type: 'action', content: [{ type: 'text', text: 'Rain.' }] }];

export function describeGenerationRules(f: ContractFixture): void {
  async function scriptWithRows(...values: number[]): Promise<{ scriptId: ScriptId; rows: StoredVersion[] }> {
    const s = await f.script(await f.user('ann'));
    await f.storage.appendVersions(values.map((value) => row(s.scriptId, value)));
    return { scriptId: s.scriptId, rows: await f.storage.loadVersions(s.scriptId) };
  }
  const generation = (scriptId: ScriptId) => f.storage.getGeneration(scriptId);
  const ids = (rows: readonly StoredVersion[]) => rows.map((v) => v.versionId);

  describe('document generation', () => {
    it('[ST36] a new script is at generation 0 wherever it is returned, and getGeneration reads it alone', async () => {
      const ann = await f.user('ann');
      const s = await f.storage.createScript({ ownerId: ann, title: 't', contentBlocks: BLOCKS });
      expect(s.generation).toBe(0);
      expect(await f.storage.getScript(s.scriptId)).toMatchObject({ generation: 0 });
      expect((await f.storage.listScriptsForUser(ann))[0]).toMatchObject({ generation: 0 });
      expect(await f.storage.renameScript(s.scriptId, 'u')).toMatchObject({ generation: 0 });
      expect(await f.storage.setScriptDeleted(s.scriptId, true)).toMatchObject({ generation: 0 });
      expect(await generation(s.scriptId.toUpperCase())).toBe(0);
      for (const id of [UNKNOWN_ID, 'not-a-uuid']) expect(await generation(id)).toBeUndefined();
    });

    it('[ST36] appends, the first seed, compaction, projections, renames and deletes leave the generation alone', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: BLOCKS });
      expect(await f.storage.amendLog(s.scriptId, seedWhenEmpty(() => Uint8Array.of(1)))).toEqual({ amended: true });
      await f.storage.appendVersions([row(s.scriptId, 2), row(s.scriptId, 3)]);
      expect(await f.storage.compactVersions(s.scriptId, () => Uint8Array.of(9))).toMatchObject({ status: 'compacted' });
      await f.storage.updateContentBlocks(s.scriptId, BLOCKS, new Date());
      await f.storage.renameScript(s.scriptId, 'renamed');
      await f.storage.setScriptDeleted(s.scriptId, true);
      await f.storage.setScriptDeleted(s.scriptId, false);
      expect(await generation(s.scriptId)).toBe(0);
      expect(await f.storage.getScript(s.scriptId)).toMatchObject({ generation: 0 });
    });

    it('[ST37] a quarantine that takes every row out moves the generation on by one; the seed that follows does not', async () => {
      const { scriptId, rows } = await scriptWithRows(1, 2, 3);
      expect(await f.storage.quarantineVersions(scriptId, ids(rows), 'cleared')).toBe(3);
      expect(await generation(scriptId)).toBe(1);
      expect(await f.storage.getScript(scriptId)).toMatchObject({ generation: 1 });
      expect(await f.storage.amendLog(scriptId, seedWhenEmpty(() => Uint8Array.of(42)))).toEqual({ amended: true });
      expect(await generation(scriptId)).toBe(1);

      const reseeded = await f.storage.loadVersions(scriptId);
      expect(await f.storage.quarantineVersions(scriptId, ids(reseeded), 'cleared again')).toBe(1);
      expect(await generation(scriptId)).toBe(2);
    });

    it('[ST37] a quarantine that leaves rows, or moves nothing, does not change the generation', async () => {
      const { scriptId, rows } = await scriptWithRows(1, 2, 3);
      expect(await f.storage.quarantineVersions(scriptId, [rows[1]!.versionId], 'does not decode')).toBe(1);
      expect(await generation(scriptId)).toBe(0);

      const empty = await f.script(await f.user('bob'));
      expect(await f.storage.quarantineVersions(empty.scriptId, [rows[0]!.versionId], 'not its row')).toBe(0);
      expect(await f.storage.quarantineVersions(empty.scriptId, [], 'nothing')).toBe(0);
      expect(await generation(empty.scriptId)).toBe(0);

      // The rest moves: now the log is empty. Naming the already moved rows again moves nothing more.
      expect(await f.storage.quarantineVersions(scriptId, ids(rows), 'the rest')).toBe(2);
      expect(await generation(scriptId)).toBe(1);
      expect(await f.storage.quarantineVersions(scriptId, ids(rows), 'again')).toBe(0);
      expect(await generation(scriptId)).toBe(1);
    });

    it('[ST37] a row appended after the caller listed the log keeps it non-empty: no new generation, and the row stays', async () => {
      const { scriptId, rows } = await scriptWithRows(1, 2);
      await f.storage.appendVersions([row(scriptId, 3)]);
      expect(await f.storage.quarantineVersions(scriptId, ids(rows), 'cleared')).toBe(2);
      expect(markers(await f.storage.loadVersions(scriptId))).toEqual([3]);
      expect(await generation(scriptId)).toBe(0);
    });

    it('[ST37] rows appended while a full quarantine runs are never moved, and the generation moves at most once', async () => {
      const { scriptId, rows } = await scriptWithRows(1, 2, 3);
      const appends: Array<Promise<void>> = [];
      const quarantine = f.storage.quarantineVersions(scriptId, ids(rows), 'cleared');
      // Not awaited: the appends run concurrently (PostgreSQL) or queue behind the transaction (SQLite).
      appends.push(f.storage.appendVersions([row(scriptId, 50)]), f.storage.appendVersions([row(scriptId, 51)]));
      expect(await quarantine).toBe(3);
      await Promise.all(appends);

      expect(markers(await f.storage.loadVersions(scriptId)).sort((a, b) => a - b)).toEqual([50, 51]);
      expect(markers(await f.storage.listQuarantined(scriptId))).toEqual([1, 2, 3]);
      // 1 when the appends committed after the emptiness check, 0 when one committed before it.
      expect([0, 1]).toContain(await generation(scriptId));
    });

    it('[ST37] of concurrent full quarantines of one log, one moves the rows and the generation; the others move nothing', async () => {
      const { scriptId, rows } = await scriptWithRows(1, 2, 3);
      const moved = await Promise.all(Array.from({ length: 5 }, () => f.storage.quarantineVersions(scriptId, ids(rows), 'cleared')));
      expect(moved.sort()).toEqual([0, 0, 0, 0, 3]);
      expect(await generation(scriptId)).toBe(1);
    });

    it('[ST38] restoreVersions appends the rows in order and returns the new generation, also over existing rows', async () => {
      const ann = await f.user('ann');
      const { scriptId, rows } = await scriptWithRows(1, 2);
      await f.storage.quarantineVersions(scriptId, ids(rows), 'cleared');
      expect(await generation(scriptId)).toBe(1);

      const restored = [
        { update: Uint8Array.of(7), createdBy: null, kind: 'baseline' as const },
        { update: Uint8Array.of(8), createdBy: ann, kind: 'update' as const },
      ];
      expect(await f.storage.restoreVersions(scriptId.toUpperCase(), restored)).toBe(2);
      const log = await f.storage.loadVersions(scriptId);
      expect(log.map((v) => [v.kind, v.update[0], v.createdBy])).toEqual([['baseline', 7, null], ['update', 8, ann]]);
      expect(log[0]!.versionId).toBeLessThan(log[1]!.versionId);
      expect(log[0]!.createdAt).toEqual(log[1]!.createdAt);
      expect(await f.storage.getScript(scriptId)).toMatchObject({ generation: 2 });

      // Over rows already there (restore --force): both merge, which is a replacement too.
      expect(await f.storage.restoreVersions(scriptId, [{ update: Uint8Array.of(9), createdBy: null, kind: 'update' }])).toBe(3);
      expect(markers(await f.storage.loadVersions(scriptId))).toEqual([7, 8, 9]);
    });

    it('[ST38] restoring nothing writes nothing and keeps the generation', async () => {
      const { scriptId } = await scriptWithRows(1);
      expect(await f.storage.restoreVersions(scriptId, [])).toBe(0);
      expect(await f.storage.countVersions(scriptId)).toBe(1);
      expect(await generation(scriptId)).toBe(0);
    });

    it('[ST38] a restore that fails leaves the log and the generation as they were', async () => {
      const { scriptId, rows } = await scriptWithRows(1);
      const good = { update: Uint8Array.of(2), createdBy: null, kind: 'update' as const };
      await expect(f.storage.restoreVersions('not-a-uuid', [good])).rejects.toThrow(TypeError);
      await expect(f.storage.restoreVersions(scriptId, [good, { ...good, createdBy: 'nobody' }])).rejects.toThrow(TypeError);
      await expect(f.storage.restoreVersions(UNKNOWN_ID, [good])).rejects.toThrow(/unknown script/);
      // The generation has already moved inside the transaction when the insert fails on the unknown author.
      await expect(f.storage.restoreVersions(scriptId, [good, { ...good, createdBy: OTHER_UNKNOWN_ID }])).rejects.toThrow();
      expect(await f.storage.loadVersions(scriptId)).toEqual(rows);
      expect(await generation(scriptId)).toBe(0);
      expect(await f.countRows('script_versions')).toBe(1);
    });
  });
}
