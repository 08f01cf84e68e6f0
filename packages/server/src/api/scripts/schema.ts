import { z } from 'zod';
import type { ScriptListing, ScriptRecord } from '../../storage/storage.js';

export const scriptParams = z.object({ scriptId: z.string().min(1).max(64) });

const title = z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters');

export const createScriptBody = z.object({ title, contentBlocks: z.array(z.unknown()).max(100_000).optional() }).strict();
export const contentBody = z.object({ contentBlocks: z.array(z.unknown()).max(100_000) }).strict();
export const renameScriptBody = z.object({ title }).strict();
export const listScriptsQuery = z.object({ deleted: z.enum(['true', 'false']).optional() });

/** The REST shape of a script; `contentBlocks` is the projection of its document. */
export interface ScriptView {
  scriptId: string;
  ownerId: string;
  title: string;
  contentBlocks: unknown[] | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  role?: string;
}

export function toScriptView(script: ScriptRecord | ScriptListing): ScriptView {
  return {
    scriptId: script.scriptId,
    ownerId: script.ownerId,
    title: script.title,
    contentBlocks: script.contentBlocks,
    createdAt: script.createdAt.toISOString(),
    updatedAt: script.updatedAt.toISOString(),
    deletedAt: script.deletedAt?.toISOString() ?? null,
    ...('role' in script ? { role: script.role } : {}),
  };
}
