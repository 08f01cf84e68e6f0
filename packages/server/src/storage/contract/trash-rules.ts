/**
 * Contract rules ST45–ST46: deleting a script for good, and the page count a
 * list of scripts shows. Part of `describeStorageContract` (storage-contract.ts);
 * rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import type { NewCheckpoint, ScriptId, UserId } from '../storage.js';
import { UNKNOWN_ID, row, tick, type ContractFixture } from './contract-fixture.js';

function checkpoint(scriptId: ScriptId, pageCount: number, marker: number): NewCheckpoint {
  return { scriptId, kind: 'auto', name: null, takenBy: null, authors: [], pageCount, content: Uint8Array.of(marker), contentHash: `hash-${marker}`, restoredFrom: null };
}

/** The tables that hang off a script and must be emptied with it. */
const OWN_TABLES: ReadonlyArray<keyof Database> = [
  'scripts',
  'script_versions',
  'script_collaborators',
  'script_invitations',
  'share_links',
  'script_checkpoints',
  'script_comment_threads',
  'script_comments',
];

export function describeTrashRules(f: ContractFixture): void {
  /** A soft-deleted script with something in every table that hangs off it; returns its log's version ids. */
  async function fullTrashedScript(owner: UserId): Promise<{ scriptId: ScriptId; versionIds: number[] }> {
    const s = await f.script(owner, 'Doomed');
    const bob = await f.user('bob');
    await f.storage.appendVersions([row(s.scriptId, 1, 'baseline'), row(s.scriptId, 2)]);
    await f.storage.setCollaborator(s.scriptId, bob, 'editor');
    await f.storage.saveInvitation({ scriptId: s.scriptId, email: 'cy@example.com', role: 'viewer', invitedBy: owner });
    await f.storage.createShareLink({ scriptId: s.scriptId, tokenHash: 'hash', role: 'viewer', createdBy: owner, expiresAt: null });
    await f.storage.saveCheckpoint(checkpoint(s.scriptId, 2, 1));
    await f.storage.createThread({ scriptId: s.scriptId, anchorStart: Uint8Array.of(1), anchorEnd: Uint8Array.of(2), quote: 'x', authorId: bob, body: 'Hm' });
    await f.storage.setScriptDeleted(s.scriptId, true);
    return { scriptId: s.scriptId, versionIds: (await f.storage.loadVersions(s.scriptId)).map((v) => v.versionId) };
  }

  async function counts(): Promise<number[]> {
    return Promise.all(OWN_TABLES.map((table) => f.countRows(table)));
  }

  describe('deleting for good', () => {
    it('[ST45] a script in the trash is deleted with every row of it, and only its own', async () => {
      const ann = await f.user('ann');
      const kept = await f.script(ann, 'Kept');
      await f.storage.appendVersions([row(kept.scriptId, 9)]);
      const before = await counts();
      const { scriptId, versionIds } = await fullTrashedScript(ann);
      expect(await f.storage.deleteScriptForever(scriptId, versionIds)).toBe('deleted');
      // Fails when script_versions rows are left behind (no cascade on that foreign key) or a table keeps rows of the script.
      expect(await counts()).toEqual(before);
      expect(await f.storage.getScript(scriptId, { includeDeleted: true })).toBeUndefined();
      expect((await f.storage.loadVersions(kept.scriptId)).length).toBe(1);
    });

    it('[ST45] a script not in the trash, or unknown, is refused and keeps everything', async () => {
      const ann = await f.user('ann');
      const { scriptId, versionIds } = await fullTrashedScript(ann);
      await f.storage.setScriptDeleted(scriptId, false);
      const before = await counts();
      expect(await f.storage.deleteScriptForever(scriptId, versionIds)).toBe('not-in-trash');
      expect(await f.storage.deleteScriptForever(UNKNOWN_ID, [])).toBe('not-found');
      expect(await f.storage.deleteScriptForever('not-a-uuid', [])).toBe('not-found');
      expect(await counts()).toEqual(before);
    });

    // Seen failing with the comparison of deleted and exported ids taken out of trash-queries.ts.
    it('[ST45] when the log holds a row that was not exported, nothing is deleted', async () => {
      const ann = await f.user('ann');
      const { scriptId, versionIds } = await fullTrashedScript(ann);
      await f.storage.appendVersions([row(scriptId, 3)]);
      const before = await counts();
      expect(await f.storage.deleteScriptForever(scriptId, versionIds)).toBe('log-changed');
      expect(await f.storage.deleteScriptForever(scriptId, [...versionIds, 999_999, 1_000_000])).toBe('log-changed');
      expect(await counts()).toEqual(before);
    });
  });

  describe('page counts in the list', () => {
    it('[ST46] a listed script carries the page count of its newest checkpoint, null before its first', async () => {
      const ann = await f.user('ann');
      const fresh = await f.script(ann, 'Fresh');
      const written = await f.script(ann, 'Written');
      await f.storage.saveCheckpoint(checkpoint(written.scriptId, 3, 1));
      await tick();
      await f.storage.saveCheckpoint(checkpoint(written.scriptId, 7, 2));
      const listed = await f.storage.listScriptsForUser(ann);
      expect(Object.fromEntries(listed.map((s) => [s.title, s.pageCount]))).toEqual({ Fresh: null, Written: 7 });
      expect(listed.find((s) => s.scriptId === fresh.scriptId)?.role).toBe('owner');
    });
  });
}
