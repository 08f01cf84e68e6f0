/**
 * Contract rules ST1–ST6: migrations, lifecycle, ids, timestamps and exact round-trips.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import { UNKNOWN_ID, UUID_V4, row, seedWhenEmpty, type ContractFixture } from './contract-fixture.js';

export function describeLifecycleAndValueRules(f: ContractFixture): void {
  describe('schema and lifecycle', () => {
    it('[ST1] migrating an up-to-date database again keeps its data', async () => {
      const owner = await f.user('ann');
      const s = await f.script(owner, 'Keep me');
      await f.storage.appendVersions([row(s.scriptId, 1)]);
      await f.storage.migrate();
      await f.storage.migrate();
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);
      expect(await f.storage.countVersions(s.scriptId)).toBe(1);
    });

    it('[ST1] concurrent migrations of a fresh database all succeed', async () => {
      const fresh = await f.openFresh();
      await Promise.all([fresh.migrate(), fresh.migrate(), fresh.migrate()]);
      const owner = await fresh.provisionUser({ firebaseUid: 'ann' });
      expect((await fresh.createScript({ ownerId: owner.userId, title: 'x' })).title).toBe('x');
    });

    it('[ST2] ping resolves while open; after close every call rejects and close can be repeated', async () => {
      await expect(f.storage.ping()).resolves.toBeUndefined();
      await f.storage.close();
      await f.storage.close();
      await expect(f.storage.ping()).rejects.toThrow();
      await expect(f.storage.getUser(UNKNOWN_ID)).rejects.toThrow();
    });
  });

  describe('values', () => {
    it('[ST4] a malformed id is not found by any method and never reaches the database as an error', async () => {
      const owner = await f.user('ann');
      const s = await f.storage.createScript({ ownerId: owner, title: 'Real', contentBlocks: [{ type: 'action' }] });
      const malformed = [
        '',
        'not-a-uuid',
        "'; drop table scripts; --",
        `${s.scriptId.slice(0, -1)}g`,
        // Forms PostgreSQL's uuid input would accept: they must not find the script there either.
        s.scriptId.replaceAll('-', ''),
        `{${s.scriptId}}`,
        ` ${s.scriptId}`,
      ];
      for (const bad of malformed) {
        expect(await f.storage.getScript(bad), bad).toBeUndefined();
        expect(await f.storage.getScript(bad, { includeDeleted: true }), bad).toBeUndefined();
        expect(await f.storage.getUser(bad), bad).toBeUndefined();
        expect(await f.storage.listScriptsForUser(bad), bad).toEqual([]);
        expect(await f.storage.renameScript(bad, 'Hijacked'), bad).toBeUndefined();
        expect(await f.storage.setScriptDeleted(bad, true), bad).toBeUndefined();
        expect(await f.storage.getRole(bad, owner), bad).toBeUndefined();
        expect(await f.storage.getRole(s.scriptId, bad), bad).toBeUndefined();
        expect(await f.storage.loadVersions(bad), bad).toEqual([]);
        expect(await f.storage.countVersions(bad), bad).toBe(0);
        await f.storage.updateContentBlocks(bad, [{ type: 'overwritten' }], new Date());
        expect(await f.storage.latestVersion(bad), bad).toBeUndefined();
        expect(await f.storage.amendLog(bad, seedWhenEmpty(() => Uint8Array.of(1))), bad).toEqual({ amended: false });
        expect(await f.storage.quarantineVersions(bad, [1], 'test'), bad).toBe(0);
        expect(await f.storage.listQuarantined(bad), bad).toEqual([]);
      }
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);
    });

    it('[ST4] writes that need a malformed id reject with a TypeError and write nothing', async () => {
      const owner = await f.user('ann');
      const s = await f.script(owner);
      await expect(f.storage.createScript({ ownerId: 'nobody', title: 'x' })).rejects.toThrow(TypeError);
      await expect(f.storage.setCollaborator(s.scriptId, 'nobody', 'editor')).rejects.toThrow(TypeError);
      await expect(f.storage.setCollaborator('nothing', owner, 'editor')).rejects.toThrow(TypeError);
      await expect(f.storage.appendVersions([row(s.scriptId, 1), row('nothing', 2)])).rejects.toThrow(TypeError);
      await expect(f.storage.appendVersions([row(s.scriptId, 1, 'update', 'nobody')])).rejects.toThrow(TypeError);
      expect(await f.storage.countVersions(s.scriptId)).toBe(0);
      expect(await f.storage.listScriptsForUser(owner)).toHaveLength(1);
    });

    it('[ST4] ids are generated v4 UUIDs, matched case-insensitively and returned in lowercase', async () => {
      const owner = await f.user('ann');
      const s = await f.script(owner);
      expect(owner).toMatch(UUID_V4);
      expect(s.scriptId).toMatch(UUID_V4);
      expect(await f.storage.getScript(s.scriptId.toUpperCase())).toEqual(s);
      expect((await f.storage.getUser(owner.toUpperCase()))?.userId).toBe(owner);
      expect(await f.storage.getRole(s.scriptId.toUpperCase(), owner.toUpperCase())).toBe('owner');
      await f.storage.appendVersions([row(s.scriptId.toUpperCase(), 1, 'update', owner.toUpperCase())]);
      const [stored] = await f.storage.loadVersions(s.scriptId);
      expect(stored?.scriptId).toBe(s.scriptId);
      expect(stored?.createdBy).toBe(owner);
    });

    it('[ST5] timestamps read back as the Date instants written, from the server clock', async () => {
      const before = Date.now();
      const owner = await f.storage.provisionUser({ firebaseUid: 'ann' });
      const s = await f.script(owner.userId);
      await f.storage.appendVersions([row(s.scriptId, 1)]);
      const deleted = await f.storage.setScriptDeleted(s.scriptId, true);
      const after = Date.now();

      const [version] = await f.storage.loadVersions(s.scriptId);
      const stamps = [owner.createdAt, s.createdAt, s.updatedAt, version?.createdAt, deleted?.deletedAt];
      for (const stamp of stamps) {
        expect(stamp).toBeInstanceOf(Date);
        expect(stamp!.getTime()).toBeGreaterThanOrEqual(before);
        expect(stamp!.getTime()).toBeLessThanOrEqual(after);
      }
      const reread = await f.storage.getScript(s.scriptId, { includeDeleted: true });
      expect(reread?.createdAt.getTime()).toBe(s.createdAt.getTime());
      expect(reread?.deletedAt?.getTime()).toBe(deleted?.deletedAt?.getTime());
      expect((await f.storage.getUser(owner.userId))?.createdAt.getTime()).toBe(owner.createdAt.getTime());
    });

    it('[ST6] update bytes round-trip exactly, as plain Uint8Arrays, whatever their size and offset', async () => {
      const s = await f.script(await f.user('ann'));
      const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
      const large = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7919) % 251);
      // A view into a larger buffer: only the viewed bytes may be stored.
      const view = new Uint8Array([9, 9, 1, 2, 3, 9, 9]).subarray(2, 5);
      await f.storage.appendVersions([
        { scriptId: s.scriptId, update: everyByte, createdBy: null, kind: 'update' },
        { scriptId: s.scriptId, update: large, createdBy: null, kind: 'update' },
        { scriptId: s.scriptId, update: view, createdBy: null, kind: 'update' },
        { scriptId: s.scriptId, update: new Uint8Array(0), createdBy: null, kind: 'update' },
      ]);
      const stored = await f.storage.loadVersions(s.scriptId);
      expect(stored.map((v) => Array.from(v.update))).toEqual([everyByte, large, view, new Uint8Array(0)].map((b) => Array.from(b)));
      for (const v of stored) expect(Object.getPrototypeOf(v.update)).toBe(Uint8Array.prototype);
    });

    it('[ST6] content blocks round-trip as the same JSON array, null until written', async () => {
      const owner = await f.user('ann');
      const blocks = [
        { type: 'scene_heading', text: 'INT. KITCHEN – NIGHT ✨', marks: [], level: 1.5, dual: false, note: null },
        { type: 'dialogue', content: [{ text: 'He said "no".\n' }, { nested: { deep: [1, [2, [3]]] } }] },
      ];
      const empty = await f.script(owner);
      expect(empty.contentBlocks).toBeNull();
      const s = await f.storage.createScript({ ownerId: owner, title: 't', contentBlocks: blocks });
      expect(s.contentBlocks).toEqual(blocks);
      expect((await f.storage.getScript(s.scriptId))?.contentBlocks).toEqual(blocks);
      await f.storage.updateContentBlocks(empty.scriptId, [], new Date());
      expect((await f.storage.getScript(empty.scriptId))?.contentBlocks).toEqual([]);
    });

    it('[ST3] content blocks that are not an array are refused and nothing changes', async () => {
      const owner = await f.user('ann');
      const s = await f.storage.createScript({ ownerId: owner, title: 't', contentBlocks: [{ type: 'action' }] });
      const notArray = { type: 'action' } as unknown as unknown[];
      await expect(f.storage.updateContentBlocks(s.scriptId, notArray, new Date())).rejects.toThrow(TypeError);
      await expect(f.storage.createScript({ ownerId: owner, title: 'u', contentBlocks: notArray })).rejects.toThrow(TypeError);
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);
      expect(await f.storage.listScriptsForUser(owner)).toHaveLength(1);
    });
  });
}
