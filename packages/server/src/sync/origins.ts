import type { UserId } from '../storage/storage.js';

/**
 * Every Yjs transaction the server makes carries one of these as its origin,
 * so the write path can tell what must be stored (edits that arrived here)
 * from what is already stored (the load itself) or stored elsewhere (fan-out
 * from another process).
 */
export interface ClientOrigin {
  readonly kind: 'client';
  readonly connectionId: number;
  readonly userId: UserId;
}

export type UpdateOrigin = ClientOrigin | { readonly kind: 'load' } | { readonly kind: 'fanout' };

export const loadOrigin: UpdateOrigin = Object.freeze({ kind: 'load' });
export const fanoutOrigin: UpdateOrigin = Object.freeze({ kind: 'fanout' });

export function isUpdateOrigin(value: unknown): value is UpdateOrigin {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** Whether an update with this origin must be appended to this process's log: only edits that arrived here. */
export function mustPersist(origin: unknown): origin is ClientOrigin {
  return isUpdateOrigin(origin) && origin.kind === 'client';
}
