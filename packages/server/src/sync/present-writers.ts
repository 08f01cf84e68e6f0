import type { Awareness } from 'y-protocols/awareness';

/** Someone with a script open, as a list of scripts names them. */
export interface PresentWriter {
  userId: string;
  name: string;
}

/**
 * The writers whose presence a room's awareness holds: this process's own
 * connections and, with several processes, those relayed to it by the
 * others (remote presence). Each person once, however many tabs; states
 * without a server-stamped `user` (verified-presence.ts) are skipped.
 */
export function presentWriters(awareness: Awareness): PresentWriter[] {
  const byUser = new Map<string, PresentWriter>();
  for (const state of awareness.getStates().values()) {
    const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
    if (typeof user?.id === 'string' && typeof user.name === 'string') byUser.set(user.id, { userId: user.id, name: user.name });
  }
  return Array.from(byUser.values()).sort((a, b) => a.name.localeCompare(b.name));
}
