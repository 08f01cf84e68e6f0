import type { ProsemirrorJson, VersionComparison } from '@writersroom/screenplay';

export type { ComparedElement, VersionComparison } from '@writersroom/screenplay';
import { request } from './client.js';

/** Someone as the history and comments routes name them: their display name, or their email when they have none. */
export interface UserView {
  userId: string;
  name: string;
}

/** One saved state of a script: taken automatically, named by a writer, or taken right after a restore. */
export interface CheckpointView {
  checkpointId: string;
  kind: 'auto' | 'named' | 'restore';
  /** A named draft's name, or "Restored “…”" for a restore; null for automatic ones. */
  name: string | null;
  createdAt: string;
  /** Who named it or restored; null for automatic ones. */
  takenBy: UserView | null;
  /** Who wrote since the previous checkpoint. */
  authors: UserView[];
  pageCount: number;
  sizeBytes: number;
  restoredFrom: string | null;
}

export interface CheckpointContent {
  checkpoint: CheckpointView;
  document: ProsemirrorJson;
  titlePage: Record<string, string>;
}

const historyPath = (scriptId: string, rest = '') => `/api/scripts/${encodeURIComponent(scriptId)}/history${rest}`;

/** Newest first. */
export async function listCheckpoints(scriptId: string): Promise<CheckpointView[]> {
  return (await request<{ checkpoints: CheckpointView[] }>('GET', historyPath(scriptId))).checkpoints;
}

export function getCheckpoint(scriptId: string, checkpointId: string): Promise<CheckpointContent> {
  return request('GET', historyPath(scriptId, `/${encodeURIComponent(checkpointId)}`));
}

/** `from` the older checkpoint, `to` a newer one or the live script. */
export async function compareVersions(scriptId: string, from: string, to: string | 'current'): Promise<VersionComparison> {
  const query = new URLSearchParams({ from, to });
  return (await request<{ comparison: VersionComparison }>('GET', historyPath(scriptId, `/compare?${query}`))).comparison;
}

/** Names a draft of the script as it is now (editors and owners). */
export async function nameDraft(scriptId: string, name: string): Promise<CheckpointView> {
  return (await request<{ checkpoint: CheckpointView }>('POST', historyPath(scriptId), { name })).checkpoint;
}

/** Names or renames a checkpoint; a named one is kept forever (editors and owners). */
export async function nameCheckpoint(scriptId: string, checkpointId: string, name: string): Promise<CheckpointView> {
  return (await request<{ checkpoint: CheckpointView }>('PATCH', historyPath(scriptId, `/${encodeURIComponent(checkpointId)}`), { name })).checkpoint;
}

/**
 * Makes the live script that checkpoint's content, as one forward edit that
 * open pages receive over sync; answers the new 'restore' checkpoint.
 */
export async function restoreCheckpoint(scriptId: string, checkpointId: string): Promise<CheckpointView> {
  return (await request<{ checkpoint: CheckpointView }>('POST', historyPath(scriptId, `/${encodeURIComponent(checkpointId)}/restore`))).checkpoint;
}
