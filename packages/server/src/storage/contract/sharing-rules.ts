/**
 * Contract rules ST21–ST24 and ST41: collaborators, invitations by email,
 * share links, and the roles the database accepts.
 * Part of `describeStorageContract` (storage-contract.ts); rules in SPEC.md.
 */
import { describe, expect, it } from 'vitest';
import type { CollaboratorRole } from '../storage.js';
import { OTHER_UNKNOWN_ID, UNKNOWN_ID, UUID_V4, tick, type ContractFixture } from './contract-fixture.js';

const MALFORMED = ['', 'not-a-uuid', UNKNOWN_ID.replaceAll('-', ''), `{${UNKNOWN_ID}}`];

export function describeSharingRules(f: ContractFixture): void {
  const userWithEmail = async (subject: string, email: string | null) =>
    (await f.storage.provisionUser({ firebaseUid: subject, email })).userId;

  describe('collaborators', () => {
    it('[ST21] collaborators are listed without the owner, by email in any case, then id', async () => {
      const owner = await f.user('owner');
      const s = await f.script(owner);
      const cat = await userWithEmail('cat', 'cat@example.com');
      const bob = await userWithEmail('bob', 'Bob@example.com');
      const noEmail = await userWithEmail('ghost', null);
      const ann = await userWithEmail('ann', 'ann@example.com');
      await f.storage.setCollaborator(s.scriptId, cat, 'viewer');
      await f.storage.setCollaborator(s.scriptId, noEmail, 'viewer');
      await f.storage.setCollaborator(s.scriptId, bob, 'commenter');
      await f.storage.setCollaborator(s.scriptId, ann, 'editor');
      // An owner stored as a collaborator too is still the owner, not a collaborator.
      await f.storage.setCollaborator(s.scriptId, owner, 'viewer');
      await f.storage.setCollaborator((await f.script(owner)).scriptId, await f.user('elsewhere'), 'editor');

      const listed = await f.storage.listCollaborators(s.scriptId);
      expect(listed.map((c) => [c.user.userId, c.role])).toEqual([
        [ann, 'editor'],
        [bob, 'commenter'],
        [cat, 'viewer'],
        [noEmail, 'viewer'],
      ]);
      expect(listed[1]?.user).toEqual(await f.storage.getUser(bob));
      expect(await f.storage.listCollaborators(UNKNOWN_ID)).toEqual([]);
    });

    it('[ST21] removing a collaborator takes their role away, once, and leaves updatedAt alone', async () => {
      const owner = await f.user('ann');
      const bob = await f.user('bob');
      const s = await f.script(owner);
      await f.storage.setCollaborator(s.scriptId, bob, 'editor');
      await tick();
      expect(await f.storage.removeCollaborator(s.scriptId, bob.toUpperCase())).toBe(true);
      expect(await f.storage.getRole(s.scriptId, bob)).toBeUndefined();
      expect(await f.storage.listCollaborators(s.scriptId)).toEqual([]);
      expect(await f.storage.removeCollaborator(s.scriptId, bob)).toBe(false);
      expect(await f.storage.removeCollaborator(s.scriptId, owner)).toBe(false);
      expect(await f.storage.getRole(s.scriptId, owner)).toBe('owner');
      expect((await f.storage.getScript(s.scriptId))?.updatedAt.getTime()).toBe(s.updatedAt.getTime());
    });

    it('[ST21] [ST22] one owner\'s collaborators and invitations come for all their scripts at once, in the one-script order', async () => {
      const ann = await f.user('ann');
      const [bob, cat, dan] = await Promise.all([userWithEmail('bob', 'Bob@example.com'), userWithEmail('cat', 'cat@example.com'), f.user('dan')]);
      const shared = await f.script(ann);
      const deleted = await f.script(ann);
      const alone = await f.script(ann);
      const dans = await f.script(dan);
      await f.storage.setCollaborator(shared.scriptId, cat, 'viewer');
      await f.storage.setCollaborator(shared.scriptId, bob, 'editor');
      await f.storage.setCollaborator(shared.scriptId, ann, 'viewer');
      await f.storage.setCollaborator(deleted.scriptId, bob, 'viewer');
      await f.storage.setScriptDeleted(deleted.scriptId, true);
      await f.storage.setCollaborator(dans.scriptId, ann, 'editor');
      for (const email of ['zed@example.com', 'amy@example.com']) {
        await f.storage.saveInvitation({ scriptId: shared.scriptId, email, role: 'viewer', invitedBy: ann });
      }
      await f.storage.saveInvitation({ scriptId: dans.scriptId, email: 'amy@example.com', role: 'viewer', invitedBy: dan });

      const collaborators = await f.storage.listCollaboratorsByOwner(ann);
      expect([...collaborators.keys()].sort()).toEqual([shared.scriptId, deleted.scriptId].sort());
      expect(collaborators.get(shared.scriptId)).toEqual(await f.storage.listCollaborators(shared.scriptId));
      expect(collaborators.get(shared.scriptId)?.map((c) => c.user.userId)).toEqual([bob, cat]);
      expect(collaborators.get(deleted.scriptId)?.map((c) => [c.user.userId, c.role])).toEqual([[bob, 'viewer']]);
      expect(collaborators.has(alone.scriptId)).toBe(false);

      const invitations = await f.storage.listInvitationsByOwner(ann);
      expect([...invitations.keys()]).toEqual([shared.scriptId]);
      expect(invitations.get(shared.scriptId)).toEqual(await f.storage.listInvitations(shared.scriptId));
      expect(invitations.get(shared.scriptId)?.map((i) => i.email)).toEqual(['amy@example.com', 'zed@example.com']);

      for (const nobody of [UNKNOWN_ID, ...MALFORMED]) {
        expect((await f.storage.listCollaboratorsByOwner(nobody)).size, nobody).toBe(0);
        expect((await f.storage.listInvitationsByOwner(nobody)).size, nobody).toBe(0);
      }
    });
  });

  describe('invitations', () => {
    it('[ST22] an invitation is stored lower-cased, replaced when saved again in any case, and deleted once', async () => {
      const owner = await f.user('ann');
      const bob = await f.user('bob');
      const s = await f.script(owner);
      const first = await f.storage.saveInvitation({ scriptId: s.scriptId, email: 'Zed@Example.com', role: 'viewer', invitedBy: owner });
      expect(first).toMatchObject({ scriptId: s.scriptId, email: 'zed@example.com', role: 'viewer', invitedBy: owner });
      await tick();
      const again = await f.storage.saveInvitation({ scriptId: s.scriptId, email: 'ZED@example.com', role: 'editor', invitedBy: bob });
      expect(again).toMatchObject({ email: 'zed@example.com', role: 'editor', invitedBy: bob });
      expect(again.createdAt.getTime()).toBeGreaterThan(first.createdAt.getTime());
      const amy = await f.storage.saveInvitation({ scriptId: s.scriptId, email: 'amy@example.com', role: 'viewer', invitedBy: owner });
      expect(await f.storage.listInvitations(s.scriptId)).toEqual([amy, again]);

      expect(await f.storage.deleteInvitation(s.scriptId, 'Zed@EXAMPLE.com')).toBe(true);
      expect(await f.storage.deleteInvitation(s.scriptId, 'zed@example.com')).toBe(false);
      expect(await f.storage.listInvitations(s.scriptId)).toEqual([amy]);
    });

    it('[ST4] [ST22] invitations with a bad id or role are refused and write nothing', async () => {
      const owner = await f.user('ann');
      const s = await f.script(owner);
      const invite = (scriptId: string, invitedBy: string, role: CollaboratorRole = 'editor') =>
        f.storage.saveInvitation({ scriptId, email: 'zed@example.com', role, invitedBy });
      await expect(invite('nothing', owner)).rejects.toThrow(TypeError);
      await expect(invite(s.scriptId, 'nobody')).rejects.toThrow(TypeError);
      await expect(invite(s.scriptId, owner, 'owner' as CollaboratorRole)).rejects.toThrow(TypeError);
      await expect(invite(UNKNOWN_ID, owner)).rejects.toThrow();
      await expect(invite(s.scriptId, OTHER_UNKNOWN_ID)).rejects.toThrow();
      expect(await f.countRows('script_invitations')).toBe(0);
    });

    it('[ST23] accepting turns every invitation for the email, in any case, into a collaborator row', async () => {
      const [ann, bob, zed] = await Promise.all(['ann', 'bob', 'zed'].map(f.user));
      const a = await f.script(ann!);
      const b = await f.script(bob!);
      const untouched = await f.script(bob!);
      await f.storage.saveInvitation({ scriptId: a.scriptId, email: 'Zed@Example.com', role: 'editor', invitedBy: ann! });
      await f.storage.saveInvitation({ scriptId: b.scriptId, email: 'zed@example.com', role: 'viewer', invitedBy: bob! });
      await f.storage.saveInvitation({ scriptId: untouched.scriptId, email: 'someone@example.com', role: 'viewer', invitedBy: bob! });

      const joined = await f.storage.acceptInvitations(zed!, 'ZED@example.COM');
      expect(joined).toEqual([a.scriptId, b.scriptId].sort());
      expect(await f.storage.getRole(a.scriptId, zed!)).toBe('editor');
      expect(await f.storage.getRole(b.scriptId, zed!)).toBe('viewer');
      expect(await f.storage.listInvitations(a.scriptId)).toEqual([]);
      expect(await f.storage.listInvitations(b.scriptId)).toEqual([]);
      expect(await f.storage.listInvitations(untouched.scriptId)).toHaveLength(1);
    });

    it('[ST23] accepting never lowers a role and raises a lower one: editor beats commenter beats viewer', async () => {
      // Breakages tried: the commenter insert doing nothing on conflict (a viewer stayed a viewer), and
      // raising without the `where` on the old role (an editor became a commenter).
      const [ann, zed] = await Promise.all(['ann', 'zed'].map(f.user));
      const ranked: CollaboratorRole[] = ['viewer', 'commenter', 'editor'];
      const cases = [];
      for (const existing of [undefined, ...ranked]) {
        for (const invited of ranked) {
          const script = await f.script(ann!, `${existing ?? 'none'} invited as ${invited}`);
          if (existing) await f.storage.setCollaborator(script.scriptId, zed!, existing);
          await f.storage.saveInvitation({ scriptId: script.scriptId, email: 'zed@example.com', role: invited, invitedBy: ann! });
          const expected = existing === undefined ? invited : ranked[Math.max(ranked.indexOf(existing), ranked.indexOf(invited))]!;
          cases.push({ script, expected });
        }
      }
      expect(await f.storage.acceptInvitations(zed!, 'zed@example.com')).toEqual(cases.map((c) => c.script.scriptId).sort());
      for (const { script, expected } of cases) expect(await f.storage.getRole(script.scriptId, zed!), script.title).toBe(expected);
    });

    it('[ST23] accepting is idempotent and gives an owner no collaborator row on their own script', async () => {
      const [ann, zed] = await Promise.all(['ann', 'zed'].map(f.user));
      const shared = await f.script(ann!);
      const own = await f.script(zed!);
      await f.storage.saveInvitation({ scriptId: shared.scriptId, email: 'zed@example.com', role: 'viewer', invitedBy: ann! });
      await f.storage.saveInvitation({ scriptId: own.scriptId, email: 'zed@example.com', role: 'editor', invitedBy: zed! });
      expect(await f.storage.acceptInvitations(zed!, 'zed@example.com')).toEqual([shared.scriptId]);
      expect(await f.storage.acceptInvitations(zed!, 'zed@example.com')).toEqual([]);
      expect(await f.storage.getRole(shared.scriptId, zed!)).toBe('viewer');
      expect(await f.storage.getRole(own.scriptId, zed!)).toBe('owner');
      expect(await f.countRows('script_collaborators')).toBe(1);
      expect(await f.countRows('script_invitations')).toBe(0);
    });

    it('[ST4] [ST23] accepting for an unknown user rejects, and for a malformed one returns []; the invitations stay', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      await f.storage.saveInvitation({ scriptId: s.scriptId, email: 'zed@example.com', role: 'viewer', invitedBy: ann });
      await expect(f.storage.acceptInvitations(UNKNOWN_ID, 'zed@example.com')).rejects.toThrow();
      for (const bad of MALFORMED) expect(await f.storage.acceptInvitations(bad, 'zed@example.com'), bad).toEqual([]);
      expect(await f.storage.listInvitations(s.scriptId)).toHaveLength(1);
      expect(await f.countRows('script_collaborators')).toBe(0);
    });
  });

  describe('share links', () => {
    const link = (scriptId: string, createdBy: string, tokenHash: string, expiresAt: Date | null = null) =>
      f.storage.createShareLink({ scriptId, tokenHash, role: 'viewer', createdBy, expiresAt });

    it('[ST24] a link is stored by its token hash and found by it, revoked or not', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      const expiresAt = new Date(Date.now() + 86_400_007);
      const created = await f.storage.createShareLink({ scriptId: s.scriptId, tokenHash: 'hash-1', role: 'editor', createdBy: ann, expiresAt });
      expect(created.linkId).toMatch(UUID_V4);
      expect(created).toMatchObject({ scriptId: s.scriptId, role: 'editor', createdBy: ann, revokedAt: null });
      expect(created.expiresAt?.getTime()).toBe(expiresAt.getTime());
      expect(Object.values(created)).not.toContain('hash-1');
      expect(await f.storage.findShareLink('hash-1')).toEqual(created);
      expect(await f.storage.findShareLink('HASH-1')).toBeUndefined();
      expect(await f.storage.findShareLink('')).toBeUndefined();
      await f.storage.revokeShareLink(s.scriptId, created.linkId);
      expect((await f.storage.findShareLink('hash-1'))?.revokedAt).toBeInstanceOf(Date);
      await expect(link(s.scriptId, ann, 'hash-1')).rejects.toThrow();
    });

    it('[ST24] a link may grant any collaborator role, commenter included', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      for (const role of ['viewer', 'commenter', 'editor'] as const) {
        const created = await f.storage.createShareLink({ scriptId: s.scriptId, tokenHash: `hash-${role}`, role, createdBy: ann, expiresAt: null });
        expect((await f.storage.findShareLink(`hash-${role}`))?.role).toBe(role);
        expect(created.role).toBe(role);
      }
      await expect(
        f.storage.createShareLink({ scriptId: s.scriptId, tokenHash: 'hash-owner', role: 'owner' as CollaboratorRole, createdBy: ann, expiresAt: null }),
      ).rejects.toThrow(TypeError);
    });

    it('[ST24] a script’s links are listed newest first, revoked and expired included', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      const other = await f.script(ann);
      const oldest = await link(s.scriptId, ann, 'h1', new Date(Date.now() - 1_000));
      await tick();
      const middle = await link(s.scriptId, ann, 'h2');
      await tick();
      const newest = await link(s.scriptId, ann, 'h3');
      await link(other.scriptId, ann, 'h4');
      await f.storage.revokeShareLink(s.scriptId, middle.linkId);
      const listed = await f.storage.listShareLinks(s.scriptId);
      expect(listed.map((l) => l.linkId)).toEqual([newest.linkId, middle.linkId, oldest.linkId]);
      expect(listed[1]?.revokedAt).toBeInstanceOf(Date);
      expect(listed[2]).toEqual(oldest);
    });

    it('[ST24] revoking succeeds once, keeps the first time, and never touches another script’s link', async () => {
      const ann = await f.user('ann');
      const s = await f.script(ann);
      const other = await f.script(ann);
      const mine = await link(s.scriptId, ann, 'mine');
      const theirs = await link(other.scriptId, ann, 'theirs');
      expect(await f.storage.revokeShareLink(s.scriptId, mine.linkId.toUpperCase())).toBe(true);
      const revokedAt = (await f.storage.findShareLink('mine'))?.revokedAt;
      await tick();
      expect(await f.storage.revokeShareLink(s.scriptId, mine.linkId)).toBe(false);
      expect((await f.storage.findShareLink('mine'))?.revokedAt).toEqual(revokedAt);
      expect(await f.storage.revokeShareLink(s.scriptId, theirs.linkId)).toBe(false);
      expect((await f.storage.findShareLink('theirs'))?.revokedAt).toBeNull();
      expect(await f.storage.revokeShareLink(s.scriptId, UNKNOWN_ID)).toBe(false);
    });
  });

  it('[ST41] the database itself refuses a role it does not know, in every table that holds one', async () => {
    // Breakage tried: widening the CHECK to any text (`role is not null`) let 'admin' in on both dialects.
    const ann = await f.user('ann');
    const bob = await f.user('bob');
    const s = await f.script(ann);
    const rows = (role: string) =>
      [
        ['script_collaborators', { script_id: s.scriptId, user_id: bob, role }],
        ['script_invitations', { script_id: s.scriptId, email: `${role}@example.com`, role, invited_by: ann }],
        ['share_links', { link_id: crypto.randomUUID(), script_id: s.scriptId, token_hash: `hash-${role}`, role, created_by: ann }],
      ] as const;
    for (const [table, row] of rows('admin')) {
      await expect(f.insertRow(table, row), table).rejects.toThrow(/check constraint/i);
      expect(await f.countRows(table), table).toBe(0);
    }
    // The same rows with a known role go in, so the refusal above was the role's.
    for (const [table, row] of rows('commenter')) await f.insertRow(table, row);
    expect(await f.storage.getRole(s.scriptId, bob)).toBe('commenter');
  });

  it('[ST4] malformed ids are not found by the sharing methods and never reach the database as an error', async () => {
    const ann = await f.user('ann');
    const s = await f.script(ann);
    const l = await f.storage.createShareLink({ scriptId: s.scriptId, tokenHash: 'h', role: 'viewer', createdBy: ann, expiresAt: null });
    for (const bad of MALFORMED) {
      expect(await f.storage.listCollaborators(bad), bad).toEqual([]);
      expect(await f.storage.removeCollaborator(bad, ann), bad).toBe(false);
      expect(await f.storage.removeCollaborator(s.scriptId, bad), bad).toBe(false);
      expect(await f.storage.listInvitations(bad), bad).toEqual([]);
      expect(await f.storage.deleteInvitation(bad, 'zed@example.com'), bad).toBe(false);
      expect(await f.storage.listShareLinks(bad), bad).toEqual([]);
      expect(await f.storage.revokeShareLink(bad, l.linkId), bad).toBe(false);
      expect(await f.storage.revokeShareLink(s.scriptId, bad), bad).toBe(false);
    }
    const badLink = { scriptId: 'nothing', tokenHash: 'x', role: 'viewer' as const, createdBy: ann, expiresAt: null };
    await expect(f.storage.createShareLink(badLink)).rejects.toThrow(TypeError);
    expect((await f.storage.findShareLink('h'))?.revokedAt).toBeNull();
    expect(await f.countRows('share_links')).toBe(1);
  });
}
