import { expect } from 'vitest';
import type { Storage } from '../storage.js';
import { UNKNOWN_ID } from './contract-fixture.js';

/**
 * [ST16] [ST36] for any dialect: `storage` is open on a database that a test
 * brought to the first migration only. Writes through the first migration's
 * tables, migrates, and checks the data survived (the script now at
 * generation 0) and the new tables work on it.
 */
export async function expectUpgradeKeepsData(storage: Storage): Promise<void> {
  const owner = await storage.provisionUser({ firebaseUid: 'idp|ann', email: 'Ann@Example.com' });
  const script = await storage.createScript({ ownerId: owner.userId, title: 'Kept' });
  await storage.migrate();
  expect(await storage.getScript(script.scriptId)).toEqual({ ...script, generation: 0 });
  expect(await storage.findUserByEmail('ann@example.com')).toEqual(owner);
  const bob = await storage.createLocalAccount({ email: 'bob@example.com', passwordHash: 'h', displayName: null });
  await storage.saveInvitation({ scriptId: script.scriptId, email: 'bob@example.com', role: 'editor', invitedBy: owner.userId });
  expect(await storage.acceptInvitations(bob.userId, 'bob@example.com')).toEqual([script.scriptId]);
}

/**
 * [ST36] for any dialect: `storage` is open on a database that a test brought
 * to the second migration; `interrupt` applies the third migration's change
 * without recording it, as a process killed in between would leave it.
 * Migrating then finishes the job: the column is not added twice, scripts
 * that existed before are at generation 0, and the generation moves.
 */
export async function expectGenerationUpgrade(storage: Storage, interrupt: () => Promise<void>): Promise<void> {
  const owner = await storage.provisionUser({ firebaseUid: 'idp|ann' });
  const script = await storage.createScript({ ownerId: owner.userId, title: 'Kept' });
  await storage.appendVersions([{ scriptId: script.scriptId, update: Uint8Array.of(1), createdBy: null, kind: 'update' }]);
  await interrupt();
  await storage.migrate();
  expect(await storage.getScript(script.scriptId)).toEqual({ ...script, generation: 0 });
  const [row] = await storage.loadVersions(script.scriptId);
  expect(await storage.quarantineVersions(script.scriptId, [row!.versionId], 'cleared')).toBe(1);
  expect(await storage.getGeneration(script.scriptId)).toBe(1);
}

/**
 * [ST41] for any dialect: `storage` is open on a database that a test brought
 * to the third migration; `interrupt` applies the fourth migration's change
 * without recording it, as a process killed in between would leave it (a
 * no-op where the migration and its record commit together).
 * Collaborators, invitations and share links written before survive the
 * migration unchanged, keep their keys and foreign keys, and every role
 * column then takes a commenter.
 */
export async function expectCommenterUpgrade(storage: Storage, interrupt: () => Promise<void>): Promise<void> {
  const owner = await storage.provisionUser({ firebaseUid: 'idp|ann', email: 'ann@example.com' });
  const [bob, cat] = await Promise.all(['bob', 'cat'].map((name) => storage.provisionUser({ firebaseUid: `idp|${name}`, email: `${name}@example.com` })));
  const script = await storage.createScript({ ownerId: owner.userId, title: 'Kept' });
  await storage.setCollaborator(script.scriptId, bob!.userId, 'editor');
  await storage.setCollaborator(script.scriptId, cat!.userId, 'viewer');
  await storage.saveInvitation({ scriptId: script.scriptId, email: 'zed@example.com', role: 'viewer', invitedBy: owner.userId });
  await storage.createShareLink({ scriptId: script.scriptId, tokenHash: 'kept', role: 'editor', createdBy: owner.userId, expiresAt: new Date(Date.now() + 3_600_000) });
  const before = {
    collaborators: await storage.listCollaborators(script.scriptId),
    invitations: await storage.listInvitations(script.scriptId),
    links: await storage.listShareLinks(script.scriptId),
  };

  await interrupt();
  await storage.migrate();

  expect({
    collaborators: await storage.listCollaborators(script.scriptId),
    invitations: await storage.listInvitations(script.scriptId),
    links: await storage.listShareLinks(script.scriptId),
  }).toEqual(before);
  await storage.setCollaborator(script.scriptId, cat!.userId, 'commenter');
  expect(await storage.getRole(script.scriptId, cat!.userId)).toBe('commenter');
  await storage.saveInvitation({ scriptId: script.scriptId, email: 'zed@example.com', role: 'commenter', invitedBy: owner.userId });
  const dan = await storage.provisionUser({ firebaseUid: 'idp|dan' });
  expect(await storage.acceptInvitations(dan.userId, 'zed@example.com')).toEqual([script.scriptId]);
  expect(await storage.getRole(script.scriptId, dan.userId)).toBe('commenter');
  await storage.createShareLink({ scriptId: script.scriptId, tokenHash: 'new', role: 'commenter', createdBy: owner.userId, expiresAt: null });
  expect((await storage.findShareLink('new'))?.role).toBe('commenter');
  // The rebuilt tables still hold their keys: a second link with a kept hash and a grant to nobody are refused.
  await expect(storage.createShareLink({ scriptId: script.scriptId, tokenHash: 'kept', role: 'viewer', createdBy: owner.userId, expiresAt: null })).rejects.toThrow();
  await expect(storage.setCollaborator(script.scriptId, UNKNOWN_ID, 'commenter')).rejects.toThrow();
}
