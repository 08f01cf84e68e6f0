import type { PersonView } from '@writersroom/protocol';
import type { Accounts, UserId } from '../storage/storage.js';

/** A person by id as history and comments show them; no one for no id. */
export interface Person {
  (userId: UserId): PersonView;
  (userId: UserId | null): PersonView | null;
}

/**
 * The people a list names, looked up once each however often they appear.
 * A user since deleted shows as "Someone" rather than breaking the list.
 */
export async function peopleOf(storage: Pick<Accounts, 'getUser'>, userIds: Iterable<UserId | null>): Promise<Person> {
  const ids = new Set<UserId>();
  for (const id of userIds) if (id !== null) ids.add(id);
  const found = new Map<UserId, PersonView>();
  await Promise.all(
    Array.from(ids, async (userId) => {
      const user = await storage.getUser(userId);
      found.set(userId, { userId, name: user?.displayName || user?.email || 'Someone' });
    }),
  );
  function person(userId: UserId): PersonView;
  function person(userId: UserId | null): PersonView | null;
  function person(userId: UserId | null): PersonView | null {
    return userId === null ? null : (found.get(userId) ?? { userId, name: 'Someone' });
  }
  return person;
}
