/**
 * Contract rules ST10–ST11: listing and roles.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import { OTHER_UNKNOWN_ID, UNKNOWN_ID, tick, type ContractFixture } from './contract-fixture.js';

export function describeAccessRules(f: ContractFixture): void {
  describe('listing and access', () => {
    it("[ST10] a user sees owned and shared scripts with their role, and nobody else's", async () => {
      const ann = await f.user('ann');
      const bob = await f.user('bob');
      const own = await f.script(ann, 'Own');
      const edited = await f.script(bob, 'Edited');
      const viewed = await f.script(bob, 'Viewed');
      const commented = await f.script(bob, 'Commented');
      await f.script(bob, 'Private');
      await f.storage.setCollaborator(edited.scriptId, ann, 'editor');
      await f.storage.setCollaborator(viewed.scriptId, ann, 'viewer');
      await f.storage.setCollaborator(commented.scriptId, ann, 'commenter');
      const listing = await f.storage.listScriptsForUser(ann);
      const roles = Object.fromEntries(listing.map((l) => [l.title, l.role]));
      expect(roles).toEqual({ Own: 'owner', Edited: 'editor', Viewed: 'viewer', Commented: 'commenter' });
      expect(listing.find((l) => l.title === 'Own')).toEqual({ ...own, role: 'owner', pageCount: null });
      expect(await f.storage.listScriptsForUser(UNKNOWN_ID)).toEqual([]);
    });

    it('[ST10] the most recently updated script is listed first', async () => {
      const ann = await f.user('ann');
      const a = await f.script(ann, 'A');
      await tick();
      const b = await f.script(ann, 'B');
      await tick();
      const c = await f.script(ann, 'C');
      expect((await f.storage.listScriptsForUser(ann)).map((l) => l.title)).toEqual(['C', 'B', 'A']);
      await tick();
      await f.storage.renameScript(a.scriptId, 'A2');
      await tick();
      await f.storage.updateContentBlocks(b.scriptId, [], new Date());
      expect((await f.storage.listScriptsForUser(ann)).map((l) => l.scriptId)).toEqual([b.scriptId, a.scriptId, c.scriptId]);
    });

    it('[ST10] with deleted: true only deleted scripts are listed, owned and shared', async () => {
      const ann = await f.user('ann');
      const bob = await f.user('bob');
      const kept = await f.script(ann, 'Kept');
      const binned = await f.script(ann, 'Binned');
      const sharedBinned = await f.script(bob, 'Shared binned');
      await f.storage.setCollaborator(sharedBinned.scriptId, ann, 'viewer');
      await f.storage.setScriptDeleted(binned.scriptId, true);
      await f.storage.setScriptDeleted(sharedBinned.scriptId, true);
      const trash = await f.storage.listScriptsForUser(ann, { deleted: true });
      expect(trash.map((l) => [l.title, l.role]).sort()).toEqual([['Binned', 'owner'], ['Shared binned', 'viewer']]);
      expect(trash.every((l) => l.deletedAt instanceof Date)).toBe(true);
      expect((await f.storage.listScriptsForUser(ann)).map((l) => l.scriptId)).toEqual([kept.scriptId]);
    });

    it('[ST10] [ST11] an owner also stored as a collaborator is listed once, as owner', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      await f.storage.setCollaborator(s.scriptId, ann, 'viewer');
      expect((await f.storage.listScriptsForUser(ann)).map((l) => l.role)).toEqual(['owner']);
      expect(await f.storage.getRole(s.scriptId, ann)).toBe('owner');
    });

    it('[ST11] getRole tells owner, editor, commenter, viewer and stranger apart, and follows role changes', async () => {
      // Breakage tried: without the 0004_commenter_role migration, both dialects' CHECK refuses the commenter.
      const [ann, bob, cat, cid, dan] = await Promise.all(['ann', 'bob', 'cat', 'cid', 'dan'].map(f.user));
      const s = await f.script(ann!);
      await f.storage.setCollaborator(s.scriptId, bob!, 'editor');
      await f.storage.setCollaborator(s.scriptId, cat!, 'viewer');
      await f.storage.setCollaborator(s.scriptId, cid!, 'commenter');
      expect(await f.storage.getRole(s.scriptId, ann!)).toBe('owner');
      expect(await f.storage.getRole(s.scriptId, bob!)).toBe('editor');
      expect(await f.storage.getRole(s.scriptId, cat!)).toBe('viewer');
      expect(await f.storage.getRole(s.scriptId, cid!)).toBe('commenter');
      expect(await f.storage.getRole(s.scriptId, dan!)).toBeUndefined();
      expect(await f.storage.getRole(UNKNOWN_ID, ann!)).toBeUndefined();
      await f.storage.setCollaborator(s.scriptId, bob!, 'commenter');
      expect(await f.storage.getRole(s.scriptId, bob!)).toBe('commenter');
      await f.storage.setCollaborator(s.scriptId, bob!, 'viewer');
      expect(await f.storage.getRole(s.scriptId, bob!)).toBe('viewer');
      await f.storage.setCollaborator(s.scriptId, cid!, 'editor');
      expect(await f.storage.getRole(s.scriptId, cid!)).toBe('editor');
    });

    it('[ST11] getRole ignores soft deletion', async () => {
      const ann = await f.user('ann');
      const bob = await f.user('bob');
      const s = await f.script(ann);
      await f.storage.setCollaborator(s.scriptId, bob, 'editor');
      await f.storage.setScriptDeleted(s.scriptId, true);
      expect(await f.storage.getRole(s.scriptId, ann)).toBe('owner');
      expect(await f.storage.getRole(s.scriptId, bob)).toBe('editor');
    });

    it('[ST11] sharing with an unknown script or user rejects and grants nothing', async () => {
      const ann = await f.user('ann');
      const bob = await f.user('bob');
      const s = await f.script(ann);
      await expect(f.storage.setCollaborator(s.scriptId, OTHER_UNKNOWN_ID, 'editor')).rejects.toThrow();
      await expect(f.storage.setCollaborator(UNKNOWN_ID, bob, 'editor')).rejects.toThrow();
      expect(await f.storage.getRole(s.scriptId, OTHER_UNKNOWN_ID)).toBeUndefined();
      expect(await f.storage.listScriptsForUser(bob)).toEqual([]);
    });
  });
}
