import type { CheckpointView } from '../../api/history.js';
import { absoluteTime } from '../panels/relative-time.js';

/** Draft names are as long as titles; the server refuses longer ones too. */
export const MAX_DRAFT_NAME_LENGTH = 200;

/** How the list names a checkpoint: its name, or what kind it is. */
export function checkpointTitle(checkpoint: CheckpointView): string {
  return checkpoint.name ?? (checkpoint.kind === 'auto' ? 'Automatic' : 'Unnamed');
}

/** How a checkpoint is named away from the list (the version bar, a confirmation): the name, else the date it was taken. */
export function checkpointLabel(checkpoint: CheckpointView): string {
  return checkpoint.name ?? `the version of ${absoluteTime(checkpoint.createdAt)}`;
}
