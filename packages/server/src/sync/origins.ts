import type { UserId } from '../storage/storage.js';

/**
 * Edits that arrive at this process carry one of these as their Yjs
 * transaction origin, and only those are appended to the log. Transactions
 * with any other origin — the load itself, load-time repairs (stored before
 * the room exists), and later fan-out from other processes (stored by them) —
 * are never stored again here.
 */
export interface ClientOrigin {
  readonly kind: 'client';
  readonly connectionId: number;
  readonly userId: UserId;
}

/** A content write through REST (legacy autosave, import): an edit like any other, stored like one. */
export interface RestOrigin {
  readonly kind: 'rest';
  readonly userId: UserId;
}

export type UpdateOrigin = ClientOrigin | RestOrigin;

export function isUpdateOrigin(value: unknown): value is UpdateOrigin {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** Whether an update with this origin must be appended to this process's log: only edits that arrived here. */
export function mustPersist(origin: unknown): origin is ClientOrigin | RestOrigin {
  return isUpdateOrigin(origin) && (origin.kind === 'client' || origin.kind === 'rest');
}
