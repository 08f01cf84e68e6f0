import type { User } from './auth.js';
import { request } from './client.js';

/**
 * The roles the owner can give, least to most (ownership itself is never
 * shared): a viewer reads, a commenter also comments, an editor also writes.
 */
export const COLLABORATOR_ROLES = ['viewer', 'commenter', 'editor'] as const;
export type CollaboratorRole = (typeof COLLABORATOR_ROLES)[number];

export interface Collaborator extends User {
  role: CollaboratorRole;
}

/** Access kept for an email that has no account yet; it becomes a collaborator on that person's first sign-in. */
export interface Invitation {
  email: string;
  role: CollaboratorRole;
  invitedBy: string;
  createdAt: string;
}

/** Who has access to a script. `invitations` is empty unless the caller owns it (the server shows them to the owner only). */
export interface ScriptAccess {
  owner: User | null;
  collaborators: Collaborator[];
  invitations: Invitation[];
}

export interface ShareLink {
  linkId: string;
  role: CollaboratorRole;
  createdBy: string;
  createdAt: string;
  /** Null: never expires. */
  expiresAt: string | null;
  revokedAt: string | null;
  /** Neither revoked nor expired when the server answered. */
  active: boolean;
}

/** An invitation lands as a collaborator when the email has an account, else as a pending invitation. */
export type InviteOutcome = { collaborator: Collaborator } | { invitation: Invitation };

const scriptPath = (scriptId: string) => `/api/scripts/${encodeURIComponent(scriptId)}`;

export async function getScriptAccess(scriptId: string): Promise<ScriptAccess> {
  return request<ScriptAccess>('GET', `${scriptPath(scriptId)}/collaborators`);
}

/** Owner only. Inviting an email again changes the role it is offered. */
export async function inviteByEmail(scriptId: string, email: string, role: CollaboratorRole): Promise<InviteOutcome> {
  return request<InviteOutcome>('POST', `${scriptPath(scriptId)}/collaborators`, { email, role });
}

/** Owner only. */
export async function changeRole(scriptId: string, userId: string, role: CollaboratorRole): Promise<Collaborator> {
  const path = `${scriptPath(scriptId)}/collaborators/${encodeURIComponent(userId)}`;
  return (await request<{ collaborator: Collaborator }>('PATCH', path, { role })).collaborator;
}

/** The owner removes anyone; anyone else may remove only themselves, which is how a collaborator leaves a script. */
export async function removeCollaborator(scriptId: string, userId: string): Promise<void> {
  await request<void>('DELETE', `${scriptPath(scriptId)}/collaborators/${encodeURIComponent(userId)}`);
}

/** Owner only. */
export async function withdrawInvitation(scriptId: string, email: string): Promise<void> {
  await request<void>('DELETE', `${scriptPath(scriptId)}/invitations/${encodeURIComponent(email)}`);
}

/**
 * Creates a link granting `role` to whoever redeems it. The token comes back
 * this once (the server keeps only its hash), so show it now or lose it.
 */
export async function createShareLink(
  scriptId: string,
  input: { role: CollaboratorRole; expiresInHours?: number },
): Promise<{ link: ShareLink; token: string }> {
  return request<{ link: ShareLink; token: string }>('POST', `${scriptPath(scriptId)}/share-links`, input);
}

/** Every link of the script, revoked and expired ones included, newest first. */
export async function listShareLinks(scriptId: string): Promise<ShareLink[]> {
  return (await request<{ links: ShareLink[] }>('GET', `${scriptPath(scriptId)}/share-links`)).links;
}

export async function revokeShareLink(scriptId: string, linkId: string): Promise<void> {
  await request<void>('DELETE', `${scriptPath(scriptId)}/share-links/${encodeURIComponent(linkId)}`);
}

/**
 * Joins the script a link points to with the link's role (a higher role the
 * caller already has is kept). Unknown, revoked and expired links all reject
 * with the same 404.
 */
export async function redeemShareLink(token: string): Promise<{ scriptId: string; role: CollaboratorRole | 'owner' }> {
  return request<{ scriptId: string; role: CollaboratorRole | 'owner' }>('POST', '/api/share-links/redeem', { token });
}
