import type { Accounts, UserId } from '../storage/storage.js';

/** How a person shows in history and comments: the name they gave, else their email. */
export interface PersonView {
  userId: UserId;
  name: string;
}

/**
 * The people a list names, looked up once each however often they appear.
 * A user since deleted shows as "Someone" rather than breaking the list.
 */
export async function peopleOf(storage: Pick<Accounts, 'getUser'>, userIds: Iterable<UserId | null>): Promise<(userId: UserId | null) => PersonView | null> {
  const ids = new Set<UserId>();
  for (const id of userIds) if (id !== null) ids.add(id);
  const found = new Map<UserId, PersonView>();
  await Promise.all(
    Array.from(ids, async (userId) => {
      const user = await storage.getUser(userId);
      found.set(userId, { userId, name: user?.displayName || user?.email || 'Someone' });
    }),
  );
  return (userId) => (userId === null ? null : (found.get(userId) ?? { userId, name: 'Someone' }));
}
