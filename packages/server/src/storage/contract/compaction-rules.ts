/**
 * Contract rules ST30–ST34: compaction of a script's version log.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 *
 * The merges here concatenate marker bytes: the storage never looks inside a
 * row, so any bytes prove what it does with them (the Yjs merge is
 * maintenance/compaction.ts's job).
 */
import { describe, expect, it } from 'vitest';
import { MAX_IDS_PER_COMPACTION_DELETE } from '../compaction-queries.js';
import type { ScriptId, StoredVersion } from '../storage.js';
import { UNKNOWN_ID, markers, row, type ContractFixture } from './contract-fixture.js';

const DAY_MS = 24 * 3600 * 1000;

/** Every byte of the rows, in order: what the merges here return. */
function concatenated(rows: readonly StoredVersion[]): Uint8Array {
  return Uint8Array.from(rows.flatMap((v) => Array.from(v.update)));
}

/** A merge that records each call and returns the concatenated bytes of the rows it got. */
function recordingMerge() {
  const calls: StoredVersion[][] = [];
  const merge = (rows: StoredVersion[]) => {
    calls.push(rows);
    return concatenated(rows);
  };
  return { calls, merge };
}

export function describeCompactionRules(f: ContractFixture): void {
  async function scriptWithRows(...values: number[]): Promise<{ scriptId: ScriptId; rows: StoredVersion[] }> {
    const s = await f.script(await f.user('ann'));
    await f.storage.appendVersions(values.map((value) => row(s.scriptId, value)));
    return { scriptId: s.scriptId, rows: await f.storage.loadVersions(s.scriptId) };
  }

  describe('compaction', () => {
    it('[ST30] replaces every row it read by one baseline of what merge returned, and reports what it did', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      const other = await f.script(ann, 'other');
      await f.storage.appendVersions([row(s.scriptId, 1, 'update', ann), row(other.scriptId, 90), row(s.scriptId, 2)]);
      await f.storage.appendVersions([row(s.scriptId, 100, 'baseline'), row(s.scriptId, 3)]);
      const before = await f.storage.loadVersions(s.scriptId);
      const otherBefore = await f.storage.loadVersions(other.scriptId);
      const { calls, merge } = recordingMerge();

      const started = Date.now();
      const outcome = await f.storage.compactVersions(s.scriptId.toUpperCase(), merge);
      expect(calls).toEqual([before]);
      expect(markers(calls[0]!)).toEqual([100, 1, 2, 3]);
      expect(outcome).toEqual({
        status: 'compacted',
        rowsRemoved: 4,
        bytesBefore: 4,
        bytesAfter: 4,
        upToVersionId: Math.max(...before.map((v) => v.versionId)),
      });

      const after = await f.storage.loadVersions(s.scriptId);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ scriptId: s.scriptId, kind: 'baseline', createdBy: null });
      expect(Array.from(after[0]!.update)).toEqual([100, 1, 2, 3]);
      expect(after[0]!.versionId).toBeGreaterThan(Math.max(...before.map((v) => v.versionId), ...otherBefore.map((v) => v.versionId)));
      expect(after[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(started);
      expect(after[0]!.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await f.storage.loadVersions(other.scriptId)).toEqual(otherBefore);
      expect(await f.countRows('script_versions')).toBe(2);
    });

    it('[ST30] fewer than two rows, an unknown or a malformed id: skipped as too-few-rows, merge not called', async () => {
      const empty = await f.script(await f.user('ann'));
      const single = await scriptWithRows(7);
      const { calls, merge } = recordingMerge();
      for (const id of [empty.scriptId, single.scriptId, UNKNOWN_ID, 'not-a-uuid']) {
        expect(await f.storage.compactVersions(id, merge)).toEqual({ status: 'skipped', reason: 'too-few-rows' });
        expect(await f.storage.compactVersions(id, merge, { lock: 'try' })).toEqual({ status: 'skipped', reason: 'too-few-rows' });
      }
      expect(calls).toEqual([]);
      expect(await f.storage.loadVersions(single.scriptId)).toEqual(single.rows);
    });

    it('[ST30] a second compaction merges the baseline of the first together with the rows written since', async () => {
      const { scriptId } = await scriptWithRows(1, 2);
      await f.storage.compactVersions(scriptId, recordingMerge().merge);
      await f.storage.appendVersions([row(scriptId, 3), row(scriptId, 4)]);
      const { calls, merge } = recordingMerge();
      expect(await f.storage.compactVersions(scriptId, merge)).toMatchObject({ status: 'compacted', rowsRemoved: 3, bytesBefore: 4 });
      expect(calls.map((rows) => rows.map((v) => v.kind))).toEqual([['baseline', 'update', 'update']]);
      expect((await f.storage.loadVersions(scriptId)).map((v) => Array.from(v.update))).toEqual([[1, 2, 3, 4]]);
    });

    it('[ST30] a log longer than one delete statement is compacted whole', async () => {
      const values = Array.from({ length: MAX_IDS_PER_COMPACTION_DELETE * 2 + 5 }, (_, i) => i % 256);
      const { scriptId } = await scriptWithRows(...values);
      const outcome = await f.storage.compactVersions(scriptId, () => Uint8Array.of(1));
      expect(outcome).toMatchObject({ status: 'compacted', rowsRemoved: values.length, bytesBefore: values.length, bytesAfter: 1 });
      expect(await f.storage.countVersions(scriptId)).toBe(1);
    });

    it('[ST31] rows appended while a compaction runs survive it, after the baseline in load order', async () => {
      const { scriptId, rows } = await scriptWithRows(1, 2, 3);
      const appends: Array<Promise<void>> = [];
      const outcome = await f.storage.compactVersions(
        scriptId,
        (read) => {
          // Not awaited: the append runs concurrently (PostgreSQL) or queues behind the transaction (SQLite).
          appends.push(f.storage.appendVersions([row(scriptId, 50)]));
          return concatenated(read);
        },
        { afterInsert: () => void appends.push(f.storage.appendVersions([row(scriptId, 51), row(scriptId, 52)])) },
      );
      await Promise.all(appends);
      expect(outcome).toMatchObject({ status: 'compacted', rowsRemoved: 3, upToVersionId: Math.max(...rows.map((v) => v.versionId)) });

      const after = await f.storage.loadVersions(scriptId);
      expect(after[0]).toMatchObject({ kind: 'baseline' });
      expect(Array.from(after[0]!.update)).toEqual([1, 2, 3]);
      expect(markers(after.slice(1)).sort((a, b) => a - b)).toEqual([50, 51, 52]);
      expect(after.slice(1).every((v) => v.kind === 'update')).toBe(true);
    });

    it('[ST31] exactly the ids read are deleted: rows of other scripts and rows added later keep their ids', async () => {
      const ann = await f.user('ann');
      const a = await f.script(ann, 'A');
      const b = await f.script(ann, 'B');
      await f.storage.appendVersions([row(a.scriptId, 1), row(b.scriptId, 2), row(a.scriptId, 3), row(b.scriptId, 4)]);
      const bRows = await f.storage.loadVersions(b.scriptId);
      let readIds: number[] = [];
      await f.storage.compactVersions(a.scriptId, (read) => {
        readIds = read.map((v) => v.versionId);
        return Uint8Array.of(9);
      });
      await f.storage.appendVersions([row(a.scriptId, 5)]);
      const late = (await f.storage.loadVersions(a.scriptId)).filter((v) => v.kind === 'update');
      expect(readIds).toHaveLength(2);
      expect(late.map((v) => v.versionId).some((id) => readIds.includes(id))).toBe(false);
      expect(markers(late)).toEqual([5]);
      expect(await f.storage.loadVersions(b.scriptId)).toEqual(bRows);
    });

    it('[ST32] a merge, afterInsert or beforeCommit that throws rejects the call and leaves every row as it was', async () => {
      const { scriptId, rows } = await scriptWithRows(1, 2, 3);
      const failure = new Error('injected');
      const fail = () => {
        throw failure;
      };
      const ok = () => Uint8Array.of(9);
      await expect(f.storage.compactVersions(scriptId, fail)).rejects.toBe(failure);
      await expect(f.storage.compactVersions(scriptId, ok, { afterInsert: fail })).rejects.toBe(failure);
      await expect(f.storage.compactVersions(scriptId, ok, { afterInsert: () => Promise.reject(failure) })).rejects.toBe(failure);
      await expect(f.storage.compactVersions(scriptId, ok, { beforeCommit: fail, lock: 'try' })).rejects.toBe(failure);
      for (const wrong of ['bytes', [1, 2], undefined]) {
        await expect(f.storage.compactVersions(scriptId, () => wrong as unknown as Uint8Array)).rejects.toThrow(TypeError);
      }
      expect(await f.storage.loadVersions(scriptId)).toEqual(rows);
      expect(await f.countRows('script_versions')).toBe(3);
      // Nothing was left open: the next compaction and append go through.
      expect(await f.storage.compactVersions(scriptId, ok)).toMatchObject({ status: 'compacted', rowsRemoved: 3 });
      await f.storage.appendVersions([row(scriptId, 4)]);
      expect(await f.storage.countVersions(scriptId)).toBe(2);
    });

    it('[ST33] of concurrent compactions of one script one does the work; the others find too few rows', async () => {
      const { scriptId } = await scriptWithRows(1, 2, 3, 4);
      const { calls, merge } = recordingMerge();
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => f.storage.compactVersions(scriptId, merge)));
      expect(outcomes.filter((o) => o.status === 'compacted')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'skipped' && o.reason === 'too-few-rows')).toHaveLength(4);
      expect(calls).toHaveLength(1);
      expect((await f.storage.loadVersions(scriptId)).map((v) => Array.from(v.update))).toEqual([[1, 2, 3, 4]]);
    });

    it("[ST33] with lock 'try', a lock held by another process skips the script as locked without calling merge", async () => {
      const { scriptId, rows } = await scriptWithRows(1, 2);
      const { calls, merge } = recordingMerge();
      const release = await f.holdScriptLock(scriptId);
      try {
        const started = performance.now();
        expect(await f.storage.compactVersions(scriptId, merge, { lock: 'try' })).toEqual({ status: 'skipped', reason: 'locked' });
        expect(performance.now() - started).toBeLessThan(200);
      } finally {
        await release();
      }
      expect(calls).toEqual([]);
      expect(await f.storage.loadVersions(scriptId)).toEqual(rows);
      expect(await f.storage.compactVersions(scriptId, merge, { lock: 'try' })).toMatchObject({ status: 'compacted' });
    });
  });

  describe('compaction candidates', () => {
    it('[ST34] are scripts with more than maxRows rows, or with a row older than maxAge, and at least two rows; most rows first', async () => {
      const many = await scriptWithRows(1, 2, 3, 4, 5);
      const three = await scriptWithRows(1, 2, 3);
      const two = await scriptWithRows(1, 2);
      await scriptWithRows(1);
      await f.script(await f.user('bob'));
      const now = new Date();

      expect(await f.storage.compactionCandidates({ maxRows: 2, maxAgeMs: 7 * DAY_MS, now })).toEqual([many.scriptId, three.scriptId]);
      expect(await f.storage.compactionCandidates({ maxRows: 5, maxAgeMs: 7 * DAY_MS, now })).toEqual([]);
      // Eight days on, every row is older than seven days: each script with two rows or more is due.
      const later = new Date(now.getTime() + 8 * DAY_MS);
      expect(await f.storage.compactionCandidates({ maxRows: 50, maxAgeMs: 7 * DAY_MS, now: later })).toEqual([
        many.scriptId,
        three.scriptId,
        two.scriptId,
      ]);

      await f.storage.compactVersions(many.scriptId, () => Uint8Array.of(1));
      expect(await f.storage.compactionCandidates({ maxRows: 2, maxAgeMs: 7 * DAY_MS, now })).toEqual([three.scriptId]);
    });

    it('[ST34] a policy that is not non-negative integers and a valid Date is a TypeError', async () => {
      const now = new Date();
      for (const policy of [
        { maxRows: -1, maxAgeMs: 0, now },
        { maxRows: 1.5, maxAgeMs: 0, now },
        { maxRows: 1, maxAgeMs: Number.NaN, now },
        { maxRows: 1, maxAgeMs: -5, now },
        { maxRows: 1, maxAgeMs: 0, now: new Date(Number.NaN) },
      ]) {
        await expect(f.storage.compactionCandidates(policy), JSON.stringify(policy)).rejects.toThrow(TypeError);
      }
    });
  });
}
