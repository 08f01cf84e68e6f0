/**
 * Contract rules ST7–ST9: users, updated_at and soft delete.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import { UNKNOWN_ID, markers, row, tick, type ContractFixture } from './contract-fixture.js';

export function describeUserAndScriptRules(f: ContractFixture): void {
  describe('users', () => {
    it('[ST7] provisioning the same subject again returns the same user', async () => {
      const first = await f.storage.provisionUser({ firebaseUid: 'idp|ann', email: 'ann@example.com', displayName: 'Ann' });
      const again = await f.storage.provisionUser({ firebaseUid: 'idp|ann' });
      const other = await f.storage.provisionUser({ firebaseUid: 'idp|bob' });
      expect(again).toEqual(first);
      expect(other.userId).not.toBe(first.userId);
      expect(await f.storage.getUser(first.userId)).toEqual(first);
    });

    it('[ST7] email and display name are replaced when given, kept when omitted and cleared by null', async () => {
      const first = await f.storage.provisionUser({ firebaseUid: 'ann', email: 'old@example.com', displayName: 'Ann' });
      const renamed = await f.storage.provisionUser({ firebaseUid: 'ann', displayName: 'Annie' });
      expect(renamed).toMatchObject({ userId: first.userId, email: 'old@example.com', displayName: 'Annie' });
      const moved = await f.storage.provisionUser({ firebaseUid: 'ann', email: 'new@example.com', displayName: null });
      expect(moved).toMatchObject({ userId: first.userId, email: 'new@example.com', displayName: null });
      expect(await f.storage.getUser(first.userId)).toEqual(moved);
      expect(moved.createdAt.getTime()).toBe(first.createdAt.getTime());
    });

    it('[ST7] concurrent first sign-ins of one subject create one user', async () => {
      const users = await Promise.all(
        Array.from({ length: 8 }, () => f.storage.provisionUser({ firebaseUid: 'racer', email: 'r@example.com' })),
      );
      expect(new Set(users.map((u) => u.userId)).size).toBe(1);
    });
  });

  describe('scripts', () => {
    it('[ST35] listScriptIds lists every script, soft-deleted ones included, in id order', async () => {
      const ann = await f.user('ann');
      const kept = await f.script(ann, 'Kept');
      const deleted = await f.script(ann, 'Deleted');
      await f.storage.setScriptDeleted(deleted.scriptId, true);
      const ids = await f.storage.listScriptIds();
      expect(ids).toEqual(expect.arrayContaining([kept.scriptId, deleted.scriptId]));
      expect(ids).toEqual([...ids].sort());
    });

    it('[ST40] a script created with its document has that document as its first baseline row, from the first read on', async () => {
      const ann = await f.user('ann');
      const document = Uint8Array.of(1, 2, 3, 250);
      const created = await f.storage.createScript({ ownerId: ann, title: 'Imported', contentBlocks: [], document });
      const rows = await f.storage.loadVersions(created.scriptId);
      expect(rows.map((version) => ({ kind: version.kind, update: version.update, createdBy: version.createdBy }))).toEqual([
        { kind: 'baseline', update: document, createdBy: ann },
      ]);
    });

    it('[ST40] a script whose creation is refused leaves neither a script nor a row behind', async () => {
      const ann = await f.user('ann');
      const before = (await f.storage.listScriptsForUser(ann)).length;
      // Fails if the row is written before the title is checked, or for an owner the database refuses.
      await expect(f.storage.createScript({ ownerId: ann, title: 'Bad\u0000', document: Uint8Array.of(1) })).rejects.toThrow(TypeError);
      await expect(f.storage.createScript({ ownerId: UNKNOWN_ID, title: 'Orphan', document: Uint8Array.of(1) })).rejects.toThrow();
      expect(await f.storage.listScriptsForUser(ann)).toHaveLength(before);
      expect(await f.storage.countVersions(UNKNOWN_ID)).toBe(0);
    });

    it('[ST8] a new script starts with updatedAt equal to createdAt and no deletedAt', async () => {
      const s = await f.script(await f.user('ann'), 'Draft');
      expect(s.updatedAt.getTime()).toBe(s.createdAt.getTime());
      expect(s.deletedAt).toBeNull();
      expect(s.title).toBe('Draft');
    });

    it('[ST8] renaming moves updatedAt forward to now and keeps createdAt', async () => {
      const s = await f.script(await f.user('ann'), 'Draft');
      await tick();
      const before = Date.now();
      const renamed = await f.storage.renameScript(s.scriptId, 'Final');
      expect(renamed?.title).toBe('Final');
      expect(renamed!.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(renamed!.updatedAt.getTime()).toBeGreaterThan(s.updatedAt.getTime());
      expect(renamed!.createdAt.getTime()).toBe(s.createdAt.getTime());
    });

    it('[ST8] writing content blocks sets updatedAt to exactly the time given, later or earlier, and keeps the rest', async () => {
      const s = await f.script(await f.user('ann'), 'Draft');
      const later = new Date(s.updatedAt.getTime() + 60_123);
      await f.storage.updateContentBlocks(s.scriptId, [{ type: 'action' }], later);
      const projected = await f.storage.getScript(s.scriptId);
      expect(projected).toEqual({ ...s, contentBlocks: [{ type: 'action' }], updatedAt: later });

      const earlier = new Date(s.createdAt.getTime() - 3_600_001);
      await f.storage.updateContentBlocks(s.scriptId, [], earlier);
      expect((await f.storage.getScript(s.scriptId))?.updatedAt.getTime()).toBe(earlier.getTime());
    });

    it('[ST8] content blocks with an invalid time are refused with a TypeError and nothing changes', async () => {
      const s = await f.storage.createScript({ ownerId: await f.user('ann'), title: 't', contentBlocks: [{ type: 'action' }] });
      for (const bad of [new Date(Number.NaN), undefined, '2025-01-01T00:00:00.000Z', Date.now()]) {
        await expect(f.storage.updateContentBlocks(s.scriptId, [], bad as unknown as Date), String(bad)).rejects.toThrow(TypeError);
      }
      expect(await f.storage.getScript(s.scriptId)).toEqual(s);
    });

    it('[ST8] a projection stamped with its newest row’s time is never newer than the log', async () => {
      const s = await f.script(await f.user('ann'));
      await f.storage.appendVersions([row(s.scriptId, 1)]);
      await tick();
      await f.storage.appendVersions([row(s.scriptId, 2)]);
      const latest = await f.storage.latestVersion(s.scriptId);
      await tick();
      await f.storage.updateContentBlocks(s.scriptId, [{ type: 'action' }], latest!.createdAt);
      const versions = await f.storage.loadVersions(s.scriptId);
      const newestRow = Math.max(...versions.map((v) => v.createdAt.getTime()));
      expect((await f.storage.getScript(s.scriptId))?.updatedAt.getTime()).toBe(newestRow);
    });

    it('[ST8] deleting, recovering, sharing and appending versions leave updatedAt alone', async () => {
      const owner = await f.user('ann');
      const s = await f.script(owner);
      await tick();
      await f.storage.setCollaborator(s.scriptId, await f.user('bob'), 'editor');
      await f.storage.appendVersions([row(s.scriptId, 1)]);
      await f.storage.setScriptDeleted(s.scriptId, true);
      const recovered = await f.storage.setScriptDeleted(s.scriptId, false);
      expect(recovered?.updatedAt.getTime()).toBe(s.updatedAt.getTime());
    });

    it('[ST9] a soft-deleted script is hidden but recoverable with everything it had', async () => {
      const owner = await f.user('ann');
      const editor = await f.user('bob');
      const s = await f.storage.createScript({ ownerId: owner, title: 'Precious', contentBlocks: [{ type: 'action' }] });
      await f.storage.setCollaborator(s.scriptId, editor, 'editor');
      await f.storage.appendVersions([row(s.scriptId, 1), row(s.scriptId, 2)]);
      const before = await f.storage.getScript(s.scriptId);

      const deleted = await f.storage.setScriptDeleted(s.scriptId, true);
      expect(deleted?.deletedAt).toBeInstanceOf(Date);
      expect(await f.storage.getScript(s.scriptId)).toBeUndefined();
      expect(await f.storage.getScript(s.scriptId, { includeDeleted: true })).toEqual(deleted);
      expect(await f.storage.listScriptsForUser(owner)).toEqual([]);
      expect(await f.storage.listScriptsForUser(editor)).toEqual([]);

      const recovered = await f.storage.setScriptDeleted(s.scriptId, false);
      expect(recovered).toEqual(before);
      expect(await f.storage.getScript(s.scriptId)).toEqual(before);
      expect(markers(await f.storage.loadVersions(s.scriptId))).toEqual([1, 2]);
      expect(await f.storage.getRole(s.scriptId, editor)).toBe('editor');
      expect((await f.storage.listScriptsForUser(editor)).map((l) => l.scriptId)).toEqual([s.scriptId]);
    });

    it('[ST9] deleting an already deleted script keeps the first deletion time', async () => {
      const s = await f.script(await f.user('ann'));
      const first = await f.storage.setScriptDeleted(s.scriptId, true);
      await tick();
      const second = await f.storage.setScriptDeleted(s.scriptId, true);
      expect(second?.deletedAt?.getTime()).toBe(first?.deletedAt?.getTime());
    });

    it('[ST9] a deleted script is not renamed, but its content projection is still written', async () => {
      const s = await f.script(await f.user('ann'), 'Before');
      await f.storage.setScriptDeleted(s.scriptId, true);
      expect(await f.storage.renameScript(s.scriptId, 'After')).toBeUndefined();
      await f.storage.updateContentBlocks(s.scriptId, [{ type: 'late projection' }], new Date());
      const recovered = await f.storage.setScriptDeleted(s.scriptId, false);
      expect(recovered?.title).toBe('Before');
      expect(recovered?.contentBlocks).toEqual([{ type: 'late projection' }]);
    });

    it('[ST9] deleting, recovering or renaming an unknown script returns undefined', async () => {
      expect(await f.storage.setScriptDeleted(UNKNOWN_ID, true)).toBeUndefined();
      expect(await f.storage.setScriptDeleted(UNKNOWN_ID, false)).toBeUndefined();
      expect(await f.storage.renameScript(UNKNOWN_ID, 'x')).toBeUndefined();
      await expect(f.storage.updateContentBlocks(UNKNOWN_ID, [], new Date())).resolves.toBeUndefined();
    });
  });
}
