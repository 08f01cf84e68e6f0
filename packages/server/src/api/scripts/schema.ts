import { z } from 'zod';
import type { CollaboratorRecord, CollaboratorRole, InvitationRecord, ScriptListing, ScriptRecord } from '../../storage/storage.js';

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
  /**
   * The document generation (storage [ST36]). A client that keeps a copy of
   * the document names it when connecting (`generation` query parameter,
   * sync [SY26]) and drops its copy when the generation has moved on.
   */
  generation: number;
  role?: string;
  /** Listings of the caller's own scripts only: who else has access. */
  sharedWith?: SharedWithView[];
  /** Listings only: the page count of the newest checkpoint, null before the first one. */
  pageCount?: number | null;
  /** Listings only: who has the script open now, as this server process knows (see `toPresent`). */
  present?: Array<{ name: string }>;
}

/**
 * Names only: user ids of people who are not the caller's collaborators stay
 * on the server. With several processes, each knows its own writers and those
 * the others relay to it while it has the script loaded; a script loaded on
 * no process here lists nobody.
 */
export function toPresent(writers: ReadonlyArray<{ name: string }>): Array<{ name: string }> {
  return writers.map(({ name }) => ({ name }));
}

/** One person an owned script is shared with, as a list of scripts names them; `pending` for an invitation to an email without an account. */
export interface SharedWithView {
  email: string | null;
  displayName: string | null;
  role: CollaboratorRole;
  pending: boolean;
}

/** Collaborators first, then pending invitations, each in storage's order. */
export function toSharedWith(collaborators: CollaboratorRecord[] = [], invitations: InvitationRecord[] = []): SharedWithView[] {
  return [
    ...collaborators.map(({ user, role }) => ({ email: user.email, displayName: user.displayName, role, pending: false })),
    ...invitations.map(({ email, role }) => ({ email, displayName: null, role, pending: true })),
  ];
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
    generation: script.generation,
    ...('role' in script ? { role: script.role } : {}),
  };
}
