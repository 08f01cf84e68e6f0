import type { CheckpointView } from '@writersroom/protocol';
import { z } from 'zod';
import type { CheckpointRecord } from '../../storage/storage.js';
import type { Person } from '../people.js';

export const checkpointParams = z.object({ scriptId: z.string().min(1).max(64), checkpointId: z.string().min(1).max(64) });

const name = z.string().trim().min(1, 'name must not be empty').max(200, 'name must be at most 200 characters');
export const nameBody = z.object({ name }).strict();

/** `to` may be `current`: the live document. */
export const compareQuery = z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) }).strict();

/** The REST shape of a checkpoint (one entry of a script's history). */
export function toCheckpointView(checkpoint: CheckpointRecord, person: Person): CheckpointView {
  return {
    checkpointId: checkpoint.checkpointId,
    kind: checkpoint.kind,
    name: checkpoint.name,
    createdAt: checkpoint.createdAt.toISOString(),
    takenBy: person(checkpoint.takenBy),
    authors: checkpoint.authors.map((author) => person(author)),
    pageCount: checkpoint.pageCount,
    sizeBytes: checkpoint.sizeBytes,
    restoredFrom: checkpoint.restoredFrom,
  };
}
