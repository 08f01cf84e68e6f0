/**
 * Contract rules ST12–ST15 and ST48: the version log.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import { UNKNOWN_ID, markers, row, type ContractFixture } from './contract-fixture.js';
import { ScriptsGoneError, type VersionKind } from '../storage.js';
import { MAX_ROWS_PER_INSERT } from '../version-queries.js';

export function describeVersionRules(f: ContractFixture): void {
  describe('versions', () => {
    it('[ST12] loadVersions returns one script’s baselines first, then its updates, each in id order', async () => {
      const ann = await f.user('ann');
      const a = await f.script(ann, 'A');
      const b = await f.script(ann, 'B');
      await f.storage.appendVersions([row(a.scriptId, 1, 'update', ann)]);
      await f.storage.appendVersions([row(a.scriptId, 2), row(b.scriptId, 50), row(a.scriptId, 3)]);
      await f.storage.appendVersions([row(a.scriptId, 101, 'baseline')]);
      await f.storage.appendVersions([row(a.scriptId, 4), row(b.scriptId, 150, 'baseline')]);
      await f.storage.appendVersions([row(a.scriptId, 102, 'baseline')]);

      const loaded = await f.storage.loadVersions(a.scriptId);
      expect(markers(loaded)).toEqual([101, 102, 1, 2, 3, 4]);
      expect(loaded.map((v) => v.kind)).toEqual(['baseline', 'baseline', 'update', 'update', 'update', 'update']);
      expect(loaded.every((v) => v.scriptId === a.scriptId)).toBe(true);
      expect(loaded.map((v) => v.createdBy)).toEqual([null, null, ann, null, null, null]);
      const updateIds = loaded.filter((v) => v.kind === 'update').map((v) => v.versionId);
      expect(updateIds).toEqual([...updateIds].sort((x, y) => x - y));
      expect(loaded[0]!.versionId).toBeLessThan(loaded[1]!.versionId);
      expect(markers(await f.storage.loadVersions(b.scriptId))).toEqual([150, 50]);
      expect(await f.storage.loadVersions(UNKNOWN_ID)).toEqual([]);
    });

    it('[ST13] an empty batch resolves and writes nothing', async () => {
      const s = await f.script(await f.user('ann'));
      await expect(f.storage.appendVersions([])).resolves.toBeUndefined();
      expect(await f.storage.countVersions(s.scriptId)).toBe(0);
    });

    it('[ST13] a batch with one row for an unknown script or user rejects and stores none of its rows', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      await expect(f.storage.appendVersions([row(s.scriptId, 1), row(UNKNOWN_ID, 2), row(s.scriptId, 3)])).rejects.toThrow();
      await expect(f.storage.appendVersions([row(s.scriptId, 1), row(s.scriptId, 2, 'update', UNKNOWN_ID)])).rejects.toThrow();
      const badKind = { ...row(s.scriptId, 4), kind: 'diff' as VersionKind };
      await expect(f.storage.appendVersions([row(s.scriptId, 3), badKind])).rejects.toThrow();
      expect(await f.storage.countVersions(s.scriptId)).toBe(0);
      await f.storage.appendVersions([row(s.scriptId, 5)]);
      expect(markers(await f.storage.loadVersions(s.scriptId))).toEqual([5]);
    });

    // Broken on purpose: rethrowing the foreign-key error as it came (no ScriptsGoneError), this failed on both databases.
    it('[ST48] a batch with rows of a script deleted for good rejects naming that script, and stores none of its rows', async () => {
      const ann = await f.user('ann');
      const kept = await f.script(ann, 'Kept');
      const gone = await f.script(ann, 'Gone');
      await f.storage.setScriptDeleted(gone.scriptId, true);
      expect(await f.storage.deleteScriptForever(gone.scriptId, [])).toBe('deleted');
      const refused = await f.storage.appendVersions([row(kept.scriptId, 1), row(gone.scriptId, 2), row(gone.scriptId, 3)]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ScriptsGoneError);
      expect((refused as ScriptsGoneError).scriptIds).toEqual([gone.scriptId]);
      expect(await f.storage.countVersions(kept.scriptId)).toBe(0);
      // An unknown user is not a script gone: the database's own error, as [ST13] says.
      await expect(f.storage.appendVersions([row(kept.scriptId, 4, 'update', UNKNOWN_ID)])).rejects.not.toBeInstanceOf(ScriptsGoneError);
      await f.storage.appendVersions([row(kept.scriptId, 1)]);
      expect(markers(await f.storage.loadVersions(kept.scriptId))).toEqual([1]);
    });

    it('[ST13] a batch larger than one insert statement is stored completely, in order', async () => {
      const s = await f.script(await f.user('ann'));
      // Over 6,553 rows would exceed SQLite's 32,766 bound parameters in a single statement.
      const rows = Array.from({ length: 7_000 }, (_, i) => row(s.scriptId, i % 256));
      await f.storage.appendVersions(rows);
      const loaded = await f.storage.loadVersions(s.scriptId);
      expect(loaded).toHaveLength(rows.length);
      expect(markers(loaded)).toEqual(markers(rows));
    });

    it('[ST13] a large batch that fails in its last insert leaves no row of its earlier inserts', async () => {
      const s = await f.script(await f.user('ann'));
      const rows = Array.from({ length: MAX_ROWS_PER_INSERT * 2 + 1 }, (_, i) => row(s.scriptId, i % 256));
      rows.push(row(UNKNOWN_ID, 0));
      await expect(f.storage.appendVersions(rows)).rejects.toThrow();
      expect(await f.storage.countVersions(s.scriptId)).toBe(0);
    });

    it('[ST13] concurrent batches are all stored, each row once', async () => {
      const s = await f.script(await f.user('ann'));
      await Promise.all(
        Array.from({ length: 20 }, (_, batch) =>
          f.storage.appendVersions(Array.from({ length: 5 }, (_, i) => row(s.scriptId, batch * 5 + i))),
        ),
      );
      const loaded = await f.storage.loadVersions(s.scriptId);
      expect(markers(loaded).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(new Set(loaded.map((v) => v.versionId)).size).toBe(100);
    });

    it('[ST14] version ids ascend in input order within a batch and across batches', async () => {
      const ann = await f.user('ann');
      const a = await f.script(ann);
      const b = await f.script(ann);
      await f.storage.appendVersions([row(a.scriptId, 1), row(b.scriptId, 2), row(a.scriptId, 3)]);
      await f.storage.appendVersions([row(b.scriptId, 4)]);
      await f.storage.appendVersions([row(a.scriptId, 5), row(b.scriptId, 6)]);
      const all = [...(await f.storage.loadVersions(a.scriptId)), ...(await f.storage.loadVersions(b.scriptId))];
      const idsByMarker = all.sort((x, y) => x.versionId - y.versionId).map((v) => v.update[0]);
      expect(idsByMarker).toEqual([1, 2, 3, 4, 5, 6]);
      expect(all.every((v) => Number.isSafeInteger(v.versionId) && v.versionId > 0)).toBe(true);
    });

    it('[ST15] countVersions counts every kind, of that script only', async () => {
      const ann = await f.user('ann');
      const a = await f.script(ann);
      const b = await f.script(ann);
      await f.storage.appendVersions([row(a.scriptId, 1), row(a.scriptId, 2, 'baseline'), row(b.scriptId, 3)]);
      expect(await f.storage.countVersions(a.scriptId)).toBe(2);
      expect(await f.storage.countVersions(b.scriptId)).toBe(1);
      expect(await f.storage.countVersions(UNKNOWN_ID)).toBe(0);
    });
  });
}
