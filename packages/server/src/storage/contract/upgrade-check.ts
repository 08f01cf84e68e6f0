import { expect } from 'vitest';
import type { Storage } from '../storage.js';

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
