import { expect } from 'vitest';
import type { Storage } from '../storage.js';

/**
 * [ST16] for any dialect: `storage` is open on a database that a test brought
 * to the first migration only. Writes through the first migration's tables,
 * migrates, and checks the data survived and the new tables work on it.
 */
export async function expectUpgradeKeepsData(storage: Storage): Promise<void> {
  const owner = await storage.provisionUser({ firebaseUid: 'idp|ann', email: 'Ann@Example.com' });
  const script = await storage.createScript({ ownerId: owner.userId, title: 'Kept' });
  await storage.migrate();
  expect(await storage.getScript(script.scriptId)).toEqual(script);
  expect(await storage.findUserByEmail('ann@example.com')).toEqual(owner);
  const bob = await storage.createLocalAccount({ email: 'bob@example.com', passwordHash: 'h', displayName: null });
  await storage.saveInvitation({ scriptId: script.scriptId, email: 'bob@example.com', role: 'editor', invitedBy: owner.userId });
  expect(await storage.acceptInvitations(bob.userId, 'bob@example.com')).toEqual([script.scriptId]);
}
