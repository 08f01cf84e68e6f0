import type { CheckpointView } from '@writersroom/protocol';
import type { ProsemirrorJson, VersionComparison } from '@writersroom/screenplay';
import { request } from './client.js';

export type { CheckpointView } from '@writersroom/protocol';
export type { ComparedElement, VersionComparison } from '@writersroom/screenplay';

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
