import type { VersionKind } from './storage.js';

/**
 * The values of `script_versions.kind` as stored, kept from the older
 * backend's schema so its diagnostic SQL runs unchanged: a baseline row (a
 * seed, or compaction's merge of earlier rows) is stored as `'snapshot'`.
 * In code it is a baseline, so that the word "snapshot" stays free for the
 * named versions of a script's history. Export files carry the stored value
 * too, so files written before the rename still restore (and checksum).
 */
export type StoredVersionKind = 'update' | 'snapshot';

/** @throws TypeError for a value that is not a `VersionKind` (before anything is written). */
export function toStoredKind(kind: VersionKind): StoredVersionKind {
  if (kind === 'baseline') return 'snapshot';
  if (kind === 'update') return 'update';
  throw new TypeError(`storage: kind must be 'update' or 'baseline', got ${JSON.stringify(kind)}`);
}

/** @throws Error for a value the schema's CHECK would not have let in. */
export function fromStoredKind(stored: string): VersionKind {
  if (stored === 'snapshot') return 'baseline';
  if (stored === 'update') return 'update';
  throw new Error(`storage: unknown version kind ${JSON.stringify(stored)}`);
}

export function isVersionKind(value: unknown): value is VersionKind {
  return value === 'update' || value === 'baseline';
}
