/**
 * Contract rules ST25–ST29: amending a log (seeding, repairs) under the script lock, quarantine, the newest row.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import type { ScriptId, StoredVersion } from '../storage.js';
import { MAX_ROWS_PER_QUARANTINE_STATEMENT } from '../quarantine-queries.js';
import { UNKNOWN_ID, markers, row, tick, seedWhenEmpty, type ContractFixture } from './contract-fixture.js';

const BLOCKS = [{ type: 'scene_heading', content: [{ type: 'text', text: 'INT. ROOM – DAY' }] }];

/** A seed builder that records what it was called with and returns `bytes`. */
function recordingBuilder(bytes: Uint8Array | undefined) {
  const calls: Array<unknown[] | null> = [];
  const build = (contentBlocks: unknown[] | null) => {
    calls.push(contentBlocks);
    return bytes;
  };
  return { calls, build };
}

export function describeDocumentRules(f: ContractFixture): void {
  async function rowsOf(scriptId: ScriptId, ...kinds: Array<'update' | 'baseline'>): Promise<StoredVersion[]> {
    await f.storage.appendVersions(kinds.map((kind, i) => row(scriptId, i + 1, kind)));
    const loaded = await f.storage.loadVersions(scriptId);
    return loaded.sort((a, b) => a.versionId - b.versionId);
  }

  describe('amending a log: seeding and repairs', () => {
    it('[ST25] an empty log is seeded once, with one baseline row built from the content blocks', async () => {
      const owner = await f.user('ann');
      const s = await f.storage.createScript({ ownerId: owner, title: 't', contentBlocks: BLOCKS });
      const first = recordingBuilder(Uint8Array.of(7, 8, 9));
      expect(await f.storage.amendLog(s.scriptId.toUpperCase(), seedWhenEmpty(first.build))).toEqual({ amended: true });
      expect(first.calls).toEqual([BLOCKS]);

      const [seed, ...rest] = await f.storage.loadVersions(s.scriptId);
      expect(rest).toEqual([]);
      expect(seed).toMatchObject({ scriptId: s.scriptId, kind: 'baseline', createdBy: null });
      expect(Array.from(seed!.update)).toEqual([7, 8, 9]);
      expect(seed!.createdAt.getTime()).toBeGreaterThanOrEqual(s.updatedAt.getTime());
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);

      const second = recordingBuilder(Uint8Array.of(1));
      expect(await f.storage.amendLog(s.scriptId, seedWhenEmpty(second.build))).toEqual({ amended: false });
      expect(second.calls).toEqual([]);
      expect(await f.storage.countVersions(s.scriptId)).toBe(1);
    });

    it('[ST25] a script that has rows is not seeded and build is not called', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: BLOCKS });
      await f.storage.appendVersions([row(s.scriptId, 5)]);
      const builder = recordingBuilder(Uint8Array.of(1));
      expect(await f.storage.amendLog(s.scriptId, seedWhenEmpty(builder.build))).toEqual({ amended: false });
      expect(builder.calls).toEqual([]);
      expect(markers(await f.storage.loadVersions(s.scriptId))).toEqual([5]);
    });

    it('[ST25] build gets null for a never-projected script; returning undefined seeds nothing and a later seed still can', async () => {
      const s = await f.script(await f.user('ann'));
      const nothing = recordingBuilder(undefined);
      expect(await f.storage.amendLog(s.scriptId, seedWhenEmpty(nothing.build))).toEqual({ amended: false });
      expect(nothing.calls).toEqual([null]);
      expect(await f.storage.countVersions(s.scriptId)).toBe(0);
      expect(await f.storage.amendLog(s.scriptId, seedWhenEmpty(() => Uint8Array.of(3)))).toEqual({ amended: true });
      expect(markers(await f.storage.loadVersions(s.scriptId))).toEqual([3]);
    });

    it('[ST25] an unknown script is not seeded and build is not called', async () => {
      const builder = recordingBuilder(Uint8Array.of(1));
      expect(await f.storage.amendLog(UNKNOWN_ID, seedWhenEmpty(builder.build))).toEqual({ amended: false });
      expect(builder.calls).toEqual([]);
    });

    it('[ST25] when build throws or returns no Uint8Array the call rejects, nothing is stored and storage stays usable', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: BLOCKS });
      const failure = new Error('bad content');
      await expect(
        f.storage.amendLog(s.scriptId, seedWhenEmpty(() => {
          throw failure;
        })),
      ).rejects.toBe(failure);
      for (const wrong of ['bytes', [1, 2], Promise.resolve(Uint8Array.of(1))]) {
        await expect(f.storage.amendLog(s.scriptId, seedWhenEmpty(() => wrong as unknown as Uint8Array))).rejects.toThrow(TypeError);
      }
      expect(await f.storage.countVersions(s.scriptId)).toBe(0);
      await f.storage.appendVersions([row(s.scriptId, 1)]);
      expect(await f.storage.countVersions(s.scriptId)).toBe(1);
    });

    it('[ST25] a soft-deleted script is seeded, and its updatedAt stays', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: BLOCKS });
      const deleted = await f.storage.setScriptDeleted(s.scriptId, true);
      expect(await f.storage.amendLog(s.scriptId, seedWhenEmpty(() => Uint8Array.of(1)))).toEqual({ amended: true });
      expect(await f.storage.getScript(s.scriptId, { includeDeleted: true })).toEqual(deleted);
    });

    it('[ST25] [ST27] once every row is quarantined the log is empty again and is seeded again', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: BLOCKS });
      const rows = await rowsOf(s.scriptId, 'update', 'update');
      expect(await f.storage.quarantineVersions(s.scriptId, rows.map((r) => r.versionId), 'missing predecessors')).toBe(2);
      expect(await f.storage.amendLog(s.scriptId, seedWhenEmpty(() => Uint8Array.of(42)))).toEqual({ amended: true });
      const loaded = await f.storage.loadVersions(s.scriptId);
      expect(loaded.map((v) => [v.kind, v.update[0]])).toEqual([['baseline', 42]]);
      expect(await f.storage.listQuarantined(s.scriptId)).toHaveLength(2);
    });

    it('[ST25] [ST26] each of ten concurrent amendments decides on every row the earlier ones committed', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: BLOCKS });
      const seen: number[] = [];
      // Each decision appends a row naming how many rows it saw: with the lock taken before the read, they see 0..9.
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          f.storage.amendLog(s.scriptId, ({ rows, contentBlocks }) => {
            expect(contentBlocks).toEqual(BLOCKS);
            seen.push(rows.length);
            return { update: Uint8Array.of(rows.length), kind: rows.length === 0 ? 'baseline' : 'update' };
          }),
        ),
      );
      expect(results).toEqual(Array.from({ length: 10 }, () => ({ amended: true })));
      expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const loaded = await f.storage.loadVersions(s.scriptId);
      expect(markers(loaded)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(loaded.map((v) => [v.kind, v.createdBy])).toEqual([['baseline', null], ...Array.from({ length: 9 }, () => ['update', null])]);
    });

    it('[ST25] a decision sees the rows in load order and the content of a soft-deleted script; undefined writes nothing', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: BLOCKS });
      await f.storage.appendVersions([row(s.scriptId, 1), row(s.scriptId, 2, 'baseline')]);
      await f.storage.setScriptDeleted(s.scriptId, true);
      let seen: { rows: number[]; contentBlocks: unknown[] | null } | undefined;
      const outcome = await f.storage.amendLog(s.scriptId, ({ rows, contentBlocks }) => {
        seen = { rows: markers(rows), contentBlocks };
        return undefined;
      });
      expect(outcome).toEqual({ amended: false });
      expect(seen).toEqual({ rows: [2, 1], contentBlocks: BLOCKS });
      expect(await f.storage.countVersions(s.scriptId)).toBe(2);
    });

    it('[ST26] of ten concurrent seeds of one script exactly one stores a row, and build runs once', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: BLOCKS });
      let builds = 0;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          f.storage.amendLog(s.scriptId, seedWhenEmpty(() => {
            builds += 1;
            return Uint8Array.of(i);
          })),
        ),
      );
      expect(results.filter((r) => r.amended)).toHaveLength(1);
      expect(builds).toBe(1);
      const loaded = await f.storage.loadVersions(s.scriptId);
      expect(loaded).toHaveLength(1);
      expect(loaded[0]!.update[0]).toBe(results.findIndex((r) => r.amended));
    });

    it('[ST26] concurrent seeds of several scripts seed each of them once', async () => {
      const owner = await f.user('ann');
      const scripts = await Promise.all(
        Array.from({ length: 4 }, (_, i) => f.storage.createScript({ ownerId: owner, title: `s${i}`, contentBlocks: BLOCKS })),
      );
      const results = await Promise.all(
        scripts.flatMap((s) => Array.from({ length: 3 }, () => f.storage.amendLog(s.scriptId, seedWhenEmpty(() => Uint8Array.of(1))))),
      );
      expect(results.filter((r) => r.amended)).toHaveLength(scripts.length);
      for (const s of scripts) expect(await f.storage.countVersions(s.scriptId)).toBe(1);
    });
  });

  describe('quarantine', () => {
    it('[ST27] moves exactly the named rows of that script, as they were, with the reason and time', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      await f.storage.appendVersions([row(s.scriptId, 1, 'baseline'), row(s.scriptId, 2, 'update', ann)]);
      await f.storage.appendVersions([row(s.scriptId, 3), row(s.scriptId, 4)]);
      const all = (await f.storage.loadVersions(s.scriptId)).sort((a, b) => a.versionId - b.versionId);
      const [baseline, byAnn, third, fourth] = all;

      const before = Date.now();
      const moved = await f.storage.quarantineVersions(s.scriptId, [baseline!.versionId, byAnn!.versionId, fourth!.versionId], 'does not decode');
      const after = Date.now();
      expect(moved).toBe(3);
      expect(markers(await f.storage.loadVersions(s.scriptId))).toEqual([3]);
      expect((await f.storage.loadVersions(s.scriptId))[0]).toEqual(third);

      const quarantined = await f.storage.listQuarantined(s.scriptId);
      expect(quarantined.map(({ reason, quarantinedAt, ...version }) => version)).toEqual([baseline, byAnn, fourth]);
      for (const q of quarantined) {
        expect(q.reason).toBe('does not decode');
        expect(q.quarantinedAt.getTime()).toBeGreaterThanOrEqual(before);
        expect(q.quarantinedAt.getTime()).toBeLessThanOrEqual(after);
        expect(Object.getPrototypeOf(q.update)).toBe(Uint8Array.prototype);
      }
      expect(await f.countRows('script_versions_quarantine')).toBe(3);
      expect(await f.countRows('script_versions')).toBe(1);
    });

    it("[ST27] other scripts' ids, unknown ids and already moved ids are ignored; duplicates count once", async () => {
      const ann = await f.user('ann');
      const a = await f.script(ann, 'A');
      const b = await f.script(ann, 'B');
      const aRows = await rowsOf(a.scriptId, 'update', 'update');
      const bRows = await rowsOf(b.scriptId, 'update');
      const first = aRows[0]!.versionId;
      const unknownId = Math.max(...aRows.map((r) => r.versionId), ...bRows.map((r) => r.versionId)) + 1_000;

      expect(await f.storage.quarantineVersions(a.scriptId, [first, first, bRows[0]!.versionId, unknownId], 'x')).toBe(1);
      expect(await f.storage.quarantineVersions(a.scriptId, [first], 'again')).toBe(0);
      expect(await f.storage.countVersions(b.scriptId)).toBe(1);
      expect(await f.storage.countVersions(a.scriptId)).toBe(1);
      expect((await f.storage.listQuarantined(a.scriptId)).map((q) => [q.versionId, q.reason])).toEqual([[first, 'x']]);
      expect(await f.storage.listQuarantined(b.scriptId)).toEqual([]);
    });

    it('[ST27] an empty list or an unknown script moves nothing and returns 0', async () => {
      const s = await f.script(await f.user('ann'));
      const [only] = await rowsOf(s.scriptId, 'update');
      expect(await f.storage.quarantineVersions(s.scriptId, [], 'x')).toBe(0);
      expect(await f.storage.quarantineVersions(UNKNOWN_ID, [only!.versionId], 'x')).toBe(0);
      expect(await f.storage.countVersions(s.scriptId)).toBe(1);
      expect(await f.countRows('script_versions_quarantine')).toBe(0);
    });

    it('[ST27] an id that is not a positive integer, or an empty reason, is a TypeError and moves nothing', async () => {
      const s = await f.script(await f.user('ann'));
      const [only] = await rowsOf(s.scriptId, 'update');
      for (const bad of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2, '1' as unknown as number]) {
        await expect(f.storage.quarantineVersions(s.scriptId, [only!.versionId, bad], 'x'), String(bad)).rejects.toThrow(TypeError);
      }
      await expect(f.storage.quarantineVersions(s.scriptId, [only!.versionId], '')).rejects.toThrow(TypeError);
      expect(await f.storage.countVersions(s.scriptId)).toBe(1);
      expect(await f.countRows('script_versions_quarantine')).toBe(0);
    });

    it('[ST27] a list longer than one statement is moved completely', async () => {
      const s = await f.script(await f.user('ann'));
      const count = MAX_ROWS_PER_QUARANTINE_STATEMENT * 2 + 500;
      await f.storage.appendVersions(Array.from({ length: count }, (_, i) => row(s.scriptId, i % 256)));
      const all = await f.storage.loadVersions(s.scriptId);
      const keep = all[7]!;
      const ids = all.filter((v) => v !== keep).map((v) => v.versionId);
      expect(await f.storage.quarantineVersions(s.scriptId, ids, 'bulk')).toBe(count - 1);
      expect(await f.storage.loadVersions(s.scriptId)).toEqual([keep]);
      expect((await f.storage.listQuarantined(s.scriptId)).map((q) => q.versionId)).toEqual(ids);
    });

    it('[ST14] [ST27] the id of a quarantined row is never handed out again', async () => {
      const s = await f.script(await f.user('ann'));
      const rows = await rowsOf(s.scriptId, 'update', 'update');
      const newest = rows[1]!.versionId;
      await f.storage.quarantineVersions(s.scriptId, [newest], 'x');
      await f.storage.appendVersions([row(s.scriptId, 9)]);
      expect((await f.storage.latestVersion(s.scriptId))!.versionId).toBeGreaterThan(newest);
    });

    it('[ST28] listQuarantined lists one script or all, by script id then version id', async () => {
      const owner = await f.user('ann');
      const scripts = await Promise.all(['A', 'B', 'C'].map((title) => f.script(owner, title)));
      for (const s of scripts) await f.storage.appendVersions([row(s.scriptId, 1), row(s.scriptId, 2)]);
      // Quarantined in an order that is neither script order nor id order.
      for (const s of [...scripts].reverse()) {
        const ids = (await f.storage.loadVersions(s.scriptId)).map((v) => v.versionId).reverse();
        for (const versionId of ids) await f.storage.quarantineVersions(s.scriptId, [versionId], `r-${versionId}`);
      }
      const all = await f.storage.listQuarantined();
      const expected = scripts
        .map((s) => s.scriptId)
        .sort()
        .flatMap((scriptId) => all.filter((q) => q.scriptId === scriptId).sort((x, y) => x.versionId - y.versionId));
      expect(all).toHaveLength(6);
      expect(all).toEqual(expected);
      expect(all.every((q) => q.reason === `r-${q.versionId}`)).toBe(true);
      expect(await f.storage.listQuarantined(scripts[1]!.scriptId.toUpperCase())).toEqual(all.filter((q) => q.scriptId === scripts[1]!.scriptId));
      expect(await f.storage.listQuarantined(UNKNOWN_ID)).toEqual([]);
    });
  });

  describe('the newest row', () => {
    it('[ST29] latestVersion is the row with the largest id, of any kind, with its createdAt', async () => {
      const s = await f.script(await f.user('ann'));
      expect(await f.storage.latestVersion(s.scriptId)).toBeUndefined();
      await f.storage.appendVersions([row(s.scriptId, 1), row(s.scriptId, 2)]);
      await tick();
      await f.storage.appendVersions([row(s.scriptId, 3, 'baseline')]);
      const rows = (await f.storage.loadVersions(s.scriptId)).sort((a, b) => a.versionId - b.versionId);
      const newest = rows[2]!;
      expect(await f.storage.latestVersion(s.scriptId.toUpperCase())).toEqual({ versionId: newest.versionId, createdAt: newest.createdAt });

      await f.storage.quarantineVersions(s.scriptId, [newest.versionId], 'x');
      expect(await f.storage.latestVersion(s.scriptId)).toEqual({ versionId: rows[1]!.versionId, createdAt: rows[1]!.createdAt });
      expect(await f.storage.latestVersion(UNKNOWN_ID)).toBeUndefined();
    });

    it("[ST29] latestVersion looks at that script's rows only", async () => {
      const owner = await f.user('ann');
      const a = await f.script(owner, 'A');
      const b = await f.script(owner, 'B');
      await f.storage.appendVersions([row(a.scriptId, 1)]);
      await f.storage.appendVersions([row(b.scriptId, 2)]);
      const [onlyA] = await f.storage.loadVersions(a.scriptId);
      expect(await f.storage.latestVersion(a.scriptId)).toEqual({ versionId: onlyA!.versionId, createdAt: onlyA!.createdAt });
    });
  });
}
